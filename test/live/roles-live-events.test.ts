import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeMessage } from "../../src/queue/messages.js";
import { createRedisStreamsQueue } from "../../src/queue/redis-streams-queue.js";
import { streamKeys } from "../../src/queue/stream-keys.js";
import { startTargetServer } from "../helpers/target-server.js";
import { testEncryptionKey } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";
import { testRedisUrl } from "../helpers/test-env.js";
import { deleteKeys, testPrefix } from "../helpers/test-queue.js";
import { spawnVigil } from "../helpers/vigil-process.js";
import { waitFor } from "../helpers/wait-for.js";
import { openEventStream } from "./sse-client.js";

// The roles' wiring, each role its own `vigil` process: the bus each one opens, and shutdown with a stream open.

const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "vigil-live-"));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function signUp(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "live@example.com", name: "Live", password: "live events pw" }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function createMonitor(url: string, token: string, body: unknown): Promise<string> {
  const res = await fetch(`${url}/api/monitor`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("live events in each deployment shape", () => {
  it("vigil start (embedded, in-process bus): streams the pipeline's results and exits cleanly with a stream open", async () => {
    const target = await startTargetServer();
    const env = { DATA_DIR: await tempDir(), PORT: "0", HOST: "127.0.0.1", ALLOW_PRIVATE_TARGETS: "true" };
    const vigil = await spawnVigil(["start"], env, listening);
    const token = await signUp(vigil.match);
    const client = await openEventStream(vigil.match, token);
    const id = await createMonitor(vigil.match, token, { url: `${target.url}/ok` });
    await client.waitForEvent((e) => e.event === "monitor-changed" && e.data.monitorId === id, "created");
    // Scheduler, worker and ingester in the same process: the first check arrives on the stream.
    const checked = await client.waitForEvent(
      (e) => e.event === "monitor" && e.data.monitorId === id,
      "the first check",
      20_000,
    );
    expect(checked.data).toMatchObject({ status: "up", paused: false, results: [{ region: "local" }] });
    expect(await vigil.stop()).toBe(0);
    await client.ended;
  });

  it("vigil api + vigil ingester (Redis bus): the ingester's events reach the API process's stream", async () => {
    const handle = await useTestDatabase();
    const prefix = testPrefix();
    afterAll(() => deleteKeys(prefix));
    const env = {
      DATABASE_URL: handle.url ?? "",
      REDIS_URL: testRedisUrl,
      QUEUE_PREFIX: prefix,
      REGIONS: "eu-west",
      DATA_DIR: await tempDir(),
      ENCRYPTION_KEY: testEncryptionKey,
      JWT_SECRET: "live-events-test-secret-0123456789abcdef",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
    };
    const api = await spawnVigil(["api"], env, listening);
    const ingester = await spawnVigil(["ingester"], env, /live events subscribed/);
    await waitFor(() => api.output().includes("live events subscribed"), {
      message: "the API's subscription",
    });
    const queue = createRedisStreamsQueue({ url: testRedisUrl, prefix });
    try {
      const keys = streamKeys(prefix);
      await queue.ensureGroup(keys.results, keys.resultsGroup);
      const token = await signUp(api.match);
      const client = await openEventStream(api.match, token);
      const id = await createMonitor(api.match, token, {
        url: "https://example.com/live",
        regions: ["eu-west"],
      });
      await client.waitForEvent((e) => e.event === "monitor-changed" && e.data.monitorId === id, "created");
      const scheduledAt = Date.now();
      const result = {
        monitorId: id,
        region: "eu-west",
        scheduledAt,
        checkedAt: scheduledAt + 30,
        status: "up" as const,
        statusCode: 200,
        responseTimeMs: 30,
        error: null,
        timings: null,
        workerId: "test",
        finalUrl: null,
        remoteAddress: null,
        certificate: null,
        failedAssertion: null,
      };
      await queue.add(keys.results, [encodeMessage(result)]);
      const event = await client.waitForEvent((e) => e.event === "monitor", "the ingester's event", 15_000);
      expect(event.data).toMatchObject({ monitorId: id, status: "up", results: [{ region: "eu-west" }] });
      expect(await api.stop()).toBe(0);
      await client.ended;
      expect(await ingester.stop()).toBe(0);
    } finally {
      await queue.close();
    }
  });
});
