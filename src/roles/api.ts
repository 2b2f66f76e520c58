import type { Logger } from "pino";
import { resolveJwtSecret } from "../auth/jwt-secret.js";
import type { Config } from "../config.js";
import type { DatabaseHandle } from "../db/client.js";
import { buildApp } from "../http/build-app.js";
import type { App } from "../http/types.js";
import type { EventBus } from "../live/event-bus.js";
import type { Metrics } from "../metrics/metrics.js";
import { resolveEncryptionKey } from "../notifications/encryption-key.js";
import type { StreamQueue } from "../queue/stream-queue.js";

/** Builds the HTTP API on an open database and starts listening. */
export async function startApi(
  config: Config,
  handle: DatabaseHandle,
  queue: StreamQueue,
  logger: Logger,
  metrics?: Metrics,
  /** Where the API's streams get their events; absent, the app has a bus of its own. */
  bus?: EventBus,
): Promise<App> {
  const jwtSecret = await resolveJwtSecret(config.auth.jwtSecret, config.dataDir);
  const encryptionKey = await resolveEncryptionKey(config.notifications.encryptionKey, config.dataDir);
  const live = bus && { bus };
  const app = await buildApp({
    config,
    logger,
    db: handle.db,
    queue,
    jwtSecret,
    encryptionKey,
    metrics,
    live,
  });
  await app.listen({ port: config.http.port, host: config.http.host });
  return app;
}
