import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { NotFoundError } from "../http/errors.js";
import { type CheckResultMessage, encodeMessage } from "../queue/messages.js";
import type { StreamKeys } from "../queue/stream-keys.js";
import type { StreamQueue } from "../queue/stream-queue.js";
import { pushRegion } from "./heartbeat-token.js";

export type Ping = { failed: boolean; body: string; sourceAddress: string };
export type PingOutcome = { status: "up" | "down" | "paused" };

/** How much of a /fail ping's body becomes the result's error: enough for the last lines of a job's output. */
const failureBodyChars = 500;

/**
 * A ping moves the monitor's deadline one period plus grace ahead and becomes a result in the push region, which
 * the ingester stores like any other. The deadline moves first, under the row lock the scheduler also takes, so a
 * ping and the scheduler's "no ping" result never both win the same deadline.
 */
export function createHeartbeatService(db: Database, queue: StreamQueue, keys: StreamKeys) {
  let groupReady = false;

  return {
    async ping(token: string, ping: Ping): Promise<PingOutcome> {
      const now = Date.now();
      const { rows } = await db.execute<{ id: string; paused: boolean }>(sql`
        update monitors set next_check_at = case when paused then next_check_at
          else ${new Date(now).toISOString()}::timestamptz + make_interval(secs => interval_seconds + grace_seconds) end
        where heartbeat_token = ${token} and type = 'heartbeat'
        returning id, paused`);
      const monitor = rows[0];
      if (!monitor) throw new NotFoundError("Heartbeat");
      // A paused monitor stores nothing: its history should show the pause, not the job's pings.
      if (monitor.paused) return { status: "paused" };
      const excerpt = ping.body.trim().slice(-failureBodyChars);
      const result: CheckResultMessage = {
        monitorId: monitor.id,
        region: pushRegion,
        scheduledAt: now,
        checkedAt: now,
        status: ping.failed ? "down" : "up",
        statusCode: null,
        responseTimeMs: null,
        error: ping.failed ? `The job reported a failure${excerpt ? `: ${excerpt}` : ""}` : null,
        timings: null,
        finalUrl: null,
        remoteAddress: ping.sourceAddress,
        certificate: null,
        failedAssertion: null,
        workerId: "api",
      };
      if (!groupReady) {
        await queue.ensureGroup(keys.results, keys.resultsGroup);
        groupReady = true;
      }
      await queue.add(keys.results, [encodeMessage(result)]);
      return { status: result.status === "up" ? "up" : "down" };
    },
  };
}

export type HeartbeatService = ReturnType<typeof createHeartbeatService>;
