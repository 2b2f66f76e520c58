import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { apiTokens } from "../src/db/schema/index.js";
import { createLogger } from "../src/lib/logger.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let handle: DatabaseHandle;
let app: TestApp;
let admin: TestUser;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
  admin = await signUp(app);
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function createToken(session: string, body: Record<string, unknown> = { name: "deploy script" }) {
  const res = await app.request("POST", "/api/tokens", { token: session, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { token: string; apiToken: Record<string, unknown> & { id: string } };
}

const storedRow = async (id: string) => {
  const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.id, id));
  if (!row) throw new Error(`no api_tokens row ${id}`);
  return row;
};

describe("personal API tokens", () => {
  it("creates a token, uses it as the owner, lists it without secrets, and revokes it", async () => {
    const owner = await signUp(app);
    const created = await createToken(owner.token, { name: "  deploy script ", expiresAt: inDays(30) });
    const { token, apiToken } = created;
    expect(token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(apiToken).sort()).toEqual([
      "createdAt",
      "expiresAt",
      "id",
      "lastUsedAt",
      "name",
      "prefix",
    ]);
    expect(apiToken).toMatchObject({ name: "deploy script", prefix: token.slice(0, 12), lastUsedAt: null });

    expect((await app.request("GET", "/api/auth/me", { token })).body.user.id).toBe(owner.user.id);
    const monitor = await createMonitor(app, token, { name: "Made by a script" });
    const mine = await app.request("GET", "/api/monitor", { token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((m: { id: string }) => m.id)).toEqual([monitor.id]);
    // Bearer requests are CSRF-exempt: no content-type needed to change state.
    const deleted = await app.request("DELETE", `/api/monitor/${monitor.id}`, { token });
    expect(deleted.status).toBe(204);

    const list = await app.request("GET", "/api/tokens", { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id: apiToken.id,
      name: "deploy script",
      prefix: apiToken.prefix,
    });
    expect(list.body.items[0].lastUsedAt).toEqual(expect.any(String));
    const listed = JSON.stringify(list.body);
    expect(listed).not.toContain(token);
    expect(listed).not.toContain((await storedRow(apiToken.id)).tokenHash);

    const revoke = await app.request("DELETE", `/api/tokens/${apiToken.id}`, { token: owner.token });
    expect(revoke.status).toBe(204);
    const after = await app.request("GET", "/api/monitor", { token });
    expect(after.status).toBe(401);
    expect(after.body.error).toEqual({ code: "invalid_token", message: "This API token has been revoked" });
    expect((await app.request("GET", "/api/tokens", { token: owner.token })).body.items).toEqual([]);
    const again = await app.request("DELETE", `/api/tokens/${apiToken.id}`, { token: owner.token });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("not_found");
  });

  it("stores only the SHA-256 of the token and a short display prefix", async () => {
    const { token: session } = await signUp(app);
    const { token, apiToken } = await createToken(session);
    const row = await storedRow(apiToken.id);
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row.prefix).toBe(token.slice(0, 12));
    for (const value of Object.values(row)) expect(String(value)).not.toContain(token.slice(12));
  });

  it("refuses an expired token with invalid_token, and one that expires later works until then", async () => {
    const { token: session } = await signUp(app);
    const { token, apiToken } = await createToken(session, { name: "short", expiresAt: inDays(1) });
    expect(apiToken.expiresAt).toEqual(expect.any(String));
    expect((await app.request("GET", "/api/monitor", { token })).status).toBe(200);

    const past = new Date(Date.now() - 1000);
    await handle.db.update(apiTokens).set({ expiresAt: past }).where(eq(apiTokens.id, apiToken.id));
    const res = await app.request("GET", "/api/monitor", { token });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({
      code: "invalid_token",
      message: `This API token expired at ${past.toISOString()}`,
    });
    // Expired tokens stay listed (with their date) until revoked.
    const list = await app.request("GET", "/api/tokens", { token: session });
    expect(list.body.items[0].expiresAt).toBe(past.toISOString());
  });

  it("refuses unknown and malformed vgl_ tokens with invalid_token", async () => {
    for (const bad of [`vgl_${"A".repeat(43)}`, "vgl_short", `vgl_${"A".repeat(44)}`]) {
      const res = await app.request("GET", "/api/monitor", { token: bad });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: "invalid_token", message: "Unknown API token" });
    }
  });

  it("writes lastUsedAt at most once a minute", async () => {
    const { token: session } = await signUp(app);
    const { token, apiToken } = await createToken(session);
    expect((await storedRow(apiToken.id)).lastUsedAt).toBeNull();
    await app.request("GET", "/api/monitor", { token });
    const first = (await storedRow(apiToken.id)).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await app.request("GET", "/api/monitor", { token });
    await app.request("GET", "/api/auth/me", { token });
    expect((await storedRow(apiToken.id)).lastUsedAt).toEqual(first);

    // A minute later (moved back in the database rather than waited for) the next request writes it again.
    const minuteAgo = new Date(Date.now() - 61_000);
    await handle.db.update(apiTokens).set({ lastUsedAt: minuteAgo }).where(eq(apiTokens.id, apiToken.id));
    await app.request("GET", "/api/monitor", { token });
    const later = (await storedRow(apiToken.id)).lastUsedAt;
    expect(later?.getTime()).toBeGreaterThan(minuteAgo.getTime() + 60_000);
  });

  it("is not accepted as the session cookie", async () => {
    const { token: session } = await signUp(app);
    const { token } = await createToken(session);
    const res = await app.request("GET", "/api/monitor", { headers: { cookie: `vigil_session=${token}` } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("keeps the owner's role: a member's token gets 403 on admin routes, an admin's works", async () => {
    const member = await signUp(app);
    const memberToken = (await createToken(member.token)).token;
    const refused = await app.request("GET", "/api/users", { token: memberToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    const adminToken = (await createToken(admin.token)).token;
    expect((await app.request("GET", "/api/users", { token: adminToken })).status).toBe(200);
  });

  it("lets a token list and revoke tokens but not create one", async () => {
    const { token: session } = await signUp(app);
    const { token, apiToken } = await createToken(session);
    const other = await createToken(session, { name: "other" });

    const create = await app.request("POST", "/api/tokens", { token, body: { name: "escalation" } });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe("forbidden");
    const list = await app.request("GET", "/api/tokens", { token });
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([apiToken.id, other.apiToken.id]);

    expect((await app.request("DELETE", `/api/tokens/${other.apiToken.id}`, { token })).status).toBe(204);
    expect((await app.request("GET", "/api/monitor", { token: other.token })).status).toBe(401);
  });

  it("logging out with a token revokes that token only", async () => {
    const { token: session } = await signUp(app);
    const { token } = await createToken(session);
    expect((await app.request("POST", "/api/auth/logout", { token })).status).toBe(204);
    expect((await app.request("GET", "/api/monitor", { token })).body.error.code).toBe("invalid_token");
    expect((await app.request("GET", "/api/monitor", { token: session })).status).toBe(200);
  });

  it("hides other users' tokens: not listed, not revocable", async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    const { token, apiToken } = await createToken(owner.token);
    const theirs = await app.request("GET", "/api/tokens", { token: other.token });
    expect(theirs.body.items).toEqual([]);
    const res = await app.request("DELETE", `/api/tokens/${apiToken.id}`, { token: other.token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
    expect((await app.request("GET", "/api/monitor", { token })).status).toBe(200);
  });

  it("pages the list oldest first", async () => {
    const { token: session } = await signUp(app);
    const ids = [];
    for (const name of ["a", "b", "c"]) ids.push((await createToken(session, { name })).apiToken.id);
    const first = await app.request("GET", "/api/tokens?limit=2", { token: session });
    expect(first.body.items.map((t: { id: string }) => t.id)).toEqual(ids.slice(0, 2));
    const next = await app.request("GET", `/api/tokens?limit=2&cursor=${first.body.nextCursor}`, {
      token: session,
    });
    expect(next.body.items.map((t: { id: string }) => t.id)).toEqual(ids.slice(2));
    expect(next.body.nextCursor).toBeNull();
  });

  it("survives a password change, which still revokes the other sessions", async () => {
    const password = "correct horse battery";
    const owner = await signUp(app, { password });
    const login = await app.request("POST", "/api/auth/login", {
      body: { email: owner.user.email, password },
    });
    const { token } = await createToken(owner.token);
    const change = await app.request("POST", "/api/auth/password", {
      token: owner.token,
      body: { currentPassword: password, newPassword: "a new password" },
    });
    expect(change.status).toBe(204);
    expect((await app.request("GET", "/api/auth/me", { token: login.body.token })).status).toBe(401);
    expect((await app.request("GET", "/api/auth/me", { token: owner.token })).status).toBe(200);
    expect((await app.request("GET", "/api/auth/me", { token })).status).toBe(200);

    // Changed with the token itself: every session ends (none is the caller's), the token goes on.
    const byToken = await app.request("POST", "/api/auth/password", {
      token,
      body: { currentPassword: "a new password", newPassword: "a third password" },
    });
    expect(byToken.status).toBe(204);
    expect((await app.request("GET", "/api/auth/me", { token: owner.token })).status).toBe(401);
    expect((await app.request("GET", "/api/auth/me", { token })).status).toBe(200);
  });

  it("goes with its user when the account is deleted", async () => {
    const member = await signUp(app);
    const { apiToken } = await createToken(member.token);
    const res = await app.request("DELETE", `/api/users/${member.user.id}`, { token: admin.token });
    expect(res.status).toBe(204);
    expect(await handle.db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id))).toEqual([]);
  });
});

describe("API token validation", () => {
  const cases: [string, unknown][] = [
    ["missing name", {}],
    ["empty name", { name: "   " }],
    ["name over 100 characters", { name: "x".repeat(101) }],
    ["unknown field", { name: "n", expiresInDays: 30 }],
    ["expiresAt not a date-time", { name: "n", expiresAt: "tomorrow" }],
    ["expiresAt without an offset", { name: "n", expiresAt: "2099-01-01T00:00:00" }],
    ["expiresAt in the past", { name: "n", expiresAt: new Date(Date.now() - 60_000).toISOString() }],
    ["expiresAt over 3650 days ahead", { name: "n", expiresAt: inDays(3651) }],
  ];
  for (const [label, body] of cases) {
    it(`POST /api/tokens: ${label} is 400 validation_error`, async () => {
      const res = await app.request("POST", "/api/tokens", { token: admin.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
    });
  }

  it("rejects a malformed id and a bad page size", async () => {
    const id = await app.request("DELETE", "/api/tokens/not-a-uuid", { token: admin.token });
    expect(id.status).toBe(400);
    expect(id.body.error.code).toBe("validation_error");
    const limit = await app.request("GET", "/api/tokens?limit=0", { token: admin.token });
    expect(limit.status).toBe(400);
    expect(limit.body.error.code).toBe("validation_error");
  });
});

describe("API token logs", () => {
  it("never contain a plaintext token, even at trace level", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await startTestApp(await useTestDatabase(), {}, { logger: createLogger("trace", sink) });
    const { token: session } = await signUp(logged);
    const created = await logged.request("POST", "/api/tokens", { token: session, body: { name: "logged" } });
    const token = created.body.token as string;
    await logged.request("GET", "/api/monitor", { token });
    await logged.request("POST", "/api/tokens", { token, body: { name: "refused" } });
    await logged.request("DELETE", `/api/tokens/${created.body.apiToken.id}`, { token });
    await logged.request("GET", "/api/monitor", { token });
    await logged.request("GET", "/api/monitor", { headers: { cookie: `vigil_session=${token}` } });

    expect(lines.length).toBeGreaterThan(10);
    const text = lines.join("\n");
    expect(text).toContain("/api/tokens");
    // The random part alone: the display prefix (vgl_ + 8 characters) may appear, the rest never.
    expect(text).not.toContain(token.slice(12));
  });
});
