import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../db/client.js";
import { AppError } from "../http/errors.js";
import type { SmtpConfig } from "../lib/smtp-transport.js";
import { normalizeEmail } from "./create-account.js";
import { hashPassword } from "./password.js";
import {
  consumeResetToken,
  consumeUserResetTokens,
  countLiveResetTokens,
  deleteStaleResetTokens,
  insertResetToken,
} from "./password-reset-repository.js";
import { hashRandomToken, newRandomToken } from "./random-token.js";
import { createResetMailer, type ResetMailer } from "./reset-mail.js";
import { revokeUserSessions } from "./session-repository.js";
import { findUserByEmail, updateUser } from "./user-repository.js";

export type PasswordResetDeps = {
  db: Database;
  /** Absent: reset by email is off (request answers 404 password_reset_unavailable). */
  smtp: SmtpConfig | undefined;
  /** The dashboard's address; links are built from it, never from a request's Host header. Absent: off. */
  publicUrl: string | undefined;
  logger: Pick<FastifyBaseLogger, "warn" | "info">;
  now?: () => Date;
  mailer?: ResetMailer;
};

const tokenTtlMs = 60 * 60 * 1000;
/** Links that may be live at once per account, so nobody can flood a mailbox through the reset form. */
const maxLiveTokens = 3;

const invalidToken = () =>
  new AppError(
    "invalid_reset_token",
    "This reset link is invalid, expired or already used: ask for a new one",
  );

/** Password reset by emailed link: random single-use tokens, stored as SHA-256 hashes, valid for an hour. */
export function createPasswordResetService(deps: PasswordResetDeps) {
  const { db, smtp, publicUrl, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const mailer = deps.mailer ?? (smtp ? createResetMailer(smtp) : undefined);
  const available = mailer !== undefined && publicUrl !== undefined;
  const inFlight = new Set<Promise<void>>();

  async function issue(email: string): Promise<void> {
    const user = await findUserByEmail(db, email);
    if (!user || !mailer || !publicUrl) return;
    await deleteStaleResetTokens(db, user.id, now());
    if ((await countLiveResetTokens(db, user.id, now())) >= maxLiveTokens) {
      logger.info({ userId: user.id }, "password reset not sent: enough links are live already");
      return;
    }
    const token = newRandomToken();
    await insertResetToken(db, {
      tokenHash: hashRandomToken(token),
      userId: user.id,
      expiresAt: new Date(now().getTime() + tokenTtlMs),
    });
    const link = `${publicUrl}/reset-password?token=${token}`;
    await mailer({ to: user.email, name: user.name, link, validMinutes: tokenTtlMs / 60_000 });
  }

  return {
    available,

    /**
     * Answers at once and does the work afterwards, so neither the answer nor its timing tells whether the email
     * has an account. Failures are logged (without the link).
     */
    request(email: string): void {
      if (!available) {
        throw new AppError(
          "password_reset_unavailable",
          "Password reset by email is not set up on this server (it needs SMTP_HOST and PUBLIC_URL): ask an admin",
        );
      }
      const job = issue(normalizeEmail(email)).catch((err: unknown) => {
        const reason = err instanceof Error ? err.message : String(err);
        logger.warn({ reason }, "password reset email could not be sent");
      });
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    },

    /** Sets the new password and signs the account out everywhere. */
    async confirm(token: string, newPassword: string): Promise<void> {
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        const userId = await consumeResetToken(tx, hashRandomToken(token), now());
        if (!userId) throw invalidToken();
        await updateUser(tx, userId, { passwordHash });
        await revokeUserSessions(tx, userId, now());
        await consumeUserResetTokens(tx, userId, now());
      });
    },

    /** Waits for the emails being sent (the app awaits this on close). */
    async settle(): Promise<void> {
      await Promise.all(inFlight);
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
