import { z } from "zod";
import type { Database } from "../db/client.js";
import { monitorsInMaintenance } from "../maintenance/maintenance-query.js";
import { incidentCounts, monitorStates } from "./dashboard-repository.js";
import { addSummed, emptySummed, recentStats } from "./recent-stats.js";
import { percentileMs, uptimeOf } from "./stat-values.js";

const DAY_MS = 86_400_000;

export const dashboardSummarySchema = z.object({
  /** By the status GET /api/monitor shows: paused first, then maintenance, then the results' status. */
  monitors: z.object({
    total: z.number(),
    up: z.number(),
    down: z.number(),
    degraded: z.number(),
    paused: z.number(),
    pending: z.number(),
    maintenance: z.number(),
  }),
  /** Over every monitor's checks of the last 24 hours; null without checks. */
  uptime24h: z.number().nullable(),
  /** open: not resolved (acknowledged ones too); today: opened since 00:00 UTC. */
  incidents: z.object({ open: z.number(), today: z.number() }),
  p95ResponseTimeMs24h: z.number().nullable(),
});
type DashboardSummary = z.infer<typeof dashboardSummarySchema>;

export function createDashboardService(db: Database, now: () => Date = () => new Date()) {
  return {
    /**
     * Monitors and incidents concurrently, then maintenance and the monitors' last 24 hour buckets (the list's
     * figures, recent-stats.ts), merged here.
     */
    async summary(userId: string): Promise<DashboardSummary> {
      const at = now();
      const [states, incidents] = await Promise.all([
        monitorStates(db, userId),
        incidentCounts(db, userId, Math.floor(at.getTime() / DAY_MS) * DAY_MS),
      ]);
      const active = states.filter((m) => !m.paused).map((m) => m.id);
      const [inMaintenance, statsOf] = await Promise.all([
        monitorsInMaintenance(db, active, at),
        recentStats(
          db,
          states.map((m) => m.id),
          at,
        ),
      ]);
      const totals = emptySummed();
      const monitors = {
        total: states.length,
        up: 0,
        down: 0,
        degraded: 0,
        paused: 0,
        pending: 0,
        maintenance: 0,
      };
      for (const m of states) {
        addSummed(totals, statsOf(m.id));
        if (m.paused) monitors.paused++;
        else if (inMaintenance.has(m.id)) monitors.maintenance++;
        else monitors[m.status]++;
      }
      return {
        monitors,
        uptime24h: uptimeOf(totals),
        incidents,
        p95ResponseTimeMs24h: percentileMs(totals, 0.95),
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
