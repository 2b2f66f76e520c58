import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns.js";
import { users } from "./users.js";

export const maintenanceKinds = ["once", "weekly"] as const;
export type MaintenanceKind = (typeof maintenanceKinds)[number];

/**
 * A time when chosen monitors are expected to fail: checks run and are stored, but no incident opens and nothing is
 * notified. `once`: from startsAt to endsAt. `weekly`: on the given weekdays (0 = Sunday) at startTime ("HH:MM")
 * in timeZone (IANA), for durationMinutes.
 */
export const maintenanceWindows = pgTable(
  "maintenance_windows",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    monitorIds: uuid("monitor_ids").array().notNull(),
    kind: text("kind", { enum: maintenanceKinds }).notNull(),
    startsAt: timestampMs("starts_at"),
    endsAt: timestampMs("ends_at"),
    weekdays: integer("weekdays").array(),
    startTime: text("start_time"),
    durationMinutes: integer("duration_minutes"),
    timeZone: text("time_zone").notNull().default("UTC"),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("maintenance_windows_user_idx").on(t.userId, t.id),
    index("maintenance_windows_monitors_idx").using("gin", t.monitorIds),
    check(
      "maintenance_windows_duration_check",
      sql`${t.durationMinutes} is null or ${t.durationMinutes} between 1 and 10080`,
    ),
  ],
);
