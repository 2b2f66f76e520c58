import type { Logger } from "pino";
import type { Database } from "../db/client.js";
import { runPeriodically } from "../lib/periodic.js";
import type { LeaderElection } from "../scheduler/leader-election.js";
import { applyRetention, ensurePartitions, type Retention } from "./partition-maintenance.js";

/**
 * Hourly on the scheduler leader: day partitions created three days ahead, and retention applied. Hourly is far
 * more often than needed, so a missed run (restart, leadership change) costs nothing.
 */
export function createDataMaintenance(deps: {
  db: Database;
  leader: LeaderElection;
  logger: Logger;
  retention: Retention;
  periodMs?: number;
}) {
  async function run(): Promise<void> {
    if (!(await deps.leader.isLeader())) return;
    const now = Date.now();
    const created = await ensurePartitions(deps.db, now);
    const dropped = await applyRetention(deps.db, now, deps.retention);
    if (created.length + dropped.length > 0)
      deps.logger.info({ created, dropped }, "result partitions maintained");
  }
  return {
    run,
    start() {
      const loop = runPeriodically("data maintenance", deps.periodMs ?? 3_600_000, run, deps.logger);
      return { stop: () => loop.stop() };
    },
  };
}
