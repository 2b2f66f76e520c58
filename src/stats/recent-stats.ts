import type { Database } from "../db/client.js";
import {
  type CurrentRow,
  computeSettled,
  readRecentRows,
  SETTLED_HOURS,
  type SettledRow,
  type Summed,
  unsettledMonitorIds,
} from "./recent-stats-repository.js";
import { addLatency, averageMs, emptyLatency } from "./stat-values.js";

const HOUR_MS = 3_600_000;
/** Late results of the hour that just ended count if they arrive within this long; rows computed earlier are redone. */
export const SETTLE_MS = 2 * 60_000;
/** Monitors per statement when the refresher recomputes everyone's rows. */
const REFRESH_CHUNK = 500;

/** A monitor's last 24 hour buckets (the current, partial one last), summed over regions. */
export type RecentStats = Summed & {
  /** Mean response time per hour, oldest first; null for an hour without response times. */
  hourlyMs: (number | null)[];
};

export const hourStartOf = (now: Date) => Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;

/** Nothing counted yet: the start of a sum of rows. */
export const emptySummed = (): Summed => ({ up: 0, degraded: 0, down: 0, ...emptyLatency() });

const emptyRecent = (): RecentStats => ({
  ...emptySummed(),
  hourlyMs: Array<number | null>(SETTLED_HOURS + 1).fill(null),
});

/** Adds `part`'s outcomes and latency into `into`. */
export function addSummed<T extends Summed>(into: T, part: Summed): T {
  into.up += part.up;
  into.degraded += part.degraded;
  into.down += part.down;
  return addLatency(into, part);
}

function combine(settled: SettledRow | undefined, current: CurrentRow[]): RecentStats {
  const stats = emptyRecent();
  if (settled) addSummed(stats, settled);
  for (const [hour, ms] of Object.entries(settled?.hourlyMs ?? {})) stats.hourlyMs[Number(hour)] = ms;
  if (current.length > 0) {
    const hour = current.reduce((sum, row) => addSummed(sum, row), emptySummed());
    addSummed(stats, hour);
    stats.hourlyMs[SETTLED_HOURS] = averageMs(hour);
  }
  return stats;
}

/**
 * The last 24 hour buckets of each given monitor: the 23 settled hours from monitor_recent_stats (computed here
 * for monitors that lack this hour's row, which the refresher below normally has done already) plus the current
 * hour from its rollups. Two concurrent queries when the settled rows are in place, and one more otherwise.
 */
export async function recentStats(
  db: Database,
  monitorIds: string[],
  now: Date,
): Promise<(monitorId: string) => RecentStats> {
  if (monitorIds.length === 0) return emptyRecent;
  const hourMs = hourStartOf(now);
  const { settled, current } = await readRecentRows(db, monitorIds, hourMs);
  const settledById = new Map(settled.map((row) => [row.monitorId, row] as const));
  const missing = monitorIds.filter((id) => !settledById.has(id));
  if (missing.length > 0) {
    for (const row of await computeSettled(db, missing, hourMs, now)) settledById.set(row.monitorId, row);
  }
  const currentById = new Map<string, CurrentRow[]>();
  for (const row of current) {
    const rows = currentById.get(row.monitorId);
    if (rows) rows.push(row);
    else currentById.set(row.monitorId, [row]);
  }
  return (monitorId) => combine(settledById.get(monitorId), currentById.get(monitorId) ?? []);
}

/**
 * Moves every monitor's settled row to the current hour, so list requests rarely compute any: as soon as an hour
 * begins, rows of an earlier hour are computed; once the hour that ended has settled (SETTLE_MS in), rows computed
 * before then are redone, to count late results. Returns how many monitors it refreshed.
 */
export async function refreshRecentStats(db: Database, now: Date): Promise<number> {
  const hourMs = hourStartOf(now);
  const settledAt = new Date(hourMs + SETTLE_MS);
  const ids = await unsettledMonitorIds(db, hourMs, now < settledAt ? undefined : settledAt);
  for (let i = 0; i < ids.length; i += REFRESH_CHUNK) {
    await computeSettled(db, ids.slice(i, i + REFRESH_CHUNK), hourMs, now);
  }
  return ids.length;
}
