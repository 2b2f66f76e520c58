import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync } from "node:zlib";
import Fastify, { type FastifyBaseLogger } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installErrorHandlers } from "../http/error-handler.js";
import type { App } from "../http/types.js";
import { registerSpaRoutes } from "./spa-routes.js";

const html = "<!doctype html><title>Vigil</title><script type=module src=/assets/app-1a2b.js></script>";
const js = `console.log(${JSON.stringify("x".repeat(2000))});`;
const browser = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

async function appWith(root: string) {
  const logger: FastifyBaseLogger = pino({ level: "silent" });
  const app: App = Fastify({ loggerInstance: logger }).withTypeProvider<ZodTypeProvider>();
  installErrorHandlers(app);
  const routes: (string | undefined)[] = [];
  app.addHook("onResponse", async (request) => void routes.push(request.routeOptions.url));
  app.get("/api/thing", async () => ({ ok: true }));
  await registerSpaRoutes(app, { root });
  await app.ready();
  return { app, routes };
}

let root: string;
let app: App;
let routes: (string | undefined)[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "vigil-spa-"));
  await mkdir(path.join(root, "assets"));
  await writeFile(path.join(root, "index.html"), html);
  await writeFile(path.join(root, "assets/app-1a2b.js"), js);
  await writeFile(path.join(root, "assets/app-1a2b.js.br"), brotliCompressSync(js));
  await writeFile(path.join(root, "favicon.svg"), "<svg/>");
  ({ app, routes } = await appWith(root));
});
afterAll(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

describe("the dashboard's routes", () => {
  it.each(["/", "/monitors/0192f3c4-0000-7000-8000-000000000000", "/incidents?state=open", "/status-pages"])(
    "answers the browser navigation %s with index.html",
    async (url) => {
      const res = await app.inject({ method: "GET", url, headers: browser });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(res.headers["content-security-policy"]).not.toContain("upgrade-insecure-requests");
      expect(res.body).toBe(html);
    },
  );

  it.each([
    ["GET", "/api/nope", browser],
    ["GET", "/status/acme/unknown", browser],
    ["GET", "/badge", browser],
    ["GET", "/metrics", browser],
    ["GET", "/health/x", browser],
    ["GET", "/docs/missing", browser],
    ["GET", "/monitors/abc", { accept: "application/json" }],
    ["GET", "/monitors/abc", {}],
    ["POST", "/monitors/abc", browser],
  ] as const)("leaves %s %s (accept %j) to the API's 404", async (method, url, headers) => {
    const res = await app.inject({ method, url, headers });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("serves hashed assets for a year, precompressed when the client takes it", async () => {
    const plain = await app.inject({ method: "GET", url: "/assets/app-1a2b.js" });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(plain.body).toBe(js);
    const br = await app.inject({
      method: "GET",
      url: "/assets/app-1a2b.js",
      headers: { "accept-encoding": "br" },
    });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toContain("javascript");
    expect((await app.inject({ method: "GET", url: "/favicon.svg" })).statusCode).toBe(200);
    // Compressed copies are not routes of their own.
    expect((await app.inject({ method: "GET", url: "/assets/app-1a2b.js.br" })).statusCode).toBe(404);
  });

  it("keeps API routes first, and counts the fallback as no route (metrics label it unmatched)", async () => {
    expect((await app.inject({ method: "GET", url: "/api/thing", headers: browser })).json()).toEqual({
      ok: true,
    });
    routes.length = 0;
    await app.inject({ method: "GET", url: "/incidents", headers: browser });
    expect(routes).toEqual([undefined]);
  });

  it("serves nothing while the dashboard is not built", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "vigil-spa-empty-"));
    const bare = await appWith(empty);
    expect((await bare.app.inject({ method: "GET", url: "/", headers: browser })).statusCode).toBe(404);
    await bare.app.close();
    await rm(empty, { recursive: true, force: true });
  });
});
