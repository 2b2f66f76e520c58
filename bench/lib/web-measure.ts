import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { BrowserContext } from "playwright-core";
import { build } from "vite";

const root = path.resolve(import.meta.dirname, "../..");
export const webRoot = path.join(root, "dist/public");

/** The production build of the dashboard, as `npm run build` makes it (NODE_ENV forced: React's production build). */
export async function buildDashboard(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: path.join(root, "web/vite.config.ts"), mode: "production", logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

const gzipSize = async (file: string) => gzipSync(await readFile(file), { level: 9 }).length;

/**
 * Bytes after gzip: the initial load (index.html's entry script, the chunks it preloads, and its CSS) against every
 * JS chunk, lazy pages included.
 */
export async function bundleSizes(): Promise<{ initialJs: number; initialCss: number; totalJs: number }> {
  const html = await readFile(path.join(webRoot, "index.html"), "utf8");
  const refs = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => path.join(webRoot, m[1] ?? ""));
  const initialScripts = [
    ...refs(/<script[^>]+src="([^"]+\.js)"/g),
    ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ];
  const initialStyles = refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g);
  const assets = (await readdir(path.join(webRoot, "assets"))).filter((f) => f.endsWith(".js"));
  const sum = async (files: string[]) => (await Promise.all(files.map(gzipSize))).reduce((a, b) => a + b, 0);
  return {
    initialJs: await sum(initialScripts),
    initialCss: await sum(initialStyles),
    totalJs: await sum(assets.map((f) => path.join(webRoot, "assets", f))),
  };
}

export type PaintTimes = { fcpMs: number; meaningfulMs: number; completeMs: number };

/**
 * Loads `url` in a fresh page of `context` (cold cache) and reads, on the page's own clock from navigation start:
 * first contentful paint, the first element matching `meaningful` (recorded by a MutationObserver installed before
 * any page script), and the first match of `complete`.
 */
export async function paintTimes(
  context: BrowserContext,
  url: string,
  meaningful: string,
  complete: string,
): Promise<PaintTimes> {
  const page = await context.newPage();
  await page.addInitScript(`(() => {
    const marks = {};
    window.__vigilMarks = marks;
    const watch = { meaningful: ${JSON.stringify(meaningful)}, complete: ${JSON.stringify(complete)} };
    new MutationObserver(() => {
      for (const [name, selector] of Object.entries(watch)) {
        if (marks[name] === undefined && document.querySelector(selector)) marks[name] = performance.now();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  })()`);
  await page.goto(url);
  await page.waitForSelector(complete, { timeout: 60_000 });
  await page.waitForFunction("performance.getEntriesByName('first-contentful-paint').length > 0");
  const times = (await page.evaluate(`({
    fcpMs: performance.getEntriesByName('first-contentful-paint')[0].startTime,
    meaningfulMs: window.__vigilMarks.meaningful,
    completeMs: window.__vigilMarks.complete,
  })`)) as PaintTimes;
  await page.close();
  return times;
}

/** Scrolls the whole list to the bottom, one step per frame, and returns every frame's duration (ms). */
export async function scrollFrames(context: BrowserContext, url: string, ready: string): Promise<number[]> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 60_000 });
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const durations = [];
    let last = performance.now();
    const step = () => {
      const now = performance.now();
      durations.push(now - last);
      last = now;
      const bottom = document.documentElement.scrollHeight - window.innerHeight;
      if (window.scrollY >= bottom - 1) return resolve(durations.slice(1));
      window.scrollBy(0, 400);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`)) as number[];
  await page.close();
  return frames;
}
