import { doublePrecision, integer, jsonb, pgTable, uuid } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns.js";
import { monitors } from "./monitors.js";

/**
 * Each monitor's last 23 complete hours, summed over regions from its hour rollups: the settled part of the 24 hour
 * figures the monitor list and the dashboard show. Valid for the hour `through_hour` starts (the window ends there);
 * the current hour is read live and added. Merging 69 histograms per monitor on every list request is what made
 * pages of 1,000 monitors take seconds; this way it happens once per monitor and hour (stats/recent-stats.ts).
 */
export const monitorRecentStats = pgTable("monitor_recent_stats", {
  monitorId: uuid("monitor_id")
    .primaryKey()
    .references(() => monitors.id, { onDelete: "cascade" }),
  throughHour: timestampMs("through_hour").notNull(),
  /** Late results of a settled hour count only if they were in by then: the refresher recomputes early rows. */
  computedAt: timestampMs("computed_at").notNull(),
  up: integer("up").notNull(),
  degraded: integer("degraded").notNull(),
  down: integer("down").notNull(),
  rtCount: integer("rt_count").notNull(),
  rtSum: doublePrecision("rt_sum").notNull(),
  rtMin: integer("rt_min"),
  rtMax: integer("rt_max"),
  rtHist: jsonb("rt_hist").$type<Record<string, number>>().notNull(),
  /** Mean response time by hour offset from the window's start ("0" … "22"); hours without one are left out. */
  hourlyMs: jsonb("hourly_ms").$type<Record<string, number>>().notNull(),
});
