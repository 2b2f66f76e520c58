import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns.js";
import { users } from "./users.js";

/**
 * Personal API tokens for scripts. Only the SHA-256 of the token is kept (a database leak reveals no usable token),
 * with its first characters as a non-secret label. expiresAt null: the token never expires. Revoked rows stay, so
 * a revoked token is told apart from an unknown one.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    expiresAt: timestampMs("expires_at"),
    lastUsedAt: timestampMs("last_used_at"),
    revokedAt: timestampMs("revoked_at"),
  },
  (t) => [index("api_tokens_user_id_idx").on(t.userId)],
);
