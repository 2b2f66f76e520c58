import { beforeAll, describe, expect, it } from "vitest";
import { signUp } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
});

describe("auth flow", () => {
  it("signs up, logs in, reads me, logs out, and the token stops working", async () => {
    const email = `Flow-${Date.now()}@Example.COM `;
    const signup = await app.request("POST", "/api/auth/signup", {
      body: { email, name: "Flow", password: "long enough pw" },
    });
    expect(signup.status).toBe(201);
    expect(signup.body.user).toMatchObject({ email: email.trim().toLowerCase(), name: "Flow" });
    expect(Object.keys(signup.body.user).sort()).toEqual([
      "createdAt",
      "email",
      "id",
      "name",
      "role",
      "totpEnabled",
    ]);
    expect(signup.body.user.totpEnabled).toBe(false);
    expect(signup.body.token).toEqual(expect.any(String));

    const login = await app.request("POST", "/api/auth/login", {
      body: { email: email.toUpperCase(), password: "long enough pw" },
    });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    expect(login.body.user.id).toBe(signup.body.user.id);

    const me = await app.request("GET", "/api/auth/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(signup.body.user.id);

    const logout = await app.request("POST", "/api/auth/logout", { token });
    expect(logout.status).toBe(204);
    const after = await app.request("GET", "/api/auth/me", { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthorized");

    // Logging out one session leaves the others alone.
    const other = await app.request("GET", "/api/auth/me", { token: signup.body.token });
    expect(other.status).toBe(200);
  });

  it("authenticates with the httpOnly cookie set at login", async () => {
    const { user } = await signUp(app, { password: "cookie password" });
    const login = await app.request("POST", "/api/auth/login", {
      body: { email: user.email, password: "cookie password" },
    });
    const setCookie = login.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^vigil_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(";")[0] ?? "";
    const me = await app.request("GET", "/api/auth/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.id);

    // A cookie-authenticated logout changes state, so it says content-type: application/json (CSRF).
    await app.request("POST", "/api/auth/logout", { headers: { cookie }, body: {} });
    expect((await app.request("GET", "/api/auth/me", { headers: { cookie } })).status).toBe(401);
  });

  it("rejects a duplicate email, whatever its case, with 409", async () => {
    const { user } = await signUp(app);
    const res = await app.request("POST", "/api/auth/signup", {
      body: { email: user.email.toUpperCase(), name: "Again", password: "another password" },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("email_taken");
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const { user } = await signUp(app);
    const wrongPassword = await app.request("POST", "/api/auth/login", {
      body: { email: user.email, password: "not the password" },
    });
    const unknownEmail = await app.request("POST", "/api/auth/login", {
      body: { email: "nobody-here@example.com", password: "not the password" },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.error.code).toBe("invalid_credentials");
  });

  it("rejects forged, malformed and foreign-secret tokens", async () => {
    const { token } = await signUp(app);
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;
    for (const bad of [forged, "not-a-jwt", `${token}x`]) {
      const res = await app.request("GET", "/api/auth/me", { token: bad });
      expect(res.status).toBe(401);
    }
    const res = await app.request("GET", "/api/auth/me", { headers: { authorization: "Basic abc" } });
    expect(res.status).toBe(401);
  });

  it("makes the first account the admin and later ones members", async () => {
    const db = await useTestDatabase();
    const fresh = await startTestApp(db);
    const first = await signUp(fresh);
    const second = await signUp(fresh);
    expect(first.user.role).toBe("admin");
    expect(second.user.role).toBe("member");
  });
});

describe("ALLOW_SIGNUP=false", () => {
  it("lets only the first account sign up; an admin creates the others", async () => {
    const closed = await startTestApp(await useTestDatabase(), { ALLOW_SIGNUP: "false" });
    const admin = await signUp(closed);
    expect(admin.user.role).toBe("admin");

    const refused = await closed.request("POST", "/api/auth/signup", {
      body: { email: "late@example.com", name: "Late", password: "late password" },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("signup_closed");

    const created = await closed.request("POST", "/api/users", {
      token: admin.token,
      body: { email: "late@example.com", name: "Late", password: "late password" },
    });
    expect(created.status).toBe(201);
    expect(created.body.user.role).toBe("member");

    const login = await closed.request("POST", "/api/auth/login", {
      body: { email: "late@example.com", password: "late password" },
    });
    expect(login.status).toBe(200);

    const byMember = await closed.request("POST", "/api/users", {
      token: login.body.token,
      body: { email: "other@example.com", name: "Other", password: "other password" },
    });
    expect(byMember.status).toBe(403);

    const list = await closed.request("GET", "/api/users?limit=1", { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const next = await closed.request("GET", `/api/users?limit=1&cursor=${list.body.nextCursor}`, {
      token: admin.token,
    });
    expect(next.body.items[0].email).toBe("late@example.com");
    expect(next.body.nextCursor).toBeNull();
  });
});
