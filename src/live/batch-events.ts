import type { MachineOutcome } from "../incidents/incident-machine.js";
import type { NewResult } from "../results/result-repository.js";
import type { LiveEvent, MonitorEventData } from "./live-events.js";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The live events of one committed ingest batch: one `monitor` event per monitor the state machine evaluated
 * (however many of its results the batch held), carrying the batch's newest result per region, then one
 * `incident` event per incident opened or resolved. Monitors deleted meanwhile are not evaluated, so get none.
 */
export function batchEvents(results: NewResult[], outcome: MachineOutcome): LiveEvent[] {
  const newest = new Map<string, Map<string, NewResult>>();
  for (const result of results) {
    let regions = newest.get(result.monitorId);
    if (!regions) {
      regions = new Map();
      newest.set(result.monitorId, regions);
    }
    const seen = regions.get(result.region);
    if (!seen || seen.scheduledAt < result.scheduledAt) regions.set(result.region, result);
  }
  const events: LiveEvent[] = outcome.monitors.map((monitor) => {
    const latest = [...(newest.get(monitor.id)?.values() ?? [])].sort((a, b) =>
      a.region.localeCompare(b.region),
    );
    const data: MonitorEventData = {
      monitorId: monitor.id,
      status: monitor.status,
      paused: monitor.paused,
      lastCheckedAt: monitor.lastCheckedAt === null ? null : iso(monitor.lastCheckedAt),
      results: latest.map((r) => ({
        region: r.region,
        status: r.status,
        responseTimeMs: r.responseTimeMs,
        scheduledAt: r.scheduledAt.toISOString(),
      })),
    };
    return { userId: monitor.userId, type: "monitor", data };
  });
  for (const incident of outcome.incidents) {
    events.push({
      userId: incident.userId,
      type: "incident",
      data: { id: incident.id, monitorId: incident.monitorId, state: incident.state },
    });
  }
  return events;
}
