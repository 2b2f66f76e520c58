import { checkJobSchema, decodeMessage } from "../../src/queue/messages.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";

export type Published = { by: string; monitorId: string; region: string; scheduledAt: number };

/** The queue as one scheduler sees it, noting every job the queue accepted from it. */
export function recordingQueue(queue: StreamQueue, by: string, log: Published[]): StreamQueue {
  return Object.assign(Object.create(queue) as StreamQueue, {
    async add(stream: string, messages: Record<string, string>[], maxLength?: number) {
      const ids = await queue.add(stream, messages, maxLength);
      for (const message of messages) {
        const job = decodeMessage(message, checkJobSchema);
        if (job) log.push({ by, monitorId: job.monitorId, region: job.region, scheduledAt: job.scheduledAt });
      }
      return ids;
    },
  });
}
