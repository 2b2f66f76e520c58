import { createTransport } from "nodemailer";
import type { Config } from "../config.js";

/** The operator's SMTP server (SMTP_*): email channels and password reset mail both send through it. */
export type SmtpConfig = NonNullable<Config["notifications"]["smtp"]>;

/**
 * A transport for one message: notifications and resets are rare enough that a pool would only hold idle
 * connections. Every phase (connect, greeting, socket idle) gives up after `timeoutMs`.
 */
export const smtpTransport = (smtp: SmtpConfig, timeoutMs: number) =>
  createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
