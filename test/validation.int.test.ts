import { beforeAll, describe, expect, it } from "vitest";
import { type BadInput, badMonitorCreates, create } from "./helpers/bad-inputs.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let token: string;
let monitorId: string;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
  ({ token } = await signUp(app));
  monitorId = (await createMonitor(app, token)).id;
});

const monitorPath = () => `/api/monitor/${monitorId}`;
const signup = (body: unknown): Omit<BadInput, "name"> => ({
  method: "POST",
  path: "/api/auth/signup",
  call: { body },
  anonymous: true,
  status: 400,
  code: "validation_error",
});

const cases: BadInput[] = [
  // Bodies that are not JSON, or too big
  {
    name: "malformed JSON",
    method: "POST",
    path: "/api/monitor",
    call: { rawBody: '{"url": "https://a.io",' },
    status: 400,
    code: "invalid_json",
  },
  {
    name: "empty JSON body",
    method: "POST",
    path: "/api/monitor",
    call: { rawBody: "" },
    status: 400,
    code: "invalid_json",
  },
  { name: "JSON array body", ...create([{ url: "https://a.io" }]) },
  {
    name: "body over 1 MB",
    method: "POST",
    path: "/api/monitor",
    call: { rawBody: JSON.stringify({ url: "https://a.io", body: "x".repeat(1_100_000) }) },
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "text/plain body",
    method: "POST",
    path: "/api/monitor",
    call: { rawBody: "url=x", headers: { "content-type": "text/plain" } },
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "__proto__ in body",
    method: "POST",
    path: "/api/monitor",
    call: { rawBody: '{"url":"https://a.io","__proto__":{"x":1}}' },
    status: 400,
    code: "invalid_json",
  },
  ...badMonitorCreates,
  // Monitor update and ids
  {
    name: "update with no fields",
    method: "PUT",
    path: monitorPath,
    call: { body: {} },
    status: 400,
    code: "validation_error",
    message: /at least one field/,
  },
  {
    name: "update with unknown field",
    method: "PUT",
    path: monitorPath,
    call: { body: { id: "x" } },
    status: 400,
    code: "validation_error",
  },
  {
    name: "update url to ftp",
    method: "PUT",
    path: monitorPath,
    call: { body: { url: "ftp://a.io" } },
    status: 400,
    code: "validation_error",
  },
  {
    name: "monitor id not a uuid",
    method: "GET",
    path: "/api/monitor/123",
    status: 400,
    code: "validation_error",
    message: /UUID/,
  },
  {
    name: "monitor id SQL-ish",
    method: "DELETE",
    path: "/api/monitor/1%27%20or%201=1",
    status: 400,
    code: "validation_error",
  },
  {
    name: "unknown monitor uuid",
    method: "GET",
    path: "/api/monitor/00000000-0000-7000-8000-000000000000",
    status: 404,
    code: "not_found",
  },
  {
    name: "results of a bad id",
    method: "GET",
    path: "/api/results/abc/checks",
    status: 400,
    code: "validation_error",
  },
  // Query strings
  {
    name: "limit 0",
    method: "GET",
    path: "/api/monitor?limit=0",
    status: 400,
    code: "validation_error",
    message: /limit/,
  },
  {
    name: "limit 1001",
    method: "GET",
    path: "/api/monitor?limit=1001",
    status: 400,
    code: "validation_error",
    message: /limit/,
  },
  {
    name: "limit not a number",
    method: "GET",
    path: "/api/monitor?limit=ten",
    status: 400,
    code: "validation_error",
  },
  {
    name: "forged cursor",
    method: "GET",
    path: "/api/monitor?cursor=bm90LWpzb24",
    status: 400,
    code: "validation_error",
    message: /cursor/,
  },
  {
    name: "cursor of the wrong shape",
    method: "GET",
    path: () => `/api/results/${monitorId}/checks?cursor=${Buffer.from('{"t":"x"}').toString("base64url")}`,
    status: 400,
    code: "validation_error",
    message: /cursor/,
  },
  {
    name: "unknown query parameter",
    method: "GET",
    path: "/api/monitor?limt=5",
    status: 400,
    code: "validation_error",
  },
  {
    name: "status filter unknown",
    method: "GET",
    path: () => `/api/results/${monitorId}/checks?status=sideways`,
    status: 400,
    code: "validation_error",
    message: /status/,
  },
  {
    name: "from not a date",
    method: "GET",
    path: () => `/api/results/${monitorId}/checks?from=yesterday`,
    status: 400,
    code: "validation_error",
    message: /ISO 8601/,
  },
  {
    name: "from after to",
    method: "GET",
    path: () => `/api/results/${monitorId}/checks?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    status: 400,
    code: "validation_error",
    message: /before/,
  },
  {
    name: "stats window unknown",
    method: "GET",
    path: () => `/api/monitor/${monitorId}/stats?window=1y`,
    status: 400,
    code: "validation_error",
    message: /window/,
  },
  {
    name: "cleanup days negative",
    method: "DELETE",
    path: () => `/api/results/${monitorId}/cleanup?days=-1`,
    status: 400,
    code: "validation_error",
    message: /days/,
  },
  {
    name: "cleanup days not a number",
    method: "DELETE",
    path: () => `/api/results/${monitorId}/cleanup?days=all`,
    status: 400,
    code: "validation_error",
  },
  {
    name: "force not a boolean",
    method: "DELETE",
    path: "/api/regions/local?force=yes",
    status: 400,
    code: "validation_error",
  },
  // Auth
  { name: "signup without password", ...signup({ email: "a@b.io", name: "A" }) },
  { name: "signup short password", ...signup({ email: "a@b.io", name: "A", password: "short" }) },
  { name: "signup bad email", ...signup({ email: "not-an-email", name: "A", password: "long enough" }) },
  {
    name: "signup extra field",
    ...signup({ email: "a@b.io", name: "A", password: "long enough", role: "admin" }),
  },
  {
    name: "login password as number",
    method: "POST",
    path: "/api/auth/login",
    anonymous: true,
    call: { body: { email: "a@b.io", password: 12345678 } },
    status: 400,
    code: "validation_error",
  },
  // Routes and regions
  {
    name: "region name invalid",
    method: "POST",
    path: "/api/regions",
    call: { body: { name: "Bad Region!" } },
    status: 400,
    code: "validation_error",
  },
  { name: "unknown route", method: "GET", path: "/api/nothing-here", status: 404, code: "not_found" },
];

describe("bad input gets a clear 4xx, never a 500", () => {
  it("covers at least 30 bad inputs", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      const path = typeof c.path === "function" ? c.path() : c.path;
      const res = await app.request(c.method, path, { ...c.call, token: c.anonymous ? undefined : token });
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      expect(res.body.error.code).toBe(c.code);
      expect(res.body.error.message).toEqual(expect.any(String));
      if (c.message) expect(res.body.error.message).toMatch(c.message);
    });
  }
});
