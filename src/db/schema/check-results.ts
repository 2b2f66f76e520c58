import { bigint, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import type { FailedAssertion } from "../../monitors/assertions.js";
import type { CheckTimings } from "../../queue/check-timings.js";
import { timestampMs } from "./columns.js";
import { monitors } from "./monitors.js";

/** "missed": the check's deadline passed before a worker could run it (a platform problem, not the target's). */
export const checkStatuses = ["up", "degraded", "down", "missed"] as const;
export type CheckStatus = (typeof checkStatuses)[number];

export const checkResults = pgTable(
  "check_results",
  {
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    monitorId: uuid("monitor_id")
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    region: text("region").notNull(),
    /** When the scheduler meant the check to run: with monitor and region, the idempotency key. */
    scheduledAt: timestampMs("scheduled_at").notNull(),
    checkedAt: timestampMs("checked_at").notNull(),
    status: text("status", { enum: checkStatuses }).notNull(),
    statusCode: integer("status_code"),
    responseTimeMs: integer("response_time_ms"),
    error: text("error"),
    /** DNS, connect, TLS, first-byte and total milliseconds of the check, where the connection allowed. */
    timings: jsonb("timings").$type<CheckTimings>(),
    /** The URL of the last hop after redirects, and the address that answered it. */
    finalUrl: text("final_url"),
    remoteAddress: text("remote_address"),
    /** The leaf certificate of an https target. */
    certIssuer: text("cert_issuer"),
    certSubject: text("cert_subject"),
    certExpiresAt: timestampMs("cert_expires_at"),
    /** The assertion that made the result down or degraded, with the value found. */
    failedAssertion: jsonb("failed_assertion").$type<FailedAssertion>(),
  },
  // Range-partitioned by scheduled_at, one partition per UTC day plus a DEFAULT one (drizzle/0010, hand-written:
  // drizzle-kit cannot express partitions), so retention drops whole days. Every unique key includes scheduled_at.
  (t) => [
    primaryKey({ name: "check_results_pkey", columns: [t.id, t.scheduledAt] }),
    unique("check_results_monitor_region_scheduled_key").on(t.monitorId, t.region, t.scheduledAt),
    // Serves the newest-first keyset listing, the latest-per-region lookup and the time-window stats.
    index("check_results_monitor_checked_idx").on(t.monitorId, t.checkedAt.desc(), t.id.desc()),
  ],
);
