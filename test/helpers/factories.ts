import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { TestApp } from "./test-app.js";

export type TestUser = { token: string; user: { id: string; email: string; name: string; role: string } };

export async function signUp(
  app: TestApp,
  overrides: Partial<{ email: string; name: string; password: string }> = {},
) {
  const body = {
    email: `user-${randomBytes(5).toString("hex")}@example.com`,
    name: "Test User",
    password: "correct horse battery",
    ...overrides,
  };
  const res = await app.request("POST", "/api/auth/signup", { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as TestUser;
}

export async function createMonitor(app: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const res = await app.request("POST", "/api/monitor", {
    token,
    body: { url: `https://example.com/${randomBytes(3).toString("hex")}`, ...overrides },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; regions: string[] } & Record<string, unknown>;
}
