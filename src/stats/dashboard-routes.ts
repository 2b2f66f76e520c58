import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import type { App } from "../http/types.js";
import { type DashboardService, dashboardSummarySchema } from "./dashboard-service.js";

export function registerDashboardRoutes(
  app: App,
  { auth, dashboard }: { auth: AuthService; dashboard: DashboardService },
) {
  app.get(
    "/api/dashboard/summary",
    {
      onRequest: requireAuth(auth),
      schema: {
        tags: ["dashboard"],
        description:
          "The caller's monitors by status, incidents open and opened today (UTC), and uptime and p95 response " +
          "time over all their monitors' checks of the last 24 hour buckets (the current one included).",
        response: { 200: dashboardSummarySchema },
      },
    },
    async (request) => dashboard.summary(caller(request).user.id),
  );
}
