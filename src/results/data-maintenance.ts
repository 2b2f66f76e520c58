import type { Logger } from "pino";
import type { Database } from "../db/client.js";
import { runPeriodically } from "../lib/periodic.js";
import type { LeaderElection } from "../scheduler/leader-election.js";
import { refreshRecentStats } from "../stats/recent-stats.js";
import { applyRetention, ensurePartitions, type Retention } from "./partition-maintenance.js";

/**
 * Hourly on the scheduler leader: day partitions created three days ahead, and retention applied. Hourly is far
 * more often than needed, so a missed run (restart, leadership change) costs nothing. Every minute, also on the
 * leader: the monitors' settled hours of list stats moved on once an hour has ended (stats/recent-stats.ts).
 */
export function createDataMaintenance(deps: {
  db: Database;
  leader: LeaderElection;
  logger: Logger;
  retention: Retention;
  periodMs?: number;
  statsPeriodMs?: number;
}) {
  async function run(): Promise<void> {
    if (!(await deps.leader.isLeader())) return;
    const now = Date.now();
    const created = await ensurePartitions(deps.db, now);
    const dropped = await applyRetention(deps.db, now, deps.retention);
    if (created.length + dropped.length > 0)
      deps.logger.info({ created, dropped }, "result partitions maintained");
  }
  async function refreshStats(): Promise<void> {
    if (!(await deps.leader.isLeader())) return;
    const started = Date.now();
    const refreshed = await refreshRecentStats(deps.db, new Date(started));
    if (refreshed > 0)
      deps.logger.info({ monitors: refreshed, ms: Date.now() - started }, "list stats moved to this hour");
  }
  return {
    run,
    refreshStats,
    start() {
      const loops = [
        runPeriodically("data maintenance", deps.periodMs ?? 3_600_000, run, deps.logger),
        runPeriodically("list stats refresh", deps.statsPeriodMs ?? 60_000, refreshStats, deps.logger),
      ];
      return { stop: async () => void (await Promise.all(loops.map((loop) => loop.stop()))) };
    },
  };
}
