import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { IncidentCause } from "../../incidents/incident-cause.js";
import { timestampMs } from "./columns.js";
import { monitors } from "./monitors.js";
import { users } from "./users.js";

export const incidentStates = ["open", "acknowledged", "resolved"] as const;
export type IncidentState = (typeof incidentStates)[number];

/** An outage of one monitor: opened when failures are confirmed, resolved when every failing region recovers. */
export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey(),
    monitorId: uuid("monitor_id")
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    /** The monitor's owner, so incident queries are scoped by user without a join. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    state: text("state", { enum: incidentStates }).notNull(),
    /** Scheduled time of the first failed check of the failing streak. */
    firstFailureAt: timestampMs("first_failure_at").notNull(),
    /** When the state machine confirmed the outage (the incident's start for the user). */
    openedAt: timestampMs("opened_at").notNull(),
    /** The stored result whose arrival confirmed the outage. */
    openedByResultId: bigint("opened_by_result_id", { mode: "number" }),
    cause: jsonb("cause").$type<IncidentCause>().notNull(),
    acknowledgedAt: timestampMs("acknowledged_at"),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestampMs("resolved_at"),
  },
  (t) => [
    // The guarantee against double incidents with several ingesters: at most one unresolved incident per monitor.
    uniqueIndex("incidents_one_open_per_monitor").on(t.monitorId).where(sql`${t.state} <> 'resolved'`),
    index("incidents_user_opened_idx").on(t.userId, t.openedAt.desc(), t.id.desc()),
    index("incidents_monitor_opened_idx").on(t.monitorId, t.openedAt.desc()),
  ],
);

export const incidentEventKinds = [
  "first_failure",
  "confirmed",
  "notification_sent",
  "notification_failed",
  "acknowledged",
  "reminder",
  "resolved",
] as const;
export type IncidentEventKind = (typeof incidentEventKinds)[number];

/** The incident's timeline, in order of `at`. */
export const incidentEvents = pgTable(
  "incident_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    at: timestampMs("at").notNull(),
    kind: text("kind", { enum: incidentEventKinds }).notNull(),
    message: text("message").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>(),
  },
  (t) => [index("incident_events_incident_idx").on(t.incidentId, t.at, t.id)],
);
