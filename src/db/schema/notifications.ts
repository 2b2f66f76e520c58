import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { NotificationMessage } from "../../notifications/notification-message.js";
import { timestampMs } from "./columns.js";
import { incidents } from "./incidents.js";
import { users } from "./users.js";

export const channelTypes = [
  "email",
  "webhook",
  "slack",
  "discord",
  "telegram",
  "ntfy",
  "pagerduty",
] as const;
export type ChannelType = (typeof channelTypes)[number];

/** Where a user's notifications go. Secrets (tokens, URLs with keys, passwords) are encrypted at rest. */
export const notificationChannels = pgTable(
  "notification_channels",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type", { enum: channelTypes }).notNull(),
    /** The settings that are not secret (email address, ntfy topic, ...), returned by the API. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    /** The secret settings as JSON, AES-256-GCM encrypted (notifications/secret-box.ts); never returned. */
    secrets: text("secrets"),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [index("notification_channels_user_idx").on(t.userId, t.id)],
);

export const notificationStates = ["pending", "sent", "dead"] as const;
export type NotificationState = (typeof notificationStates)[number];

/**
 * The outbox: a row per message and channel, written in the transaction that changed state, delivered by the
 * dispatcher with retries. `idempotencyKey` is unique, so writing the same transition twice enqueues nothing new,
 * and it travels to receivers that can deduplicate (webhook header, PagerDuty dedup_key).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    incidentId: uuid("incident_id").references(() => incidents.id, { onDelete: "set null" }),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    message: jsonb("message").$type<NotificationMessage>().notNull(),
    state: text("state", { enum: notificationStates }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** When the dispatcher may next try; also its lease: a claim moves it ahead, so a crashed sender's row returns. */
    nextAttemptAt: timestampMs("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    sentAt: timestampMs("sent_at"),
  },
  (t) => [
    index("notifications_due_idx").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index("notifications_user_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    // The dispatcher's per-channel rate limit counts recent sends; deleting a channel cascades by channel_id.
    index("notifications_channel_sent_idx").on(t.channelId, t.sentAt),
  ],
);
