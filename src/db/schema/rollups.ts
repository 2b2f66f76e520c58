import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns.js";
import { monitors } from "./monitors.js";

/** Bucket sizes kept, in seconds: 1 minute, 1 hour, 1 day. */
export const rollupResolutions = { minute: 60, hour: 3_600, day: 86_400 } as const;

/**
 * Check counts and response times per monitor, region and bucket (UTC-aligned, `bucket_seconds` long), written by
 * the ingester in the batch transaction from the rows it actually inserted (so a redelivered result is not counted
 * twice). `rt_hist` is a sparse log-scale histogram (stats/latency-histogram.ts): mergeable, so percentiles over any
 * window come from rollups with a stated error bound.
 */
export const checkRollups = pgTable(
  "check_rollups",
  {
    monitorId: uuid("monitor_id")
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    region: text("region").notNull(),
    bucketSeconds: integer("bucket_seconds").notNull(),
    bucketStart: timestampMs("bucket_start").notNull(),
    checks: integer("checks").notNull(),
    up: integer("up").notNull(),
    degraded: integer("degraded").notNull(),
    down: integer("down").notNull(),
    missed: integer("missed").notNull(),
    rtCount: integer("rt_count").notNull(),
    rtSum: integer("rt_sum").notNull(),
    rtMin: integer("rt_min"),
    rtMax: integer("rt_max"),
    rtHist: jsonb("rt_hist").$type<Record<string, number>>().notNull(),
  },
  (t) => [
    primaryKey({
      name: "check_rollups_pkey",
      columns: [t.monitorId, t.bucketSeconds, t.bucketStart, t.region],
    }),
    // Retention deletes old buckets of each size.
    index("check_rollups_retention_idx").on(t.bucketSeconds, t.bucketStart),
  ],
);
