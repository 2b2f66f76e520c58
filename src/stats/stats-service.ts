import { z } from "zod";
import type { Database } from "../db/client.js";
import { findOwnedMonitor } from "../monitors/monitor-repository.js";
import { queryStats, type StatsRow } from "./stats-repository.js";

export const statsWindows = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const;
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

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

function toWindowStats(row: StatsRow | undefined): WindowStats {
  const up = row?.up ?? 0;
  const degraded = row?.degraded ?? 0;
  const down = row?.down ?? 0;
  return {
    // Only up and down count toward uptime; no data is "unknown" (null), not 0 % or 100 %.
    uptime: up + degraded + down === 0 ? null : (up + degraded) / (up + degraded + down),
    checks: row?.checks ?? 0,
    missed: row?.missed ?? 0,
    up,
    degraded,
    down,
    avgResponseTimeMs: round(row?.avgMs ?? null),
    p50ResponseTimeMs: round(row?.p50Ms ?? null),
    p95ResponseTimeMs: round(row?.p95Ms ?? null),
    p99ResponseTimeMs: round(row?.p99Ms ?? null),
  };
}

export function createStatsService(db: Database, now: () => Date = () => new Date()) {
  return {
    async stats(userId: string, monitorId: string, window: StatsWindow) {
      await findOwnedMonitor(db, userId, monitorId);
      const to = now();
      const from = new Date(to.getTime() - statsWindows[window] * 86_400_000);
      const rows = await queryStats(db, monitorId, from);
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
