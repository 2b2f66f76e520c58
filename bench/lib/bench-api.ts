import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import type { DatabaseHandle } from "../../src/db/client.js";
import { createInProcessQueue } from "../../src/queue/in-process-queue.js";
import { createRegionService } from "../../src/regions/region-service.js";
import { startApi } from "../../src/roles/api.js";
import type { Cleanup } from "./scratch.js";

export type BenchApi = {
  base: string;
  /** GET without a body, POST with one; a non-2xx answer throws with its body. */
  call(path: string, token?: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Signs a user up: the first one is the admin. */
  signUp(email: string): Promise<{ token: string; userId: string }>;
};

/**
 * The real API on a random port of 127.0.0.1 over `handle`, silent and without rate limits worth the name, with
 * fresh secrets; closed by `cleanup`. `env` adds settings (REGIONS creates those regions).
 */
export async function startBenchApi(
  handle: DatabaseHandle,
  cleanup: Cleanup,
  env: Record<string, string> = {},
): Promise<BenchApi> {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    RATE_LIMIT_MAX: "1000000",
    RATE_LIMIT_AUTH_MAX: "1000",
    JWT_SECRET: randomBytes(32).toString("hex"),
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    DATA_DIR: `/tmp/vigil-bench-${randomBytes(4).toString("hex")}`,
    ...env,
  });
  if (env.REGIONS) await createRegionService(handle.db).ensure(config.regions);
  const app = await startApi(config, handle, createInProcessQueue(), pino({ level: "silent" }));
  cleanup.add("close api", () => app.close());
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const call: BenchApi["call"] = async (path, token, body) => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
    return json;
  };
  return {
    base,
    call,
    async signUp(email) {
      const signup = await call("/api/auth/signup", undefined, {
        email,
        name: "Bench",
        password: "benchmark password",
      });
      return { token: signup.token as string, userId: (signup.user as { id: string }).id };
    },
  };
}
