import { randomUUID } from "node:crypto";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { registerApiTokenRoutes } from "../api-tokens/api-token-routes.js";
import { createApiTokenService } from "../api-tokens/api-token-service.js";
import { registerAccountRoutes } from "../auth/account-routes.js";
import { createAccountService } from "../auth/account-service.js";
import { registerAuthRoutes } from "../auth/auth-routes.js";
import { createAuthService } from "../auth/auth-service.js";
import { registerPasswordResetRoutes } from "../auth/password-reset-routes.js";
import { createPasswordResetService } from "../auth/password-reset-service.js";
import { createTokenCodec } from "../auth/token.js";
import { createTotpService } from "../auth/totp-service.js";
import { registerBadgeRoutes } from "../badges/badge-routes.js";
import { createBadgeService } from "../badges/badge-service.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { registerHealthRoutes } from "../health/health-routes.js";
import { registerHeartbeatRoutes } from "../heartbeats/heartbeat-routes.js";
import { createHeartbeatService } from "../heartbeats/heartbeat-service.js";
import { registerIncidentRoutes } from "../incidents/incident-routes.js";
import { createIncidentService } from "../incidents/incident-service.js";
import { parseDurationMs } from "../lib/duration.js";
import { createInProcessEventBus } from "../live/in-process-event-bus.js";
import { type LiveOptions, registerLiveRoutes } from "../live/live-routes.js";
import { registerMaintenanceRoutes } from "../maintenance/maintenance-routes.js";
import { createMaintenanceService } from "../maintenance/maintenance-service.js";
import type { Metrics } from "../metrics/metrics.js";
import { installRequestMetrics, registerMetricsRoute } from "../metrics/metrics-routes.js";
import { trackQueue } from "../metrics/queue-gauges.js";
import { registerMonitorBulkRoutes } from "../monitors/monitor-bulk-routes.js";
import { createMonitorBulkService } from "../monitors/monitor-bulk-service.js";
import { registerMonitorRoutes } from "../monitors/monitor-routes.js";
import { createMonitorService } from "../monitors/monitor-service.js";
import { createMonitorCodeService } from "../monitors-as-code/apply-service.js";
import { registerMonitorCodeRoutes } from "../monitors-as-code/code-routes.js";
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
import { registerStatusPages } from "../status-pages/register-status-pages.js";
import { registerUserRoutes } from "../users/user-routes.js";
import { createUserService } from "../users/user-service.js";
import { registerSpaRoutes } from "../web/spa-routes.js";
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
  /** The live-events bus the roles share; absent, the app has one of its own (its events stay inside it). */
  live?: LiveOptions;
  /** DNS servers (host:port) asked for status-page domain challenges; absent, the machine's resolvers. */
  statusPageDnsServers?: string[];
};

export async function buildApp({
  config,
  logger,
  db,
  queue,
  jwtSecret,
  encryptionKey,
  metrics,
  live = { bus: createInProcessEventBus(logger) },
  statusPageDnsServers,
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

  const box = createSecretBox(encryptionKey);
  const sessionTtlMs = parseDurationMs(config.auth.jwtExpiresIn);
  const totp = createTotpService({ db, box });
  const auth = createAuthService({
    db,
    tokens: createTokenCodec(jwtSecret, sessionTtlMs),
    totp,
    sessionTtlMs,
    allowSignup: config.auth.allowSignup,
  });
  const passwordResets = createPasswordResetService({
    db,
    smtp: config.notifications.smtp,
    publicUrl: config.http.publicUrl,
    logger,
  });
  app.addHook("onClose", () => passwordResets.settle());
  const keys = streamKeys(config.queue.prefix);
  registerHealthRoutes(app, { db, queue });
  const authRateLimitMax = config.http.rateLimit.authMax;
  registerAuthRoutes(app, {
    auth,
    passwordResets,
    secureCookies: config.auth.secureCookies,
    authRateLimitMax,
  });
  registerAccountRoutes(app, { auth, account: createAccountService(db), totp, authRateLimitMax });
  registerPasswordResetRoutes(app, { passwordResets, authRateLimitMax });
  registerApiTokenRoutes(app, { auth, apiTokens: createApiTokenService(db) });
  registerUserRoutes(app, { auth, users: createUserService(db) });
  const monitorDeps = { targets: config.checks, publicUrl: config.http.publicUrl, live: live.bus };
  registerMonitorRoutes(app, { auth, monitors: createMonitorService(db, monitorDeps) });
  registerMonitorBulkRoutes(app, { auth, bulk: createMonitorBulkService(db, monitorDeps) });
  registerMonitorCodeRoutes(app, { auth, code: createMonitorCodeService(db, monitorDeps) });
  registerHeartbeatRoutes(app, { heartbeats: createHeartbeatService(db, queue, keys) });
  registerMaintenanceRoutes(app, { auth, maintenance: createMaintenanceService(db) });
  registerIncidentRoutes(app, { auth, incidents: createIncidentService(db, live.bus) });
  registerLiveRoutes(app, { auth, ...live });
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
  registerChannelRoutes(app, {
    auth,
    channels: createChannelService(db, { box, sender, targets: config.checks }),
    outbox: createOutboxService(db),
  });
  // Before the SPA: the status pages' hook serves `/` on verified custom domains.
  registerStatusPages(app, { db, auth, publicUrl: config.http.publicUrl, dnsServers: statusPageDnsServers });
  registerBadgeRoutes(app, { badges: createBadgeService(db) });
  // SPA (registered last)
  await registerSpaRoutes(app);
  return app;
}
