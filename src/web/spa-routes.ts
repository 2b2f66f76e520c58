import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { App } from "../http/types.js";

/**
 * Where `npm run build` puts the dashboard (vite build, web/vite.config.ts): dist/public under the package root.
 * The same path from src/web (tsx) and from dist/web (compiled), so `npm start` in a clean clone finds it.
 */
export const defaultWebRoot = path.resolve(import.meta.dirname, "../../dist/public");

/** Paths the SPA never answers: the API, public status pages and badges, metrics, health and the API docs. */
const serverPrefixes = ["/api", "/status", "/badge", "/metrics", "/health", "/docs"];

const isServerPath = (pathname: string) =>
  serverPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

/** A browser navigation to a client route: GET, wants HTML, and not a path the server owns. */
export function isClientRoute(request: FastifyRequest): boolean {
  const pathname = request.url.split("?")[0] ?? "/";
  return (
    (request.method === "GET" || request.method === "HEAD") &&
    (request.headers.accept ?? "").includes("text/html") &&
    !isServerPath(pathname)
  );
}

/**
 * The dashboard's own policy: helmet's default adds upgrade-insecure-requests, which would send the bundle's
 * requests to https on a plain-http LAN install; everything else stays same-origin only.
 */
const dashboardCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join("; ");

/** Vite names assets by content hash: they never change. */
function setCacheHeaders(reply: FastifyReply, filePath: string): void {
  const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
  reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600");
}

/**
 * Serves the built dashboard: its files (precompressed .br/.gz when the client takes them), and index.html for
 * every browser navigation no route answers, so client routes survive a reload. The fallback is a hook on requests
 * that matched no route rather than a catch-all route, so the API's 404s and their metrics stay as they are.
 * Register it last, after every route and after hooks that must see requests first (custom status page domains).
 */
export async function registerSpaRoutes(app: App, { root = defaultWebRoot }: { root?: string } = {}) {
  const indexPath = path.join(root, "index.html");
  if (!existsSync(indexPath)) {
    app.log.warn({ root }, "the dashboard is not built (run `npm run build`): / serves no dashboard");
    return;
  }
  // Read once: a new build needs a restart anyway (the asset routes are listed at start-up).
  const indexHtml = await readFile(indexPath);
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    // One route per built file, listed now; index.html is served by the hook below only.
    wildcard: false,
    index: false,
    globIgnore: ["**/*.gz", "**/*.br", "index.html"],
    preCompressed: true,
    setHeaders: setCacheHeaders,
  });
  app.addHook("onRequest", async (request, reply) => {
    if (request.routeOptions.url !== undefined || !isClientRoute(request)) return;
    reply
      .header("cache-control", "no-cache")
      .header("content-security-policy", dashboardCsp)
      .type("text/html; charset=utf-8")
      .send(indexHtml);
    return reply;
  });
}
