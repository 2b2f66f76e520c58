import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { rollupResolutions } from "../db/schema/index.js";
import {
  addLatency,
  averageMs,
  emptyLatency,
  type Latency,
  type Outcomes,
  percentileMs,
  uptimeOf,
} from "../stats/stat-values.js";

const HOUR_MS = 3_600_000;
const HOURS = 24;

/** The list's at-a-glance figures: the last 24 hour buckets, the current (partial) hour last. */
export type MonitorListStats = {
  uptime24h: number | null;
  p95ResponseTimeMs24h: number | null;
  /** Mean response time per hour, oldest first; null for an hour without response times. */
  sparkline24h: (number | null)[];
};

type HourRow = Outcomes & Latency & { monitorId: string; hourMs: number };

const noStats = (): MonitorListStats => ({
  uptime24h: null,
  p95ResponseTimeMs24h: null,
  sparkline24h: Array<null>(HOURS).fill(null),
});

/**
 * Stats for a page of monitors in one query, whatever the page size: their hour rollups of the last 24 hours,
 * summed over regions per monitor and hour (vigil_hist_sum merges a handful of histograms per group); the day's
 * uptime and p95 are then merged from those rows here.
 */
export async function monitorListStats(
  db: Database,
  monitorIds: string[],
  now: Date,
): Promise<(monitorId: string) => MonitorListStats> {
  if (monitorIds.length === 0) return noStats;
  const firstHourMs = (Math.floor(now.getTime() / HOUR_MS) - (HOURS - 1)) * HOUR_MS;
  const { rows } = await db.execute<HourRow>(sql`
    select monitor_id as "monitorId", (extract(epoch from bucket_start) * 1000)::float8 as "hourMs",
      sum(up)::int as up, sum(degraded)::int as degraded, sum(down)::int as down,
      sum(rt_sum)::float8 as "rtSum", sum(rt_count)::int as "rtCount",
      min(rt_min) as "minMs", max(rt_max) as "maxMs", vigil_hist_sum(rt_hist) as hist
    from check_rollups
    where monitor_id = any(${sql.param(monitorIds)}::uuid[]) and bucket_seconds = ${rollupResolutions.hour}
      and bucket_start >= ${new Date(firstHourMs).toISOString()}::timestamptz
      and bucket_start < ${new Date(firstHourMs + HOURS * HOUR_MS).toISOString()}::timestamptz
    group by monitor_id, bucket_start`);

  const byMonitor = new Map<string, { outcomes: Outcomes; latency: Latency; sparkline: (number | null)[] }>();
  for (const row of rows) {
    const m = byMonitor.get(row.monitorId) ?? {
      outcomes: { up: 0, degraded: 0, down: 0 },
      latency: emptyLatency(),
      sparkline: Array<number | null>(HOURS).fill(null),
    };
    m.outcomes.up += row.up;
    m.outcomes.degraded += row.degraded;
    m.outcomes.down += row.down;
    addLatency(m.latency, row);
    m.sparkline[(row.hourMs - firstHourMs) / HOUR_MS] = averageMs(row);
    byMonitor.set(row.monitorId, m);
  }
  return (monitorId) => {
    const m = byMonitor.get(monitorId);
    if (!m) return noStats();
    return {
      uptime24h: uptimeOf(m.outcomes),
      p95ResponseTimeMs24h: percentileMs(m.latency, 0.95),
      sparkline24h: m.sparkline,
    };
  };
}
