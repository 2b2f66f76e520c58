import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let admin: TestUser;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
  admin = await signUp(app);
  expect(admin.user.role).toBe("admin");
});

const patch = (token: string, id: string, body: unknown) =>
  app.request("PATCH", `/api/users/${id}`, { token, body });
const remove = (token: string, id: string) => app.request("DELETE", `/api/users/${id}`, { token });

describe("PATCH /api/users/:id", () => {
  it("lets an admin rename a user and change their role, effective at once", async () => {
    const member = await signUp(app);
    const res = await patch(admin.token, member.user.id, { role: "admin", name: "  Grace " });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user).toEqual({ ...member.user, role: "admin", name: "Grace", totpEnabled: false });
    // The member's existing session now has admin rights.
    expect((await app.request("GET", "/api/users", { token: member.token })).status).toBe(200);

    const back = await patch(admin.token, member.user.id, { role: "member" });
    expect(back.body.user.role).toBe("member");
    expect((await app.request("GET", "/api/users", { token: member.token })).status).toBe(403);
  });

  it("refuses members with 403 forbidden, whether or not the user exists", async () => {
    const member = await signUp(app);
    for (const id of [admin.user.id, member.user.id, randomUUID()]) {
      const res = await patch(member.token, id, { role: "admin" });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    expect((await app.request("GET", "/api/auth/me", { token: member.token })).body.user.role).toBe("member");
  });

  it("refuses to demote the last admin with 409 last_admin", async () => {
    const fresh = await startTestApp(await useTestDatabase());
    const only = await signUp(fresh);
    const res = await fresh.request("PATCH", `/api/users/${only.user.id}`, {
      token: only.token,
      body: { role: "member" },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("last_admin");

    // With a second admin, an admin may step down.
    const other = await signUp(fresh);
    await fresh.request("PATCH", `/api/users/${other.user.id}`, {
      token: only.token,
      body: { role: "admin" },
    });
    const stepDown = await fresh.request("PATCH", `/api/users/${only.user.id}`, {
      token: only.token,
      body: { role: "member" },
    });
    expect(stepDown.status).toBe(200);
    expect(stepDown.body.user.role).toBe("member");
    const last = await fresh.request("PATCH", `/api/users/${other.user.id}`, {
      token: other.token,
      body: { role: "member" },
    });
    expect(last.body.error.code).toBe("last_admin");
  });

  it("keeps one admin when two admins demote each other at the same time", async () => {
    const fresh = await startTestApp(await useTestDatabase());
    const a = await signUp(fresh);
    const b = await signUp(fresh);
    await fresh.request("PATCH", `/api/users/${b.user.id}`, { token: a.token, body: { role: "admin" } });
    const results = await Promise.all([
      fresh.request("PATCH", `/api/users/${b.user.id}`, { token: a.token, body: { role: "member" } }),
      fresh.request("PATCH", `/api/users/${a.user.id}`, { token: b.token, body: { role: "member" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    const list = await fresh.request("GET", "/api/users", {
      token: results[0]?.status === 200 ? a.token : b.token,
    });
    expect(list.body.items.filter((u: { role: string }) => u.role === "admin")).toHaveLength(1);
  });

  it("answers 404 for an unknown user and 400 for bad input", async () => {
    const unknown = await patch(admin.token, randomUUID(), { name: "Nobody" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    const member = await signUp(app);
    for (const [path, body, message] of [
      [member.user.id, { role: "owner" }, /role/],
      [member.user.id, { name: "" }, /name/],
      [member.user.id, { email: "x@example.com" }, /email/],
      ["not-a-uuid", { name: "X" }, /id/],
    ] as const) {
      const res = await patch(admin.token, path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
      expect(res.body.error.message).toMatch(message);
    }
  });

  it("requires a login", async () => {
    const res = await app.request("PATCH", `/api/users/${admin.user.id}`, { body: { name: "X" } });
    expect(res.status).toBe(401);
  });
});

describe("DELETE /api/users/:id", () => {
  it("deletes the user, their sessions and their monitors", async () => {
    const member = await signUp(app);
    const monitor = await createMonitor(app, member.token);
    const res = await remove(admin.token, member.user.id);
    expect(res.status).toBe(204);
    expect((await app.request("GET", "/api/auth/me", { token: member.token })).status).toBe(401);
    const login = await app.request("POST", "/api/auth/login", {
      body: { email: member.user.email, password: "correct horse battery" },
    });
    expect(login.status).toBe(401);
    const list = await app.request("GET", "/api/users?limit=1000", { token: admin.token });
    expect(list.body.items.map((u: { id: string }) => u.id)).not.toContain(member.user.id);
    expect((await app.request("GET", `/api/monitor/${monitor.id}`, { token: admin.token })).status).toBe(404);
    expect((await remove(admin.token, member.user.id)).status).toBe(404);
  });

  it("refuses to delete yourself with 409 cannot_delete_self", async () => {
    const res = await remove(admin.token, admin.user.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("cannot_delete_self");
    expect((await app.request("GET", "/api/auth/me", { token: admin.token })).status).toBe(200);
  });

  it("refuses members with 403 and anonymous callers with 401", async () => {
    const member = await signUp(app);
    const victim = await signUp(app);
    const res = await remove(member.token, victim.user.id);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect((await app.request("DELETE", `/api/users/${victim.user.id}`)).status).toBe(401);
    expect((await app.request("GET", "/api/auth/me", { token: victim.token })).status).toBe(200);
  });
});
