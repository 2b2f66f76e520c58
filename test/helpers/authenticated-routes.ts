import { expect, it } from "vitest";
import type { TestApp } from "./test-app.js";

export type RouteCase = {
  method: string;
  /** Builds the path from the id of a monitor that belongs to the owner. */
  path: (monitorId: string) => string;
  /** The body, or a function of the owner's monitor id for routes that take ids in the body. */
  body?: unknown;
  /** Takes a monitor id, so another user must get 404. */
  takesId: boolean;
};

/** Every route that needs a login. A new authenticated route joins this list and gets the shared cases. */
export const authenticatedRoutes: RouteCase[] = [
  { method: "GET", path: () => "/api/auth/me", takesId: false },
  { method: "POST", path: () => "/api/auth/logout", takesId: false },
  { method: "PUT", path: () => "/api/auth/me", takesId: false, body: { name: "Renamed" } },
  {
    method: "POST",
    path: () => "/api/auth/password",
    takesId: false,
    body: { currentPassword: "password1", newPassword: "password2" },
  },
  { method: "POST", path: () => "/api/auth/totp/setup", takesId: false },
  { method: "POST", path: () => "/api/auth/totp/enable", takesId: false, body: { code: "123456" } },
  {
    method: "POST",
    path: () => "/api/auth/totp/disable",
    takesId: false,
    body: { password: "password1", code: "123456" },
  },
  { method: "GET", path: () => "/api/tokens", takesId: false },
  { method: "POST", path: () => "/api/tokens", takesId: false, body: { name: "script" } },
  // Any id: the 401 cases come before the lookup (api-tokens.int.test.ts covers other users' tokens).
  { method: "DELETE", path: (id) => `/api/tokens/${id}`, takesId: false },
  { method: "GET", path: () => "/api/users", takesId: false },
  {
    method: "POST",
    path: () => "/api/users",
    takesId: false,
    body: { email: "n@example.com", name: "N", password: "password1" },
  },
  { method: "GET", path: () => "/api/monitor", takesId: false },
  { method: "POST", path: () => "/api/monitor", takesId: false, body: { url: "https://example.com" } },
  { method: "GET", path: (id) => `/api/monitor/${id}`, takesId: true },
  { method: "PUT", path: (id) => `/api/monitor/${id}`, takesId: true, body: { name: "Renamed" } },
  { method: "DELETE", path: (id) => `/api/monitor/${id}`, takesId: true },
  {
    method: "POST",
    path: () => "/api/monitor/bulk",
    takesId: false,
    body: { monitors: [{ url: "https://example.com" }] },
  },
  ...["pause", "resume", "delete"].map((action) => ({
    method: "POST",
    path: () => `/api/monitor/bulk/${action}`,
    takesId: true,
    body: (id: string) => ({ ids: [id] }),
  })),
  {
    method: "POST",
    path: () => "/api/monitor/apply",
    takesId: false,
    body: { version: 1, monitors: [] },
  },
  { method: "GET", path: () => "/api/monitor/export", takesId: false },
  { method: "GET", path: (id) => `/api/monitor/${id}/stats`, takesId: true },
  { method: "GET", path: (id) => `/api/monitor/${id}/timeline`, takesId: true },
  { method: "GET", path: (id) => `/api/monitor/${id}/uptime-bars`, takesId: true },
  { method: "GET", path: () => "/api/dashboard/summary", takesId: false },
  { method: "GET", path: () => "/api/events", takesId: false },
  { method: "GET", path: (id) => `/api/results/${id}/checks`, takesId: true },
  { method: "GET", path: (id) => `/api/results/${id}/latest`, takesId: true },
  { method: "DELETE", path: (id) => `/api/results/${id}/cleanup`, takesId: true },
  { method: "GET", path: () => "/api/regions", takesId: false },
  { method: "POST", path: () => "/api/regions", takesId: false, body: { name: "zz-test" } },
  { method: "DELETE", path: () => "/api/regions/zz-test", takesId: false },
];

export type Fixture = {
  app: TestApp;
  owner: { token: string };
  other: { token: string };
  revokedToken: string;
  /** A fresh monitor of the owner's for each case, since some cases delete it. */
  newMonitorId: () => Promise<string>;
};

/** The no-token, revoked-token and other-tenant cases, generated for every authenticated route. */
export const bodyFor = (route: RouteCase, monitorId: string): unknown =>
  typeof route.body === "function" ? route.body(monitorId) : route.body;

export function runAuthenticatedRouteCases(fixture: () => Fixture): void {
  for (const route of authenticatedRoutes) {
    const name = `${route.method} ${route.path(":id")}`;

    it(`${name}: 401 without a token`, async () => {
      const { app, newMonitorId } = fixture();
      const id = await newMonitorId();
      const res = await app.request(route.method, route.path(id), { body: bodyFor(route, id) });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    });

    it(`${name}: 401 with a revoked token`, async () => {
      const { app, revokedToken, newMonitorId } = fixture();
      const id = await newMonitorId();
      const res = await app.request(route.method, route.path(id), {
        token: revokedToken,
        body: bodyFor(route, id),
      });
      expect(res.status).toBe(401);
    });

    if (route.takesId) {
      it(`${name}: 404 for another user's monitor, which stays untouched`, async () => {
        const { app, owner, other, newMonitorId } = fixture();
        const id = await newMonitorId();
        const res = await app.request(route.method, route.path(id), {
          token: other.token,
          body: bodyFor(route, id),
        });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe("not_found");
        const still = await app.request("GET", `/api/monitor/${id}`, { token: owner.token });
        expect(still.status).toBe(200);
        expect(still.body.name).not.toBe("Renamed");
      });
    }
  }
}
