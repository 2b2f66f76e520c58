import { Writable } from "node:stream";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/lib/logger.js";
import { signUp } from "./helpers/factories.js";
import { resetTokenIn } from "./helpers/mail-text.js";
import { startSmtpSink } from "./helpers/smtp-sink.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { waitFor } from "./helpers/wait-for.js";

describe("account security logs", () => {
  it("never contain passwords, TOTP secrets or codes, or reset tokens, even at trace level", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const smtp = await startSmtpSink();
    const app = await startTestApp(
      await useTestDatabase(),
      { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), PUBLIC_URL: "https://vigil.example.test" },
      { logger: createLogger("trace", sink) },
    );
    const secrets: string[] = [];
    const keep = (s: string) => {
      secrets.push(s);
      return s;
    };

    const first = keep("first-password-8142");
    const { token, user } = await signUp(app, { password: first });
    keep(token);
    const second = keep("second-password-5531");
    await app.request("POST", "/api/auth/password", {
      token,
      body: { currentPassword: first, newPassword: second },
    });
    // Wrong ones too: failures must not echo what was sent.
    await app.request("POST", "/api/auth/password", {
      token,
      body: { currentPassword: keep("wrong-password-7716"), newPassword: keep("fourth-password-0417") },
    });
    await app.request("POST", "/api/auth/password", {
      token,
      body: { currentPassword: second, newPassword: keep("tiny-pw") },
    });

    const setup = await app.request("POST", "/api/auth/totp/setup", { token });
    const secret = keep(setup.body.secret);
    const code = keep(TOTP.generate({ secret: Secret.fromBase32(secret) }));
    await app.request("POST", "/api/auth/totp/enable", { token, body: { code } });
    await app.request("POST", "/api/auth/login", {
      body: { email: user.email, password: second, totpCode: keep("999999") },
    });

    await app.request("POST", "/api/auth/password-reset/request", { body: { email: user.email } });
    const mail = await waitFor(() => smtp.mails[0], { message: "the reset mail" });
    const resetToken = keep(resetTokenIn(mail.raw));
    const third = keep("third-password-2290");
    const confirm = await app.request("POST", "/api/auth/password-reset/confirm", {
      body: { token: resetToken, newPassword: third },
    });
    expect(confirm.status).toBe(204);
    await app.request("POST", "/api/auth/password-reset/confirm", {
      body: { token: resetToken, newPassword: third },
    });

    expect(lines.length).toBeGreaterThan(10);
    // Every string in every line (codes are digits, so numbers such as timestamps are left out).
    const strings = (value: unknown): string[] => {
      if (typeof value === "string") return [value];
      if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
      return [];
    };
    const text = lines.flatMap((line) => strings(JSON.parse(line))).join("\n");
    expect(text).toContain("/api/auth/password-reset/confirm");
    for (const s of secrets) expect(text, `log contains ${s}`).not.toContain(s);
  });
});

describe("a reset mail that cannot be sent", () => {
  it("still answers 202 and logs a warning without the link", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // A port nothing listens on: the SMTP connection is refused.
    const app = await startTestApp(
      await useTestDatabase(),
      { SMTP_HOST: "127.0.0.1", SMTP_PORT: "1", PUBLIC_URL: "https://vigil.example.test" },
      { logger: createLogger("info", sink) },
    );
    const { user } = await signUp(app);
    const res = await app.request("POST", "/api/auth/password-reset/request", {
      body: { email: user.email },
    });
    expect(res.status).toBe(202);
    const warning = await waitFor(
      () => lines.find((l) => l.includes("password reset email could not be sent")),
      {
        message: "the warning",
      },
    );
    expect(warning).not.toMatch(/token|reset-password/);
  });
});
