import type { RegionService } from "../regions/region-service.js";
import type { StreamKeys } from "./stream-keys.js";
import type { StreamQueue } from "./stream-queue.js";

/** What an operator needs to see whether regions keep up: backlog, in-flight work and live workers. */
export function createQueueStatsService(queue: StreamQueue, keys: StreamKeys, regions: RegionService) {
  return {
    async stats() {
      const { items } = await regions.list();
      const [perRegion, results, heartbeats] = await Promise.all([
        Promise.all(
          items.map(async ({ name }) => ({
            region: name,
            ...(await queue.groupInfo(keys.checks(name), name)),
          })),
        ),
        queue.groupInfo(keys.results, keys.resultsGroup),
        queue.listHeartbeats(),
      ]);
      return {
        regions: perRegion.map(({ consumers, ...info }) => ({ ...info, consumers: consumers.length })),
        results: {
          length: results.length,
          pending: results.pending,
          lag: results.lag,
          consumers: results.consumers.length,
        },
        workers: heartbeats
          .filter((h) => h.data.kind === "worker")
          .map((h) => ({
            workerId: h.data.workerId ?? h.id,
            region: h.data.region ?? "",
            inFlight: Number(h.data.inFlight ?? 0),
            done: Number(h.data.done ?? 0),
            missed: Number(h.data.missed ?? 0),
            lastHeartbeatAt: new Date(Number(h.data.at ?? 0)).toISOString(),
          })),
      };
    },
  };
}

export type QueueStatsService = ReturnType<typeof createQueueStatsService>;
