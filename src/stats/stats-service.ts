import { z } from "zod";
import type { Database } from "../db/client.js";
import { rollupResolutions } from "../db/schema/index.js";
import { findOwnedMonitor } from "../monitors/monitor-repository.js";
import { percentileMs, roundMs, uptimeOf } from "./stat-values.js";
import { queryStats, type StatsRow } from "./stats-repository.js";

export const statsWindows = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const;

/** The rollup each window reads: at most a few thousand buckets per region, and an edge of one bucket. */
const windowResolution: Record<StatsWindow, number> = {
  "24h": rollupResolutions.minute,
  "7d": rollupResolutions.hour,
  "30d": rollupResolutions.hour,
  "90d": rollupResolutions.day,
};
export type StatsWindow = keyof typeof statsWindows;

export const windowStatsSchema = z.object({
  uptime: z.number().nullable(),
  checks: z.number(),
  missed: z.number(),
  up: z.number(),
  /** Answered but slower than a response-time assertion allows: not an outage, so it counts toward uptime. */
  degraded: z.number(),
  down: z.number(),
  avgResponseTimeMs: z.number().nullable(),
  p50ResponseTimeMs: z.number().nullable(),
  p95ResponseTimeMs: z.number().nullable(),
  p99ResponseTimeMs: z.number().nullable(),
});
type WindowStats = z.infer<typeof windowStatsSchema>;

export const statsSchema = z.object({
  monitorId: z.string(),
  window: z.enum(Object.keys(statsWindows) as [StatsWindow, ...StatsWindow[]]),
  from: z.string(),
  to: z.string(),
  overall: windowStatsSchema,
  regions: z.array(windowStatsSchema.extend({ region: z.string() })),
});

function toWindowStats(row: StatsRow | undefined): WindowStats {
  const up = row?.up ?? 0;
  const degraded = row?.degraded ?? 0;
  const down = row?.down ?? 0;
  const percentile = (p: number) =>
    row ? percentileMs({ hist: row.hist ?? {}, minMs: row.minMs, maxMs: row.maxMs }, p) : null;
  return {
    // No data is "unknown" (null), not 0 % or 100 %.
    uptime: uptimeOf({ up, degraded, down }),
    checks: row?.checks ?? 0,
    missed: row?.missed ?? 0,
    up,
    degraded,
    down,
    avgResponseTimeMs: roundMs(row?.avgMs ?? null),
    p50ResponseTimeMs: percentile(0.5),
    p95ResponseTimeMs: percentile(0.95),
    p99ResponseTimeMs: percentile(0.99),
  };
}

export function createStatsService(db: Database, now: () => Date = () => new Date()) {
  return {
    async stats(userId: string, monitorId: string, window: StatsWindow) {
      await findOwnedMonitor(db, userId, monitorId);
      const to = now();
      const from = new Date(to.getTime() - statsWindows[window] * 86_400_000);
      const rows = await queryStats(db, monitorId, from, windowResolution[window]);
      const regions = rows.filter((r): r is StatsRow & { region: string } => r.region !== null);
      return {
        monitorId,
        window,
        from: from.toISOString(),
        to: to.toISOString(),
        overall: toWindowStats(rows.find((r) => r.region === null)),
        regions: regions.map((r) => ({ region: r.region, ...toWindowStats(r) })),
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
