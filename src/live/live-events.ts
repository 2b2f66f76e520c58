import { z } from "zod";
import { monitorHealth } from "../db/schema/index.js";

/**
 * The live events `GET /api/events` streams to dashboards, one SSE `event:` name each. Every event carries the
 * userId of the monitor's owner: the bus delivers it to that user's streams only, and the userId never reaches
 * the wire (the SSE `data:` is the event's `data`).
 *
 * - `monitor`: published by the ingester after a batch commits, one per monitor the batch touched. `status` is the
 *   stored status (before the paused/maintenance overlay GET /api/monitor applies); `results` holds the batch's
 *   newest result per region.
 * - `incident`: published after an incident opens or resolves (ingester) or is acknowledged (API).
 * - `monitor-changed`: published by the API after it created, edited, paused, resumed or deleted a monitor, so
 *   the owner's other dashboards refetch it.
 */
export const monitorEventData = z.object({
  monitorId: z.string(),
  status: z.enum(monitorHealth),
  paused: z.boolean(),
  /** ISO time of the newest real check, null before the first. */
  lastCheckedAt: z.string().nullable(),
  results: z.array(
    z.object({
      region: z.string(),
      status: z.string(),
      responseTimeMs: z.number().nullable(),
      /** ISO time the check was due: with monitorId and region, the result's identity. */
      scheduledAt: z.string(),
    }),
  ),
});

export const incidentEventData = z.object({
  id: z.string(),
  monitorId: z.string(),
  state: z.enum(["open", "acknowledged", "resolved"]),
});

export const monitorChanges = ["created", "updated", "deleted", "paused", "resumed"] as const;
export type MonitorChange = (typeof monitorChanges)[number];

export const monitorChangedEventData = z.object({
  monitorId: z.string(),
  change: z.enum(monitorChanges),
});

/** The envelope as it travels between processes (Redis pub/sub, JSON). */
export const liveEventSchema = z.discriminatedUnion("type", [
  z.object({ userId: z.string(), type: z.literal("monitor"), data: monitorEventData }),
  z.object({ userId: z.string(), type: z.literal("incident"), data: incidentEventData }),
  z.object({ userId: z.string(), type: z.literal("monitor-changed"), data: monitorChangedEventData }),
]);

export type LiveEvent = z.infer<typeof liveEventSchema>;
export type MonitorEventData = z.infer<typeof monitorEventData>;
