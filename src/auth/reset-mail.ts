import { type SmtpConfig, smtpTransport } from "../lib/smtp-transport.js";

export type ResetMail = { to: string; name: string; link: string; validMinutes: number };
export type ResetMailer = (mail: ResetMail) => Promise<void>;

/** Sends password reset links through the operator's SMTP server (the one email channels use). */
export function createResetMailer(smtp: SmtpConfig, timeoutMs = 10_000): ResetMailer {
  return async ({ to, name, link, validMinutes }) => {
    const transport = smtpTransport(smtp, timeoutMs);
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
