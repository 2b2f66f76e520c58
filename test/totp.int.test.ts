import { eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { users } from "../src/db/schema/index.js";
import { signUp } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let handle: DatabaseHandle;
let app: TestApp;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
});

/**
 * Codes for the current time step and the next, taken from one instant: the server accepts one step either side,
 * so a pair stays valid even if a step boundary passes during the test, and no test ever waits for the clock.
 */
function codes(secret: string) {
  const at = Date.now();
  const code = (offsetSteps: number) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at + offsetSteps * 30_000 });
  return { now: code(0), next: code(1), previous: code(-1) };
}

const password = "two factor password";

/** A user with TOTP enabled (with the code of the current step, which is then used up). */
async function userWithTotp() {
  const signup = await signUp(app, { password });
  const setup = await app.request("POST", "/api/auth/totp/setup", { token: signup.token });
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  const secret = setup.body.secret as string;
  const c = codes(secret);
  const enable = await app.request("POST", "/api/auth/totp/enable", {
    token: signup.token,
    body: { code: c.now },
  });
  expect(enable.status, JSON.stringify(enable.body)).toBe(204);
  return { ...signup, secret, codes: c };
}

const login = (email: string, totpCode?: string) =>
  app.request("POST", "/api/auth/login", { body: { email, password, ...(totpCode ? { totpCode } : {}) } });

describe("TOTP setup and enable", () => {
  it("hands out a secret and otpauth URL, stores the secret sealed, and stays off until a code confirms it", async () => {
    const { token, user } = await signUp(app, { password });
    const setup = await app.request("POST", "/api/auth/totp/setup", { token });
    expect(setup.status).toBe(200);
    expect(Object.keys(setup.body).sort()).toEqual(["otpauthUrl", "secret"]);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(setup.body.otpauthUrl);
    expect(url.protocol).toBe("otpauth:");
    expect(url.searchParams.get("secret")).toBe(setup.body.secret);
    expect(decodeURIComponent(url.pathname)).toBe(`/Vigil:${user.email}`);

    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.totpSecret).toMatch(/^v1:/);
    expect(row?.totpSecret).not.toContain(setup.body.secret);
    expect(row?.totpEnabledAt).toBeNull();

    // Pending: login needs no code yet, and me says off.
    expect((await login(user.email)).status).toBe(200);
    expect((await app.request("GET", "/api/auth/me", { token })).body.user.totpEnabled).toBe(false);

    const wrong = await app.request("POST", "/api/auth/totp/enable", { token, body: { code: "000000" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("invalid_totp");

    const enable = await app.request("POST", "/api/auth/totp/enable", {
      token,
      body: { code: codes(setup.body.secret).now },
    });
    expect(enable.status).toBe(204);
    expect((await app.request("GET", "/api/auth/me", { token })).body.user.totpEnabled).toBe(true);
  });

  it("enables only the latest pending secret", async () => {
    const { token } = await signUp(app, { password });
    const first = await app.request("POST", "/api/auth/totp/setup", { token });
    const second = await app.request("POST", "/api/auth/totp/setup", { token });
    expect(second.body.secret).not.toBe(first.body.secret);
    const stale = await app.request("POST", "/api/auth/totp/enable", {
      token,
      body: { code: codes(first.body.secret).now },
    });
    expect(stale.status).toBe(400);
    expect(stale.body.error.code).toBe("invalid_totp");
  });

  it("answers 409 conflict to enable without setup, and to setup or enable when already on", async () => {
    const { token } = await signUp(app, { password });
    const early = await app.request("POST", "/api/auth/totp/enable", { token, body: { code: "123456" } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("conflict");

    const on = await userWithTotp();
    const setup = await app.request("POST", "/api/auth/totp/setup", { token: on.token });
    expect(setup.status).toBe(409);
    const again = await app.request("POST", "/api/auth/totp/enable", {
      token: on.token,
      body: { code: on.codes.next },
    });
    expect(again.status).toBe(409);
  });
});

describe("login with TOTP enabled", () => {
  it("asks for the code, refuses a wrong or replayed one, and accepts a fresh one", async () => {
    const { user, codes: c } = await userWithTotp();

    const missing = await login(user.email);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("totp_required");
    expect(missing.headers.get("set-cookie")).toBeNull();

    const wrong = await login(user.email, c.now === "000000" ? "111111" : "000000");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_totp");

    // The code that enabled TOTP is used up already.
    const enableCode = await login(user.email, c.now);
    expect(enableCode.status).toBe(401);
    expect(enableCode.body.error.code).toBe("invalid_totp");

    const ok = await login(user.email, c.next);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.user.totpEnabled).toBe(true);

    // Replays within the window fail, and so do codes of earlier steps.
    for (const replay of [c.next, c.now, c.previous]) {
      const res = await login(user.email, replay);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("invalid_totp");
    }
  });

  it("answers a wrong password with invalid_credentials, telling nothing about TOTP", async () => {
    const { user, codes: c } = await userWithTotp();
    const res = await app.request("POST", "/api/auth/login", {
      body: { email: user.email, password: "not the password", totpCode: c.next },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("invalid_credentials");
    // The code was not used up by the failed attempt.
    expect((await login(user.email, c.next)).status).toBe(200);
  });

  it("refuses a totpCode that is not a string with 400, and a long one as a wrong code", async () => {
    const { user } = await userWithTotp();
    const typed = await app.request("POST", "/api/auth/login", {
      body: { email: user.email, password, totpCode: 123456 },
    });
    expect(typed.status).toBe(400);
    expect(typed.body.error.code).toBe("validation_error");
    expect((await login(user.email, "12345a")).body.error.code).toBe("invalid_totp");
  });
});

describe("TOTP disable", () => {
  it("needs the password and a fresh code, then login needs no code", async () => {
    const { token, user, codes: c } = await userWithTotp();

    const badPassword = await app.request("POST", "/api/auth/totp/disable", {
      token,
      body: { password: "wrong password", code: c.next },
    });
    expect(badPassword.status).toBe(403);
    expect(badPassword.body.error.code).toBe("invalid_password");

    const usedCode = await app.request("POST", "/api/auth/totp/disable", {
      token,
      body: { password, code: c.now },
    });
    expect(usedCode.status).toBe(400);
    expect(usedCode.body.error.code).toBe("invalid_totp");

    const off = await app.request("POST", "/api/auth/totp/disable", {
      token,
      body: { password, code: c.next },
    });
    expect(off.status).toBe(204);
    expect((await app.request("GET", "/api/auth/me", { token })).body.user.totpEnabled).toBe(false);
    expect((await login(user.email)).status).toBe(200);

    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });

    const twice = await app.request("POST", "/api/auth/totp/disable", {
      token,
      body: { password, code: c.next },
    });
    expect(twice.status).toBe(409);
  });

  it.each([
    ["/api/auth/totp/enable", { code: 123456 }, /code/],
    ["/api/auth/totp/enable", {}, /code/],
    ["/api/auth/totp/enable", { code: "123456", extra: true }, /extra/],
    ["/api/auth/totp/disable", { code: "123456" }, /password/],
    ["/api/auth/totp/disable", { password, code: "1".repeat(17) }, /code/],
  ])("%s refuses %o with 400 validation_error", async (path, body, message) => {
    const { token } = await signUp(app, { password });
    const res = await app.request("POST", path, { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.message).toMatch(message);
  });
});
