import { createTransport } from "nodemailer";
import type { Config } from "../config.js";

export type SmtpSettings = NonNullable<Config["notifications"]["smtp"]>;

export type ResetMail = { to: string; name: string; link: string; validMinutes: number };
export type ResetMailer = (mail: ResetMail) => Promise<void>;

/** Sends password reset links through the operator's SMTP server (the one email channels use). */
export function createResetMailer(smtp: SmtpSettings, timeoutMs = 10_000): ResetMailer {
  return async ({ to, name, link, validMinutes }) => {
    // A transport per message: resets are rare enough that a pool would only hold idle connections.
    const transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      await transport.sendMail({
        from: smtp.from,
        to,
        subject: "Reset your Vigil password",
        text: [
          `Hello ${name},`,
          "",
          `Someone, hopefully you, asked to reset the password of the Vigil account ${to}.`,
          `Open this link within ${validMinutes} minutes to choose a new password (it works once):`,
          "",
          link,
          "",
          "If you did not ask for this, ignore this email: your password stays as it is.",
        ].join("\n"),
      });
    } finally {
      transport.close();
    }
  };
}
