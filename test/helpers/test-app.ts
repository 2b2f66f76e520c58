import { type Logger, pino } from "pino";
import { afterAll } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { DatabaseHandle } from "../../src/db/client.js";
import { buildApp } from "../../src/http/build-app.js";
import type { LiveOptions } from "../../src/live/live-routes.js";
import type { Metrics } from "../../src/metrics/metrics.js";
import { createInProcessQueue } from "../../src/queue/in-process-queue.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";
import { createRegionService } from "../../src/regions/region-service.js";

/** The encryption key of every test app, so a test's dispatcher can open the channels its app saved. */
export const testEncryptionKey = "test-encryption-key-test-encryption-key-0123";

export type Call = {
  token?: string | undefined;
  body?: unknown;
  /** Sent as-is with content-type application/json, for malformed-body tests. */
  rawBody?: string;
  headers?: Record<string, string>;
};

export type Response = { status: number; body: any; headers: Headers };

export type TestApp = {
  url: string;
  request(method: string, path: string, call?: Call): Promise<Response>;
  /** Closes the app now (it is closed after the file anyway; closing twice is harmless). */
  close(): Promise<void>;
};

/**
 * The real app on a real port of 127.0.0.1, over the given database. Rate limits are high unless the test sets
 * them, so only the rate-limit tests see 429s.
 */
export async function startTestApp(
  handle: DatabaseHandle,
  env: Record<string, string> = {},
  {
    createRegions = true,
    logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    queue = createInProcessQueue(),
    metrics,
    live,
    statusPageDnsServers,
  }: {
    createRegions?: boolean;
    logger?: Logger;
    queue?: StreamQueue;
    metrics?: Metrics;
    /** The live-events bus and stream settings; absent, the app has a bus of its own. */
    live?: LiveOptions;
    /** DNS servers for status-page domain challenges (a test's dns-server.ts). */
    statusPageDnsServers?: string[];
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: "test",
    RATE_LIMIT_MAX: "100000",
    RATE_LIMIT_AUTH_MAX: "100000",
    REGIONS: "local",
    // Tests target servers on 127.0.0.1: the SSRF guard is lifted explicitly (its own tests turn it back on).
    ALLOW_PRIVATE_TARGETS: "true",
    ...env,
  });
  if (createRegions) await createRegionService(handle.db).ensure(config.regions);
  const app = await buildApp({
    config,
    logger,
    db: handle.db,
    queue,
    jwtSecret: "test-secret-test-secret-test-secret-0123456789",
    encryptionKey: testEncryptionKey,
    metrics,
    live,
    statusPageDnsServers,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  afterAll(() => app.close());
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("app is not listening on TCP");
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    close: () => app.close(),
    async request(method, path, call = {}) {
      const headers: Record<string, string> = { ...call.headers };
      if (call.token) headers.authorization = `Bearer ${call.token}`;
      let body: string | undefined;
      if (call.rawBody !== undefined) body = call.rawBody;
      else if (call.body !== undefined) body = JSON.stringify(call.body);
      if (body !== undefined) headers["content-type"] ??= "application/json";
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = null;
      if (text && res.headers.get("content-type")?.includes("application/json")) parsed = JSON.parse(text);
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
}
