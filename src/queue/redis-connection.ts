import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";

/**
 * How the queue connects to Redis. Calls made during an outage fail after a few reconnect attempts instead of
 * hanging (the roles' loops retry them); reconnects back off exponentially with jitter, so every role reconnecting
 * after a Redis restart does not arrive in lockstep.
 */
const connectionOptions: RedisOptions = {
  enableOfflineQueue: true,
  maxRetriesPerRequest: 2,
  connectTimeout: 5_000,
  retryStrategy: (times) => Math.min(2 ** times * 50, 5_000) * (0.5 + Math.random() / 2),
};

const quitTimeoutMs = 1_000;

export const timedOut = Symbol("timed out");

/** The promise's value, or `timedOut` after ms. A late rejection is handled (by the race), never unhandled. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof timedOut> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof timedOut>((resolve) => {
    timer = setTimeout(resolve, ms, timedOut);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Where Redis is, for logs: host and port only, never the password in the URL. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "6379"}`;
  } catch {
    // An unparsable URL fails at connect time with its own error; the log label does not need to.
    return "redis";
  }
}

export type RedisConnections = {
  /** Host and port, safe to log. */
  target: string;
  /** For every non-blocking command. */
  client: Redis;
  /** Another connection to the same server, e.g. for a blocking command that must not stall the others. */
  duplicate(role: string): Redis;
};

export function connectRedis(url: string, logger: Logger | undefined): RedisConnections {
  const target = describeTarget(url);

  // Without an 'error' listener an ioredis error event would crash the process. ioredis emits one per failed
  // attempt, so the first of an outage is a warning and the rest are debug.
  function watch(connection: Redis, role: string): Redis {
    let healthy = true;
    connection.on("error", (err: Error) => {
      const fields = { redis: target, connection: role, err: err.message };
      if (healthy) logger?.warn(fields, "redis connection error");
      else logger?.debug(fields, "redis still unreachable");
      healthy = false;
    });
    connection.on("ready", () => {
      if (!healthy) logger?.info({ redis: target, connection: role }, "redis connection restored");
      healthy = true;
    });
    return connection;
  }

  const client = watch(new Redis(url, connectionOptions), "commands");
  return { target, client, duplicate: (role) => watch(client.duplicate(), role) };
}

/** QUIT lets replies in flight arrive; when Redis does not answer in time the socket is simply closed. */
export async function quitOrDisconnect(connection: Redis): Promise<void> {
  const reply = await withTimeout(connection.quit(), quitTimeoutMs).catch((err: unknown) => err);
  if (reply !== "OK") connection.disconnect();
}
