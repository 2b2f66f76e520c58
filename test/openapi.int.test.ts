import { beforeAll, describe, expect, it } from "vitest";
import { authenticatedRoutes } from "./helpers/authenticated-routes.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
});

describe("API documentation and headers", () => {
  it("publishes an OpenAPI document covering every route", async () => {
    const res = await app.request("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    const documented = new Set(
      paths.flatMap((p) => Object.keys(res.body.paths[p]).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    const expected = [
      ...authenticatedRoutes.map((r) => `${r.method} ${r.path("{monitorId}")}`),
      "POST /api/auth/signup",
      "POST /api/auth/login",
      "GET /health",
    ].map((r) =>
      r
        .replace("/api/monitor/{monitorId}", "/api/monitor/{id}")
        .replace("/api/tokens/{monitorId}", "/api/tokens/{id}")
        .replace("/api/regions/zz-test", "/api/regions/{name}"),
    );
    for (const route of expected) expect(documented, route).toContain(route);
    expect(
      res.body.paths["/api/monitor"].post.requestBody.content["application/json"].schema.properties,
    ).toHaveProperty("intervalSeconds");
  });

  it("serves the docs UI at /docs", async () => {
    const res = await fetch(`${app.url}/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/swagger/i);
  });

  it("sets security headers and a request id, and no CORS by default", async () => {
    const res = await app.request("GET", "/health", { headers: { origin: "https://evil.example" } });
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows the configured CORS origins only", async () => {
    const cors = await startTestApp(await useTestDatabase(), { CORS_ORIGINS: "https://dash.example" });
    const ok = await cors.request("GET", "/health", { headers: { origin: "https://dash.example" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://dash.example");
    const no = await cors.request("GET", "/health", { headers: { origin: "https://evil.example" } });
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
  });
});
