import { randomUUID } from "node:crypto";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { registerAuthRoutes } from "../auth/auth-routes.js";
import { createAuthService } from "../auth/auth-service.js";
import { createTokenCodec } from "../auth/token.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { registerHealthRoutes } from "../health/health-routes.js";
import { registerHeartbeatRoutes } from "../heartbeats/heartbeat-routes.js";
import { createHeartbeatService } from "../heartbeats/heartbeat-service.js";
import { registerIncidentRoutes } from "../incidents/incident-routes.js";
import { createIncidentService } from "../incidents/incident-service.js";
import { parseDurationMs } from "../lib/duration.js";
import { registerMaintenanceRoutes } from "../maintenance/maintenance-routes.js";
import { createMaintenanceService } from "../maintenance/maintenance-service.js";
import type { Metrics } from "../metrics/metrics.js";
import { installRequestMetrics, registerMetricsRoute } from "../metrics/metrics-routes.js";
import { trackQueue } from "../metrics/queue-gauges.js";
import { registerMonitorRoutes } from "../monitors/monitor-routes.js";
import { createMonitorService } from "../monitors/monitor-service.js";
import { registerChannelRoutes } from "../notifications/channel-routes.js";
import { createChannelSender } from "../notifications/channel-sender.js";
import { createChannelService } from "../notifications/channel-service.js";
import { createOutboxService } from "../notifications/outbox-service.js";
import { createSecretBox } from "../notifications/secret-box.js";
import { registerQueueRoutes } from "../queue/queue-routes.js";
import { createQueueStatsService } from "../queue/queue-stats-service.js";
import { streamKeys } from "../queue/stream-keys.js";
import type { StreamQueue } from "../queue/stream-queue.js";
import { registerRegionRoutes } from "../regions/region-routes.js";
import { createRegionService } from "../regions/region-service.js";
import { registerResultRoutes } from "../results/result-routes.js";
import { createResultService } from "../results/result-service.js";
import { registerDashboardRoutes } from "../stats/dashboard-routes.js";
import { createDashboardService } from "../stats/dashboard-service.js";
import { registerStatsRoutes } from "../stats/stats-routes.js";
import { createStatsService } from "../stats/stats-service.js";
import { createTimelineService } from "../stats/timeline-service.js";
import { registerUserRoutes } from "../users/user-routes.js";
import { installErrorHandlers } from "./error-handler.js";
import { registerOpenApi } from "./plugins/openapi.js";
import { registerSecurity } from "./plugins/security.js";
import type { App } from "./types.js";

export type AppDeps = {
  config: Pick<Config, "http" | "auth" | "queue" | "checks" | "notifications" | "metrics">;
  logger: FastifyBaseLogger;
  db: Database;
  queue: StreamQueue;
  jwtSecret: string;
  /** Seals notification channel secrets (ENCRYPTION_KEY, or the generated one). */
  encryptionKey: string;
  /** This process's metrics: absent, requests are not timed and /metrics is not served. */
  metrics?: Metrics;
};

export async function buildApp({
  config,
  logger,
  db,
  queue,
  jwtSecret,
  encryptionKey,
  metrics,
}: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: 1024 * 1024,
    trustProxy: config.http.trustProxy,
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // Query strings like ?a=1&a=2 become arrays, which the strict query schemas then reject.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: a text/plain body is refused with 415 instead of reaching the schemas as a string.
  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest("auth", null);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  installErrorHandlers(app);
  if (metrics) installRequestMetrics(app, metrics);

  await registerSecurity(app, config.http);
  await registerOpenApi(app);

  const sessionTtlMs = parseDurationMs(config.auth.jwtExpiresIn);
  const auth = createAuthService({
    db,
    tokens: createTokenCodec(jwtSecret, sessionTtlMs),
    sessionTtlMs,
    allowSignup: config.auth.allowSignup,
  });
  const keys = streamKeys(config.queue.prefix);
  registerHealthRoutes(app, { db, queue });
  registerAuthRoutes(app, {
    auth,
    secureCookies: config.auth.secureCookies,
    authRateLimitMax: config.http.rateLimit.authMax,
  });
  registerUserRoutes(app, { auth });
  registerMonitorRoutes(app, {
    auth,
    monitors: createMonitorService(db, { targets: config.checks, publicUrl: config.http.publicUrl }),
  });
  registerHeartbeatRoutes(app, { heartbeats: createHeartbeatService(db, queue, keys) });
  registerMaintenanceRoutes(app, { auth, maintenance: createMaintenanceService(db) });
  registerIncidentRoutes(app, { auth, incidents: createIncidentService(db) });
  registerResultRoutes(app, { auth, results: createResultService(db) });
  registerStatsRoutes(app, { auth, stats: createStatsService(db), timeline: createTimelineService(db) });
  registerDashboardRoutes(app, { auth, dashboard: createDashboardService(db) });
  const regions = createRegionService(db, (name) => queue.ensureGroup(keys.checks(name), name));
  registerRegionRoutes(app, { auth, regions });
  registerQueueRoutes(app, { auth, queueStats: createQueueStatsService(queue, keys, regions) });
  if (metrics) {
    const regionNames = async () => (await regions.list()).items.map((r) => r.name);
    trackQueue(metrics, { queue, keys, regionNames, logger });
    if (config.metrics.token) registerMetricsRoute(app, { metrics, token: config.metrics.token });
  }
  // The channel test route sends for real, through the same sender and SSRF policy as the dispatcher.
  const sender = createChannelSender({ targets: config.checks, smtp: config.notifications.smtp });
  app.addHook("onClose", () => sender.close());
  const box = createSecretBox(encryptionKey);
  registerChannelRoutes(app, {
    auth,
    channels: createChannelService(db, { box, sender, targets: config.checks }),
    outbox: createOutboxService(db),
  });
  return app;
}
