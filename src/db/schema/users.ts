import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
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
