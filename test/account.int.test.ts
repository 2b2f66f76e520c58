import { beforeAll, describe, expect, it } from "vitest";
import { authenticatedRoutes, bodyFor } from "./helpers/authenticated-routes.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
});

async function login(email: string, password: string) {
  const res = await app.request("POST", "/api/auth/login", { body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token as string;
}

const cookieOf = (res: { headers: Headers }) => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

describe("GET /api/auth/options", () => {
  it("says sign-up is open and password reset is off without SMTP", async () => {
    const res = await app.request("GET", "/api/auth/options");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ signupOpen: true, passwordReset: false });
  });

  it("says sign-up is closed once the first account exists when ALLOW_SIGNUP=false", async () => {
    const closed = await startTestApp(await useTestDatabase(), { ALLOW_SIGNUP: "false" });
    expect((await closed.request("GET", "/api/auth/options")).body.signupOpen).toBe(true);
    await signUp(closed);
    expect((await closed.request("GET", "/api/auth/options")).body).toEqual({
      signupOpen: false,
      passwordReset: false,
    });
  });
});

describe("PUT /api/auth/me", () => {
  it("changes the name and the email (normalized), and login uses the new email", async () => {
    const { token, user } = await signUp(app, { password: "profile password" });
    const email = `Renamed-${user.id}@Example.COM `;
    const res = await app.request("PUT", "/api/auth/me", { token, body: { name: "  Ada  ", email } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user).toEqual({
      ...user,
      name: "Ada",
      email: email.trim().toLowerCase(),
      totpEnabled: false,
    });
    expect((await app.request("GET", "/api/auth/me", { token })).body.user.email).toBe(
      email.trim().toLowerCase(),
    );
    await login(email, "profile password");
    const old = await app.request("POST", "/api/auth/login", {
      body: { email: user.email, password: "profile password" },
    });
    expect(old.status).toBe(401);
  });

  it("leaves the account as it is for an empty body", async () => {
    const { token, user } = await signUp(app);
    const res = await app.request("PUT", "/api/auth/me", { token, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual(user);
  });

  it("refuses another account's email, whatever its case, with 409 email_taken", async () => {
    const first = await signUp(app);
    const second = await signUp(app);
    const res = await app.request("PUT", "/api/auth/me", {
      token: second.token,
      body: { email: first.user.email.toUpperCase() },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("email_taken");
  });

  it.each([
    [{ email: "not an email" }, /email/],
    [{ name: "" }, /name/],
    [{ name: "x".repeat(101) }, /name/],
    [{ role: "admin" }, /role/],
    [{ email: 42 }, /email/],
  ])("refuses %o with 400 validation_error", async (body, message) => {
    const { token } = await signUp(app);
    const res = await app.request("PUT", "/api/auth/me", { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.message).toMatch(message);
  });
});

describe("POST /api/auth/password", () => {
  it("changes the password and revokes every other session; the current one stays valid", async () => {
    const { token: signupToken, user } = await signUp(app, { password: "old password 1" });
    const current = await login(user.email, "old password 1");
    const otherSession = await login(user.email, "old password 1");

    const res = await app.request("POST", "/api/auth/password", {
      token: current,
      body: { currentPassword: "old password 1", newPassword: "new password 2" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(204);

    expect((await app.request("GET", "/api/auth/me", { token: current })).status).toBe(200);
    for (const revoked of [signupToken, otherSession]) {
      const me = await app.request("GET", "/api/auth/me", { token: revoked });
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe("unauthorized");
    }
    const oldLogin = await app.request("POST", "/api/auth/login", {
      body: { email: user.email, password: "old password 1" },
    });
    expect(oldLogin.status).toBe(401);
    await login(user.email, "new password 2");
  });

  it("refuses a wrong current password with 403 invalid_password and changes nothing", async () => {
    const { token, user } = await signUp(app, { password: "right password" });
    const other = await login(user.email, "right password");
    const res = await app.request("POST", "/api/auth/password", {
      token,
      body: { currentPassword: "wrong password", newPassword: "new password 2" },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("invalid_password");
    expect((await app.request("GET", "/api/auth/me", { token: other })).status).toBe(200);
    await login(user.email, "right password");
  });

  it.each([
    [{ currentPassword: "right password", newPassword: "short" }, /newPassword must be at least 8/],
    [{ currentPassword: "right password" }, /newPassword/],
    [{ newPassword: "long enough 1" }, /currentPassword/],
    [{ currentPassword: 1, newPassword: "long enough 1" }, /currentPassword/],
  ])("refuses %o with 400 validation_error", async (body, message) => {
    const { token } = await signUp(app, { password: "right password" });
    const res = await app.request("POST", "/api/auth/password", { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.message).toMatch(message);
  });
});

describe("the session cookie", () => {
  it("authenticates every API route (no 401), reads and writes alike", async () => {
    const owner = await signUp(app, { password: "cookie password" });
    const cookie = cookieOf(
      await app.request("POST", "/api/auth/login", {
        body: { email: owner.user.email, password: "cookie password" },
      }),
    );
    expect(cookie).toMatch(/^vigil_session=/);
    // Logout and password routes would end or change the session the loop runs on: they are tested apart.
    const skipped = new Set(["POST /api/auth/logout", "POST /api/auth/password"]);
    for (const route of authenticatedRoutes) {
      const name = `${route.method} ${route.path(":id")}`;
      if (skipped.has(name)) continue;
      const monitor = await createMonitor(app, owner.token);
      const body = bodyFor(route, monitor.id) ?? (route.method === "GET" ? undefined : {});
      // Raw fetch: a stream such as /api/events is left open, so only its status and type are read.
      const res = await fetch(app.url + route.path(monitor.id), {
        method: route.method,
        headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = res.headers.get("content-type")?.includes("application/json")
        ? ((await res.json()) as { error?: { code: string } } | null)
        : await res.body?.cancel().then(() => null);
      expect(res.status, `${name}: ${JSON.stringify(json)}`).not.toBe(401);
      expect(json?.error?.code, name).not.toBe("csrf_rejected");
    }
  });

  it("must come with content-type: application/json on requests that change state (CSRF)", async () => {
    const { user } = await signUp(app, { password: "cookie password" });
    const cookie = cookieOf(
      await app.request("POST", "/api/auth/login", {
        body: { email: user.email, password: "cookie password" },
      }),
    );
    const monitor = await app.request("POST", "/api/monitor", {
      headers: { cookie },
      body: { url: "https://example.com/csrf" },
    });
    expect(monitor.status).toBe(201);

    // What a cross-site form or a preflight-free fetch could send: no content type, or a form's.
    const attempts: Array<[string, string, Record<string, string>, string | undefined]> = [
      ["POST", "/api/auth/logout", {}, undefined],
      ["DELETE", `/api/monitor/${monitor.body.id}`, {}, undefined],
      ["PUT", "/api/auth/me", { "content-type": "application/x-www-form-urlencoded" }, "name=Pwned"],
      ["POST", "/api/auth/totp/setup", { "content-type": "text/plain" }, "{}"],
    ];
    for (const [method, path, headers, body] of attempts) {
      const res = await fetch(app.url + path, { method, headers: { cookie, ...headers }, body });
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(json.error.code).toBe("csrf_rejected");
      expect(json.error.message).toMatch(/content-type: application\/json/);
    }
    // Nothing changed: the monitor and the session are still there, and the name is the old one.
    expect(
      (await app.request("GET", `/api/monitor/${monitor.body.id}`, { headers: { cookie } })).status,
    ).toBe(200);
    expect((await app.request("GET", "/api/auth/me", { headers: { cookie } })).body.user.name).toBe(
      user.name,
    );

    // A bearer token is exempt: no browser attaches one by itself.
    const { token } = await signUp(app);
    const bearer = await fetch(`${app.url}/api/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.status).toBe(204);

    // With the JSON content type the same cookie request goes through.
    const ok = await app.request("DELETE", `/api/monitor/${monitor.body.id}`, {
      headers: { cookie },
      body: {},
    });
    expect(ok.status).toBe(204);
    const logout = await app.request("POST", "/api/auth/logout", {
      headers: { cookie, "content-type": "application/json; charset=utf-8" },
      body: {},
    });
    expect(logout.status).toBe(204);
    expect((await app.request("GET", "/api/auth/me", { headers: { cookie } })).status).toBe(401);
  });

  it("still answers 401, not 403, for a state-changing request with a dead cookie", async () => {
    const res = await fetch(`${app.url}/api/auth/logout`, {
      method: "POST",
      headers: { cookie: "vigil_session=not-a-token" },
    });
    expect(res.status).toBe(401);
  });
});
