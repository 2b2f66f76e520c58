import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/client.js";
import { createIngester } from "../../src/ingest/ingester.js";
import type { EventBus } from "../../src/live/event-bus.js";
import { type CheckResultMessage, encodeMessage } from "../../src/queue/messages.js";
import { streamKeys } from "../../src/queue/stream-keys.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";
import { createMonitor, signUp, type TestUser } from "../helpers/factories.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";
import { useTestQueue } from "../helpers/test-queue.js";
import { waitFor } from "../helpers/wait-for.js";
import { about, openEventStream } from "./sse-client.js";
import { testLogger, useTestEventBus } from "./test-event-bus.js";

let handle: DatabaseHandle;
let queue: StreamQueue;
let keys: ReturnType<typeof streamKeys>;
let bus: EventBus;
let app: TestApp;
let ingester: ReturnType<typeof createIngester>;
let ada: TestUser;
let bob: TestUser;

const t0 = Date.now() - 3_600_000;
const at = (n: number) => t0 + n * 60_000;

/** The nth check of a monitor in a region, as a worker reports it. */
const check = (
  monitorId: string,
  n: number,
  status: "up" | "down" = "up",
  region = "eu-west",
): CheckResultMessage => ({
  monitorId,
  region,
  scheduledAt: at(n),
  checkedAt: at(n) + 40,
  status,
  statusCode: status === "down" ? 503 : 200,
  responseTimeMs: 100 + n,
  error: status === "down" ? "HTTP 503 (expected 200-399)" : null,
  timings: null,
  finalUrl: null,
  remoteAddress: null,
  certificate: null,
  failedAssertion: null,
  workerId: "test-worker",
});

/** Adds results to the results stream and has the real ingester store them as one batch. */
async function ingest(results: CheckResultMessage[]): Promise<void> {
  await queue.add(keys.results, results.map(encodeMessage));
  expect(await ingester.ingestOnce()).toBe(results.length);
}

const stream = (user: TestUser) => openEventStream(app.url, user.token);

beforeAll(async () => {
  handle = await useTestDatabase();
  const test = useTestQueue();
  queue = test.queue;
  keys = streamKeys(test.prefix);
  bus = await useTestEventBus(test.prefix);
  app = await startTestApp(
    handle,
    { REGIONS: "eu-west,us-east", QUEUE_PREFIX: test.prefix },
    { queue, live: { bus } },
  );
  await queue.ensureGroup(keys.results, keys.resultsGroup);
  // Driven pass by pass (ingestOnce), so each test decides exactly what one batch holds.
  ingester = createIngester({
    db: handle.db,
    queue,
    keys,
    logger: testLogger(),
    consumer: "ingester-live",
    claimIdleMs: 60_000,
    blockMs: 100,
    live: bus,
  });
  [ada, bob] = await Promise.all([signUp(app), signUp(app)]);
});

describe("GET /api/events", () => {
  it("answers with an event stream that starts with the retry delay", async () => {
    const client = await stream(ada);
    expect(client.status).toBe(200);
    expect(client.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(client.headers.get("cache-control")).toBe("no-cache");
    expect(client.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => client.blocks.length > 0, { message: "the first block" });
    expect(client.blocks[0]).toBe("retry: 3000");
    client.close();
  });

  it("refuses a caller without a valid session, over a cookie as over a bearer token", async () => {
    const anonymous = await openEventStream(app.url, undefined);
    expect(anonymous.status).toBe(401);
    const forged = await openEventStream(app.url, "not-a-token");
    expect(forged.status).toBe(401);
    const res = await fetch(`${app.url}/api/events`, { headers: { cookie: `vigil_session=${ada.token}` } });
    expect(res.status).toBe(200);
    await res.body?.cancel();
  });
});

describe("monitor events", () => {
  it("reports each monitor once per committed batch, with its stored status and newest result per region", async () => {
    const client = await stream(ada);
    const m = await createMonitor(app, ada.token, { regions: ["eu-west", "us-east"] });
    const other = await createMonitor(app, ada.token, { regions: ["eu-west"] });
    await ingest([
      check(m.id, 1, "up", "eu-west"),
      check(m.id, 3, "up", "eu-west"),
      check(m.id, 2, "up", "eu-west"),
      check(m.id, 2, "up", "us-east"),
      check(other.id, 1),
    ]);
    const event = await client.waitForEvent((e) => e.event === "monitor" && e.data.monitorId === m.id, "m");
    expect(event.data).toEqual({
      monitorId: m.id,
      status: "up",
      paused: false,
      lastCheckedAt: new Date(at(3) + 40).toISOString(),
      results: [
        { region: "eu-west", status: "up", responseTimeMs: 103, scheduledAt: new Date(at(3)).toISOString() },
        { region: "us-east", status: "up", responseTimeMs: 102, scheduledAt: new Date(at(2)).toISOString() },
      ],
    });
    await client.waitForEvent((e) => e.event === "monitor" && e.data.monitorId === other.id, "other");
    // A later batch: once its event is in, every event of the first batch is too (one bus, in order).
    await ingest([check(m.id, 4, "down", "us-east")]);
    await client.waitForEvent(
      (e) =>
        e.event === "monitor" &&
        e.data.results[0]?.region === "us-east" &&
        e.data.results[0]?.status === "down",
      "batch 2",
    );
    const ofM = about(client, "monitor", m.id);
    expect(ofM).toHaveLength(2);
    // One failure is not confirmed yet: the stored status stays up, as GET /api/monitor reports it.
    expect(ofM[1]?.data.status).toBe("up");
    expect((await app.request("GET", `/api/monitor/${m.id}`, { token: ada.token })).body.status).toBe("up");
    client.close();
  });

  it("reports a paused monitor's results with paused: true", async () => {
    const client = await stream(ada);
    const m = await createMonitor(app, ada.token, { regions: ["eu-west"], paused: true });
    await ingest([check(m.id, 1)]);
    const event = await client.waitForEvent((e) => e.event === "monitor" && e.data.monitorId === m.id, "m");
    expect(event.data).toMatchObject({ status: "up", paused: true });
    client.close();
  });
});

describe("incident events", () => {
  it("reports an incident when it opens, is acknowledged and resolves", async () => {
    const client = await stream(ada);
    const m = await createMonitor(app, ada.token, { regions: ["eu-west"], confirmations: 2, recoveries: 2 });
    await ingest([check(m.id, 1, "down")]);
    await ingest([check(m.id, 2, "down")]);
    const opened = await client.waitForEvent(
      (e) => e.event === "incident" && e.data.monitorId === m.id,
      "the incident to open",
    );
    const id = opened.data.id as string;
    expect(opened.data).toEqual({ id, monitorId: m.id, state: "open" });
    const down = about(client, "monitor", m.id).at(-1);
    expect(down?.data.status).toBe("down");

    const ack = await app.request("POST", `/api/incidents/${id}/acknowledge`, { token: ada.token });
    expect(ack.status).toBe(200);
    await client.waitForEvent((e) => e.event === "incident" && e.data.state === "acknowledged", "the ack");

    await ingest([check(m.id, 3, "up")]);
    await ingest([check(m.id, 4, "up")]);
    const resolved = await client.waitForEvent(
      (e) => e.event === "incident" && e.data.state === "resolved",
      "the incident to resolve",
    );
    expect(resolved.data).toEqual({ id, monitorId: m.id, state: "resolved" });
    expect(about(client, "incident", m.id).map((e) => e.data.state)).toEqual([
      "open",
      "acknowledged",
      "resolved",
    ]);
    client.close();
  });
});

describe("monitor-changed events", () => {
  it("reports creation, edits, pause, resume and deletion through the API", async () => {
    const client = await stream(ada);
    const m = await createMonitor(app, ada.token, { regions: ["eu-west"] });
    const put = (body: unknown) => app.request("PUT", `/api/monitor/${m.id}`, { token: ada.token, body });
    expect((await put({ name: "Renamed" })).status).toBe(200);
    expect((await put({ paused: true })).status).toBe(200);
    expect((await put({ paused: false, name: "Back" })).status).toBe(200);
    expect((await app.request("DELETE", `/api/monitor/${m.id}`, { token: ada.token })).status).toBe(204);
    await client.waitForEvent((e) => e.event === "monitor-changed" && e.data.change === "deleted", "deleted");
    expect(about(client, "monitor-changed", m.id).map((e) => e.data)).toEqual(
      ["created", "updated", "paused", "resumed", "deleted"].map((change) => ({ monitorId: m.id, change })),
    );
    client.close();
  });

  it("says nothing for a refused edit", async () => {
    const client = await stream(ada);
    const m = await createMonitor(app, ada.token, { regions: ["eu-west"] });
    const refused = await app.request("PUT", `/api/monitor/${m.id}`, {
      token: ada.token,
      body: { regions: ["nowhere"] },
    });
    expect(refused.status).toBe(400);
    await app.request("PUT", `/api/monitor/${m.id}`, { token: ada.token, body: { name: "Later" } });
    await client.waitForEvent(
      (e) => e.event === "monitor-changed" && e.data.change === "updated",
      "the edit",
    );
    expect(about(client, "monitor-changed", m.id).map((e) => e.data.change)).toEqual(["created", "updated"]);
    client.close();
  });
});

describe("tenant isolation", () => {
  it("delivers a user's events to that user's streams only", async () => {
    const [adaStream, adaSecond, bobStream] = await Promise.all([stream(ada), stream(ada), stream(bob)]);
    const m = await createMonitor(app, ada.token, { regions: ["eu-west"], confirmations: 1 });
    await ingest([check(m.id, 1, "down")]);
    for (const client of [adaStream, adaSecond]) {
      await client.waitForEvent((e) => e.event === "incident" && e.data.monitorId === m.id, "ada's incident");
    }
    await app.request("PUT", `/api/monitor/${m.id}`, { token: ada.token, body: { name: "Ada's" } });
    await adaStream.waitForEvent((e) => e.event === "monitor-changed" && e.data.change === "updated", "edit");
    // Bob's own event comes after all of Ada's on the one bus: had any of hers reached him, it would be in.
    const mine = await createMonitor(app, bob.token, { regions: ["eu-west"] });
    await bobStream.waitForEvent((e) => e.data.monitorId === mine.id, "bob's own event");
    expect(bobStream.events.filter((e) => e.data.monitorId === m.id)).toEqual([]);
    expect(bobStream.events.map((e) => e.data.monitorId)).toEqual([mine.id]);
    expect(adaStream.events.some((e) => e.data.monitorId === mine.id)).toBe(false);
    for (const client of [adaStream, adaSecond, bobStream]) client.close();
  });
});
