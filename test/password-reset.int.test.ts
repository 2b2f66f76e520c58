import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { passwordResetTokens } from "../src/db/schema/index.js";
import { signUp } from "./helpers/factories.js";
import { mailText, resetTokenIn } from "./helpers/mail-text.js";
import { type SmtpSink, startSmtpSink } from "./helpers/smtp-sink.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { waitFor } from "./helpers/wait-for.js";

const publicUrl = "https://vigil.example.test";
let handle: DatabaseHandle;
let app: TestApp;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  handle = await useTestDatabase();
  app = await startTestApp(handle, {
    SMTP_HOST: sink.host,
    SMTP_PORT: String(sink.port),
    SMTP_FROM: "Vigil <vigil@example.test>",
    PUBLIC_URL: publicUrl,
  });
});

async function requestReset(email: string) {
  const res = await app.request("POST", "/api/auth/password-reset/request", { body: { email } });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
}

/** Waits for the reset mail to `email` and returns the token of its link. */
async function resetTokenFor(email: string, nth = 1): Promise<string> {
  const mails = await waitFor(
    () => {
      const found = sink.mails.filter((m) => m.to.includes(email));
      return found.length >= nth ? found : undefined;
    },
    { message: `reset mail ${nth} to ${email}` },
  );
  const mail = mails[nth - 1];
  if (!mail) throw new Error("no mail");
  expect(mail.subject).toBe("Reset your Vigil password");
  expect(mail.from).toBe("vigil@example.test");
  expect(mailText(mail.raw)).toContain(`${publicUrl}/reset-password?token=`);
  return resetTokenIn(mail.raw);
}

const login = (email: string, password: string) =>
  app.request("POST", "/api/auth/login", { body: { email, password } });

describe("password reset by email", () => {
  it("is announced by GET /api/auth/options when SMTP and PUBLIC_URL are set", async () => {
    expect((await app.request("GET", "/api/auth/options")).body).toEqual({
      signupOpen: true,
      passwordReset: true,
    });
  });

  it("mails a single-use link that sets a new password and signs out every session", async () => {
    const { token: oldSession, user } = await signUp(app, { password: "forgotten password" });
    const secondSession = (await login(user.email, "forgotten password")).body.token as string;

    await requestReset(` ${user.email.toUpperCase()} `);
    const token = await resetTokenFor(user.email);
    expect(token.length).toBeGreaterThanOrEqual(43);
    // Only the SHA-256 of the token is stored, never the token.
    const rows = await handle.db
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.userId, user.id));
    expect(rows.map((r) => r.tokenHash)).toEqual([createHash("sha256").update(token).digest("hex")]);
    expect(rows[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(rows[0]?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60_000);

    const confirm = await app.request("POST", "/api/auth/password-reset/confirm", {
      body: { token, newPassword: "brand new password" },
    });
    expect(confirm.status, JSON.stringify(confirm.body)).toBe(204);

    expect((await login(user.email, "forgotten password")).status).toBe(401);
    const fresh = await login(user.email, "brand new password");
    expect(fresh.status).toBe(200);
    expect((await app.request("GET", "/api/auth/me", { token: fresh.body.token })).status).toBe(200);
    for (const revoked of [oldSession, secondSession]) {
      expect((await app.request("GET", "/api/auth/me", { token: revoked })).status).toBe(401);
    }

    const reuse = await app.request("POST", "/api/auth/password-reset/confirm", {
      body: { token, newPassword: "attacker password" },
    });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.code).toBe("invalid_reset_token");
    expect((await login(user.email, "brand new password")).status).toBe(200);
  });

  it("answers 202 for an unknown email and sends nothing", async () => {
    const { user } = await signUp(app);
    await requestReset("nobody-at-all@example.com");
    // A known address requested afterwards is mailed; by then the unknown one would have been too.
    await requestReset(user.email);
    await resetTokenFor(user.email);
    expect(sink.mails.some((m) => m.to.includes("nobody-at-all@example.com"))).toBe(false);
  });

  it("refuses expired, unknown and malformed tokens with 400 invalid_reset_token", async () => {
    const { user } = await signUp(app, { password: "expiring password" });
    await requestReset(user.email);
    const token = await resetTokenFor(user.email);
    await handle.db
      .update(passwordResetTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResetTokens.userId, user.id));
    for (const bad of [token, "A".repeat(43), "", "not a token!"]) {
      const res = await app.request("POST", "/api/auth/password-reset/confirm", {
        body: { token: bad, newPassword: "another password" },
      });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe("invalid_reset_token");
    }
    expect((await login(user.email, "expiring password")).status).toBe(200);
  });

  it("retires outstanding links once the password changes", async () => {
    const { token: session, user } = await signUp(app, { password: "first password" });
    await requestReset(user.email);
    const token = await resetTokenFor(user.email);
    const change = await app.request("POST", "/api/auth/password", {
      token: session,
      body: { currentPassword: "first password", newPassword: "second password" },
    });
    expect(change.status).toBe(204);
    const res = await app.request("POST", "/api/auth/password-reset/confirm", {
      body: { token, newPassword: "third password" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_reset_token");
  });

  it("keeps at most three live links per account, so the form cannot flood a mailbox", async () => {
    const { user } = await signUp(app);
    for (let i = 1; i <= 3; i++) {
      await requestReset(user.email);
      await resetTokenFor(user.email, i);
    }
    await requestReset(user.email);
    // The fourth is answered like the others but sends nothing: another account's mail, asked for later, arrives
    // while the first account still has three.
    const other = await signUp(app);
    await requestReset(other.user.email);
    await resetTokenFor(other.user.email);
    expect(sink.mails.filter((m) => m.to.includes(user.email))).toHaveLength(3);
  });

  it.each([
    ["/api/auth/password-reset/request", {}, /email/],
    ["/api/auth/password-reset/request", { email: "not an email" }, /email/],
    ["/api/auth/password-reset/request", { email: "a@example.com", extra: 1 }, /extra/],
    ["/api/auth/password-reset/confirm", { token: "x" }, /newPassword/],
    ["/api/auth/password-reset/confirm", { token: "x", newPassword: "short" }, /newPassword/],
    ["/api/auth/password-reset/confirm", { token: 5, newPassword: "long enough" }, /token/],
  ])("%s refuses %o with 400 validation_error", async (path, body, message) => {
    const res = await app.request("POST", path, { body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.message).toMatch(message);
  });
});

describe("password reset without SMTP", () => {
  it("is off: options say so and a request answers 404 password_reset_unavailable", async () => {
    const plain = await startTestApp(await useTestDatabase(), { PUBLIC_URL: publicUrl });
    const { user } = await signUp(plain);
    expect((await plain.request("GET", "/api/auth/options")).body.passwordReset).toBe(false);
    const res = await plain.request("POST", "/api/auth/password-reset/request", {
      body: { email: user.email },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("password_reset_unavailable");
  });

  it("is off without PUBLIC_URL too: links are never built from the request's Host header", async () => {
    const noUrl = await startTestApp(await useTestDatabase(), {
      SMTP_HOST: sink.host,
      SMTP_PORT: String(sink.port),
    });
    expect((await noUrl.request("GET", "/api/auth/options")).body.passwordReset).toBe(false);
    const res = await noUrl.request("POST", "/api/auth/password-reset/request", {
      body: { email: "a@example.com" },
    });
    expect(res.body.error.code).toBe("password_reset_unavailable");
  });
});

describe("password reset rate limit", () => {
  it("limits requests per IP like login", async () => {
    const limited = await startTestApp(await useTestDatabase(), {
      SMTP_HOST: sink.host,
      SMTP_PORT: String(sink.port),
      PUBLIC_URL: publicUrl,
      RATE_LIMIT_AUTH_MAX: "2",
    });
    const attempt = () =>
      limited.request("POST", "/api/auth/password-reset/request", { body: { email: "x@example.com" } });
    expect((await attempt()).status).toBe(202);
    expect((await attempt()).status).toBe(202);
    const res = await attempt();
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe("rate_limited");
  });
});
