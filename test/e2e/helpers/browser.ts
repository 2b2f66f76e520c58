import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll } from "vitest";

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const chromiumPath = "/usr/bin/chromium";

/** Screenshots of each run (gitignored); a few are copied by hand into docs/screenshots for the README. */
export const artifactsDir = path.resolve(import.meta.dirname, "../artifacts");

export function chromiumMissing(): boolean {
  return !existsSync(chromiumPath);
}

/** Headless Chromium for the test file, closed after it. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  afterAll(() => browser.close());
  return browser;
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(artifactsDir, { recursive: true });
  // From the top: a full-page capture of a scrolled page draws the sticky top bar in mid-page.
  await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage, animations: "disabled" });
}

/**
 * Every uncaught error and console error of a page, so a test can say there were none. A 401 is expected once: the
 * dashboard asks GET /api/auth/me who is signed in, and Chromium logs the "no one" answer as a failed load.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && !/status of 401/.test(text)) errors.push(`console: ${text}`);
  });
  return errors;
}
