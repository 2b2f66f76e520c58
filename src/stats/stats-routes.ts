import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { type StatsService, type StatsWindow, statsSchema, statsWindows } from "./stats-service.js";
import {
  timelineDescription,
  timelineQuery,
  timelineSchema,
  uptimeBarsDescription,
  uptimeBarsQuery,
  uptimeBarsSchema,
} from "./timeline-schemas.js";
import type { TimelineService } from "./timeline-service.js";

const windows = Object.keys(statsWindows) as [StatsWindow, ...StatsWindow[]];
const statsQuery = z.strictObject({
  window: z.enum(windows, `window must be one of ${windows.join(", ")}`).default("24h"),
});

export function registerStatsRoutes(
  app: App,
  { auth, stats, timeline }: { auth: AuthService; stats: StatsService; timeline: TimelineService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["stats"];

  app.get(
    "/api/monitor/:id/stats",
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        querystring: statsQuery,
        response: { 200: statsSchema, 404: errorResponse },
      },
    },
    async (request) => stats.stats(caller(request).user.id, request.params.id, request.query.window),
  );

  app.get(
    "/api/monitor/:id/timeline",
    {
      onRequest,
      schema: {
        tags,
        description: timelineDescription,
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelineSchema, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => timeline.timeline(caller(request).user.id, request.params.id, request.query),
  );

  app.get(
    "/api/monitor/:id/uptime-bars",
    {
      onRequest,
      schema: {
        tags,
        description: uptimeBarsDescription,
        params: idParams,
        querystring: uptimeBarsQuery,
        response: { 200: uptimeBarsSchema, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => timeline.uptimeBars(caller(request).user.id, request.params.id, request.query.days),
  );
}
