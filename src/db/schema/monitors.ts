import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Assertion } from "../../monitors/assertions.js";
import type { HttpAuth } from "../../monitors/http-auth.js";
import { timestampMs } from "./columns.js";
import { users } from "./users.js";

/**
 * http(s) requests; tcp connections to `tcp://host:port`; dns lookups (`dns:name?type=MX`, RFC 4501); heartbeat:
 * the monitored job pings Vigil, and silence for a period plus grace is the failure.
 */
export const monitorTypes = ["http", "tcp", "dns", "heartbeat"] as const;
export type MonitorType = (typeof monitorTypes)[number];

export const httpMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** The status the latest results give; "paused" is derived from the paused flag, not stored. */
export const monitorHealth = ["pending", "up", "degraded", "down"] as const;
export type MonitorHealth = (typeof monitorHealth)[number];

/** A monitor holds everything the scheduler and a worker need to run its check without another lookup. */
export const monitors = pgTable(
  "monitors",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type", { enum: monitorTypes }).notNull().default("http"),
    url: text("url").notNull(),
    method: text("method", { enum: httpMethods }).notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    body: text("body"),
    intervalSeconds: integer("interval_seconds").notNull(),
    timeoutMs: integer("timeout_ms").notNull(),
    /** Comma-separated codes and ranges, e.g. "200-299,301"; validated at the API edge. */
    expectedStatus: text("expected_status").notNull(),
    regions: text("regions").array().notNull(),
    /** Basic or bearer credentials sent as Authorization; write-only through the API. */
    auth: jsonb("auth").$type<HttpAuth>(),
    followRedirects: boolean("follow_redirects").notNull().default(true),
    maxRedirects: integer("max_redirects").notNull().default(5),
    ignoreTlsErrors: boolean("ignore_tls_errors").notNull().default(false),
    /** Sent as User-Agent unless the headers set one; null: Vigil's own. */
    userAgent: text("user_agent"),
    /** Everything a check must find besides an answer; see monitors/assertions.ts. */
    assertions: jsonb("assertions").$type<Assertion[]>().notNull().default([]),
    /** heartbeat monitors: the secret in the ping URL, and how late past the period a ping may be. */
    heartbeatToken: text("heartbeat_token").unique(),
    graceSeconds: integer("grace_seconds").notNull().default(60),
    /**
     * The incident state machine: `confirmations` failed results in a row in at least `quorum` regions confirm an
     * outage; `recoveries` successes in a row in every failing region end it. While a failure is unconfirmed the
     * failing regions (`retryRegions`) are re-checked after `retryIntervalSeconds` instead of a full interval.
     */
    confirmations: integer("confirmations").notNull().default(2),
    quorum: integer("quorum").notNull().default(1),
    recoveries: integer("recoveries").notNull().default(2),
    retryIntervalSeconds: integer("retry_interval_seconds").notNull().default(10),
    retryRegions: text("retry_regions").array().notNull().default([]),
    /** When the last retry was published, so one failed result leads to one retry, however often it is re-read. */
    lastRetryAt: timestampMs("last_retry_at"),
    /** Channels notified of this monitor's incidents; null: every channel of the owner. */
    channelIds: uuid("channel_ids").array(),
    /** Resend "still down" every this many minutes while an incident is open; null: never. */
    reminderMinutes: integer("reminder_minutes"),
    paused: boolean("paused").notNull().default(false),
    /** Lower-cased, de-duplicated and sorted (monitors/tags.ts); at most 20. */
    tags: text("tags").array().notNull().default([]),
    /** The stable identity of a monitor managed as code (monitors-as-code/), unique per user; null otherwise. */
    key: text("key"),
    status: text("status", { enum: monitorHealth }).notNull().default("pending"),
    lastCheckedAt: timestampMs("last_checked_at"),
    /** The earliest expiry among the certificates the regions' latest checks saw. */
    certExpiresAt: timestampMs("cert_expires_at"),
    /** The last certificate-expiry warning enqueued (its idempotency key), so later batches skip the outbox. */
    certWarned: text("cert_warned"),
    /**
     * When the scheduler next publishes this monitor's check. Set to now on create, edit and resume (an immediate
     * check); afterwards the next slot on the monitor's own phase-shifted grid, so load spreads evenly.
     */
    nextCheckAt: timestampMs("next_check_at").notNull().defaultNow(),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // Ids are UUIDv7 (time-ordered), so (user_id, id) serves the owner's list in creation order with keyset paging.
    index("monitors_user_id_id_idx").on(t.userId, t.id),
    // GET /api/monitor?tag= and the bulk routes' `{tag}` selector: `tags @> array[tag]`.
    index("monitors_tags_idx").using("gin", t.tags),
    uniqueIndex("monitors_user_key_idx").on(t.userId, t.key),
    // The scheduler's due query: only active monitors, in due order.
    index("monitors_due_idx").on(t.nextCheckAt).where(sql`not ${t.paused}`),
    check("monitors_interval_check", sql`${t.intervalSeconds} between 30 and 86400`),
    check("monitors_timeout_check", sql`${t.timeoutMs} between 100 and 60000`),
    check("monitors_max_redirects_check", sql`${t.maxRedirects} between 0 and 10`),
    check("monitors_grace_check", sql`${t.graceSeconds} between 0 and 86400`),
    check(
      "monitors_confirmations_check",
      sql`${t.confirmations} between 1 and 10 and ${t.recoveries} between 1 and 10`,
    ),
    check("monitors_quorum_check", sql`${t.quorum} between 1 and 50`),
    check("monitors_tags_check", sql`cardinality(${t.tags}) <= 20`),
    check("monitors_retry_interval_check", sql`${t.retryIntervalSeconds} between 5 and 3600`),
  ],
);
