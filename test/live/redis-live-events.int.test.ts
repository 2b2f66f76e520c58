import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createIngester } from "../../src/ingest/ingester.js";
import type { EventBus } from "../../src/live/event-bus.js";
import { type CheckResultMessage, encodeMessage } from "../../src/queue/messages.js";
import { streamKeys } from "../../src/queue/stream-keys.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";
import { openEventBus } from "../../src/roles/event-bus.js";
import { createMonitor, signUp, type TestUser } from "../helpers/factories.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";
import { testRedisUrl } from "../helpers/test-env.js";
import { useTestQueue } from "../helpers/test-queue.js";
import { openEventStream } from "./sse-client.js";
import { testLogger } from "./test-event-bus.js";

// Two "processes" on one database: A runs the ingester and an API, B only an API. Each opens its bus the way
// the roles do with REDIS_URL set (openEventBus), on the shared test Redis under this file's own prefix.

let queue: StreamQueue;
let prefix: string;
let apiA: TestApp;
let apiB: TestApp;
let ada: TestUser;
let bob: TestUser;

const t0 = Date.now() - 3_600_000;
const check = (monitorId: string, n: number, status: "up" | "down"): CheckResultMessage => ({
  monitorId,
  region: "eu-west",
  scheduledAt: t0 + n * 60_000,
  checkedAt: t0 + n * 60_000 + 10,
  status,
  statusCode: status === "down" ? 503 : 200,
  responseTimeMs: 80,
  error: status === "down" ? "HTTP 503" : null,
  timings: null,
  finalUrl: null,
  remoteAddress: null,
  certificate: null,
  failedAssertion: null,
  workerId: "test-worker",
});

async function redisBus(): Promise<EventBus> {
  const bus = openEventBus(loadConfig({ REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix }), testLogger());
  afterAll(() => bus.close());
  await bus.ready();
  return bus;
}

beforeAll(async () => {
  const handle = await useTestDatabase();
  ({ queue, prefix } = useTestQueue());
  const [busA, busB] = [await redisBus(), await redisBus()];
  expect([busA.kind, busB.kind]).toEqual(["redis", "redis"]);
  const env = { REGIONS: "eu-west", QUEUE_PREFIX: prefix };
  apiA = await startTestApp(handle, env, { queue, live: { bus: busA } });
  apiB = await startTestApp(handle, env, { queue, live: { bus: busB } });
  const keys = streamKeys(prefix);
  const ingester = createIngester({
    db: handle.db,
    queue,
    keys,
    logger: testLogger(),
    consumer: "ingester-a",
    claimIdleMs: 60_000,
    blockMs: 100,
    live: busA,
  }).start();
  afterAll(() => ingester.stop());
  [ada, bob] = await Promise.all([signUp(apiA), signUp(apiA)]);
});

describe("live events across processes over Redis pub/sub", () => {
  it("reaches a stream on API B from A's ingester and A's API, for the owner only", async () => {
    const [adaOnB, bobOnB] = await Promise.all([
      openEventStream(apiB.url, ada.token),
      openEventStream(apiB.url, bob.token),
    ]);
    const m = await createMonitor(apiA, ada.token, { regions: ["eu-west"], confirmations: 1, recoveries: 1 });
    await adaOnB.waitForEvent((e) => e.event === "monitor-changed" && e.data.monitorId === m.id, "created");

    await queue.add(streamKeys(prefix).results, [encodeMessage(check(m.id, 1, "down"))]);
    const opened = await adaOnB.waitForEvent((e) => e.event === "incident", "the incident to open");
    expect(opened.data).toMatchObject({ monitorId: m.id, state: "open" });
    const monitor = await adaOnB.waitForEvent((e) => e.event === "monitor", "the monitor event");
    expect(monitor.data).toMatchObject({ monitorId: m.id, status: "down", paused: false });

    const ack = await apiA.request("POST", `/api/incidents/${opened.data.id}/acknowledge`, {
      token: ada.token,
    });
    expect(ack.status).toBe(200);
    await adaOnB.waitForEvent((e) => e.data.state === "acknowledged", "the acknowledgement");

    await queue.add(streamKeys(prefix).results, [encodeMessage(check(m.id, 2, "up"))]);
    await adaOnB.waitForEvent((e) => e.data.state === "resolved", "the incident to resolve");

    // Bob's own event is published after all of Ada's, from the same process.
    const his = await createMonitor(apiA, bob.token, { regions: ["eu-west"] });
    await bobOnB.waitForEvent((e) => e.data.monitorId === his.id, "bob's own event");
    expect(bobOnB.events.map((e) => e.data.monitorId)).toEqual([his.id]);
    adaOnB.close();
    bobOnB.close();
  });
});
