import { UnauthorizedError } from "../http/errors.js";
import type { App } from "../http/types.js";
import type { Metrics } from "./metrics.js";
import { hasMetricsToken, renderMetrics } from "./metrics-access.js";

/**
 * Times every response by its route pattern (`/api/monitor/:id`), never the raw URL, so the label set stays as
 * small as the route table; requests no route matched share "unmatched".
 */
export function installRequestMetrics(app: App, metrics: Metrics): void {
  app.addHook("onResponse", async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}

/**
 * `GET /metrics` for Prometheus, behind `Authorization: Bearer <METRICS_TOKEN>`. Registered only when a token is
 * configured (otherwise the path is a plain 404). No rate limit, like /health: scrapers poll it on a schedule.
 */
export function registerMetricsRoute(
  app: App,
  { metrics, token }: { metrics: Metrics; token: string },
): void {
  app.get("/metrics", { config: { rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
    if (!hasMetricsToken(request.headers.authorization, token)) {
      throw new UnauthorizedError("A valid metrics token is required");
    }
    const { contentType, body } = await renderMetrics(metrics.registry);
    return reply.header("content-type", contentType).send(body);
  });
}
