import { bigint, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns.js";

export const userRoles = ["admin", "member"] as const;
export type UserRole = (typeof userRoles)[number];

export const users = pgTable("users", {
  id: uuid("id").primaryKey(),
  /** Stored normalized (trimmed, lower-case), so the unique index is the duplicate check. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: userRoles }).notNull(),
  createdAt: timestampMs("created_at").notNull().defaultNow(),
  /** The TOTP secret sealed with the secret box; pending until totpEnabledAt is set. */
  totpSecret: text("totp_secret"),
  totpEnabledAt: timestampMs("totp_enabled_at"),
  /** The RFC 6238 time step of the last code accepted, so no code works twice. */
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
});

/** One row per login. A token is valid only while its session row exists, is unrevoked and unexpired. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    expiresAt: timestampMs("expires_at").notNull(),
    revokedAt: timestampMs("revoked_at"),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

/**
 * Password reset links sent by email. Only the SHA-256 of the token is kept, so a database leak reveals no usable
 * link; usedAt makes each token single-use.
 */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    expiresAt: timestampMs("expires_at").notNull(),
    usedAt: timestampMs("used_at"),
  },
  (t) => [index("password_reset_tokens_user_id_idx").on(t.userId)],
);
