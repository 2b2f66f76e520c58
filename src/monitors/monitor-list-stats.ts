import type { Database } from "../db/client.js";
import { recentStats } from "../stats/recent-stats.js";
import { percentileMs, uptimeOf } from "../stats/stat-values.js";

/** The list's at-a-glance figures: the last 24 hour buckets, the current (partial) hour last. */
export type MonitorListStats = {
  uptime24h: number | null;
  p95ResponseTimeMs24h: number | null;
  /** Mean response time per hour, oldest first; null for an hour without response times. */
  sparkline24h: (number | null)[];
};

/** Stats for a page of monitors, whatever the page size, from their settled hours plus the current one. */
export async function monitorListStats(
  db: Database,
  monitorIds: string[],
  now: Date,
): Promise<(monitorId: string) => MonitorListStats> {
  const statsOf = await recentStats(db, monitorIds, now);
  return (monitorId) => {
    const stats = statsOf(monitorId);
    return {
      uptime24h: uptimeOf(stats),
      p95ResponseTimeMs24h: percentileMs(stats, 0.95),
      sparkline24h: stats.hourlyMs,
    };
  };
}
