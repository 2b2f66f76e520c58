import type { CheckStatus } from "../db/schema/index.js";
import type { FailedAssertion } from "../monitors/assertions.js";
import type { IncidentCause } from "./incident-cause.js";

/** A stored result as the state machine reads it: newest first per region, missed checks left out. */
export type RecentResult = {
  id: number;
  region: string;
  status: Exclude<CheckStatus, "missed">;
  scheduledAt: number;
  statusCode: number | null;
  error: string | null;
  failedAssertion: FailedAssertion | null;
};

export type MachineSettings = {
  regions: string[];
  confirmations: number;
  quorum: number;
  recoveries: number;
  retryIntervalSeconds: number;
};

export type OpenIncident = { id: string; cause: IncidentCause; firstFailureAt: number };

export type Decision =
  | {
      kind: "open";
      cause: IncidentCause;
      firstFailureAt: number;
      /** The result that completed the confirmation: the newest among the confirming streaks. */
      openedByResultId: number;
      firstFailure: RecentResult;
    }
  | { kind: "resolve" }
  | { kind: "none" };

const failed = (r: RecentResult) => r.status === "down";

/** How many of the newest results (newest first) pass `test` in a row. */
function streak(results: RecentResult[], test: (r: RecentResult) => boolean): number {
  let n = 0;
  while (n < results.length && test(results[n] as RecentResult)) n++;
  return n;
}

/**
 * The incident rule, from the stored results alone, so it gives the same answer whatever order results arrived in
 * and however often a batch is replayed:
 * - no incident: `confirmations` failed results in a row in at least `quorum` regions (capped at the region count)
 *   confirm an outage, unless the monitor is in maintenance;
 * - an open incident: it resolves once no region's newest result is a failure and every region that confirmed it
 *   has `recoveries` passing results in a row (degraded passes: it is slow, not out).
 */
export function decide(
  settings: MachineSettings,
  byRegion: Map<string, RecentResult[]>,
  open: OpenIncident | null,
  inMaintenance: boolean,
): Decision {
  const regions = settings.regions.filter((r) => byRegion.has(r));
  if (open) {
    const anyFailing = regions.some((r) => {
      const newest = byRegion.get(r)?.[0];
      return newest !== undefined && failed(newest);
    });
    const recovered = open.cause.regions
      .filter((r) => settings.regions.includes(r))
      .every((r) => streak(byRegion.get(r) ?? [], (x) => !failed(x)) >= settings.recoveries);
    return !anyFailing && recovered ? { kind: "resolve" } : { kind: "none" };
  }
  if (inMaintenance) return { kind: "none" };
  const confirmed = regions.filter((r) => streak(byRegion.get(r) ?? [], failed) >= settings.confirmations);
  const needed = Math.min(settings.quorum, settings.regions.length);
  if (confirmed.length === 0 || confirmed.length < needed) return { kind: "none" };
  const streaks = confirmed.map((r) => {
    const results = byRegion.get(r) ?? [];
    return results.slice(0, streak(results, failed));
  });
  const confirming = streaks.flatMap((s) => s.slice(0, settings.confirmations));
  const newest = confirming.reduce((a, b) => (b.scheduledAt > a.scheduledAt ? b : a));
  const oldest = streaks.flat().reduce((a, b) => (b.scheduledAt < a.scheduledAt ? b : a));
  return {
    kind: "open",
    cause: {
      regions: confirmed,
      statusCode: newest.statusCode,
      error: newest.error,
      failedAssertion: newest.failedAssertion,
    },
    firstFailureAt: oldest.scheduledAt,
    openedByResultId: newest.id,
    firstFailure: oldest,
  };
}

/**
 * Regions to re-check soon: their newest result failed but the outage is not confirmed yet. The retry is due
 * `retryIntervalSeconds` after the newest such failure.
 */
export function retryPlan(
  settings: MachineSettings,
  byRegion: Map<string, RecentResult[]>,
): { regions: string[]; at: number } | null {
  const failing = settings.regions
    .map((r) => byRegion.get(r)?.[0])
    .filter((newest): newest is RecentResult => newest !== undefined && failed(newest));
  if (failing.length === 0) return null;
  const latest = Math.max(...failing.map((r) => r.scheduledAt));
  return { regions: failing.map((r) => r.region), at: latest + settings.retryIntervalSeconds * 1000 };
}
