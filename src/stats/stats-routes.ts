import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { type StatsService, type StatsWindow, statsSchema, statsWindows } from "./stats-service.js";

const windows = Object.keys(statsWindows) as [StatsWindow, ...StatsWindow[]];
const statsQuery = z.strictObject({
  window: z.enum(windows, `window must be one of ${windows.join(", ")}`).default("24h"),
});

export function registerStatsRoutes(app: App, { auth, stats }: { auth: AuthService; stats: StatsService }) {
  app.get(
    "/api/monitor/:id/stats",
    {
      onRequest: requireAuth(auth),
      schema: {
        tags: ["stats"],
        params: idParams,
        querystring: statsQuery,
        response: { 200: statsSchema, 404: errorResponse },
      },
    },
    async (request) => stats.stats(caller(request).user.id, request.params.id, request.query.window),
  );
}
