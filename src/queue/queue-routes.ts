import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { requireAdmin, requireAuth } from "../auth/request-auth.js";
import type { App } from "../http/types.js";
import type { QueueStatsService } from "./queue-stats-service.js";

const backlog = { length: z.number(), pending: z.number(), lag: z.number(), consumers: z.number() };
const queueStatsSchema = z.object({
  regions: z.array(z.object({ region: z.string(), ...backlog })),
  results: z.object(backlog),
  workers: z.array(
    z.object({
      workerId: z.string(),
      region: z.string(),
      inFlight: z.number(),
      done: z.number(),
      missed: z.number(),
      lastHeartbeatAt: z.string(),
    }),
  ),
});

export function registerQueueRoutes(
  app: App,
  { auth, queueStats }: { auth: AuthService; queueStats: QueueStatsService },
) {
  app.get(
    "/api/queue/stats",
    { onRequest: requireAuth(auth), schema: { tags: ["queue"], response: { 200: queueStatsSchema } } },
    async (request) => {
      requireAdmin(request);
      return queueStats.stats();
    },
  );
}
