import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { type ReceivedRequest, startReceiver } from "./helpers/notification-receiver.js";
import {
  createWebhookChannel,
  enqueue,
  incidentTimeline,
  openIncident,
  outboxRow,
  testDispatcher,
} from "./helpers/outbox.js";
import { startTestApp, type TestApp, testEncryptionKey } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { testBackend, testRedisUrl } from "./helpers/test-env.js";
import { deleteKeys, testPrefix } from "./helpers/test-queue.js";
import { spawnVigil } from "./helpers/vigil-process.js";
import { waitFor } from "./helpers/wait-for.js";

// At least once, never twice at a time: a dispatcher that dies mid-send hands its row on after the lease, and
// dispatchers running together split the outbox between them.

let handle: DatabaseHandle & { url?: string };
let app: TestApp;
let owner: TestUser;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
  owner = await signUp(app);
});

const leaseMs = 60_000;
const afterTheLease = () => Date.now() + leaseMs + 1_000;
const deliveryIds = (requests: ReceivedRequest[]) =>
  requests.map((r) => String(r.headers["x-vigil-delivery"]));

describe("a dispatcher that stops mid-send", () => {
  it("leaves the row to the next dispatcher after the lease, and its late answer changes nothing", async () => {
    const receiver = await startReceiver((_, n) => (n === 1 ? "hold" : { status: 200 }));
    const channel = await createWebhookChannel(app, owner.token, receiver.url, "Held");
    const monitor = await createMonitor(app, owner.token);
    const incidentId = await openIncident(handle, owner.user.id, monitor.id);
    const [id = ""] = await enqueue(handle, owner.user.id, [channel.id], { incidentId });

    // A claims the row and hangs in its send: from the database's side, exactly a dispatcher that died there.
    const stuck = testDispatcher(handle, { timeoutMs: 120_000 }).dispatchOnce();
    await waitFor(() => receiver.requests.length === 1, { message: "A's request to arrive" });
    expect(await outboxRow(handle, id)).toMatchObject({ state: "pending", attempts: 1 });
    expect(await testDispatcher(handle).dispatchOnce()).toBe(0);

    expect(await testDispatcher(handle, { now: afterTheLease }).dispatchOnce()).toBe(1);
    expect(await outboxRow(handle, id)).toMatchObject({ state: "sent", attempts: 2 });

    // A's receiver finally answers: A must neither mark the row again nor add to the timeline.
    receiver.release({ status: 200 });
    expect(await stuck).toBe(1);
    expect(await outboxRow(handle, id)).toMatchObject({ state: "sent", attempts: 2 });
    expect(deliveryIds(receiver.requests)).toEqual([id, id]);
    expect(await incidentTimeline(handle, incidentId)).toEqual([
      { kind: "notification_sent", message: "Sent to Held (webhook)" },
    ]);
  });

  // A real process killed with SIGKILL needs PostgreSQL (and Redis, for the ingester role it runs in).
  it.runIf(testBackend === "postgres")(
    "killed with SIGKILL: the message is delivered by another dispatcher after the lease",
    async () => {
      const receiver = await startReceiver((_, n) => (n === 1 ? "hold" : { status: 200 }));
      const channel = await createWebhookChannel(app, owner.token, receiver.url, "Killed");
      const [id = ""] = await enqueue(handle, owner.user.id, [channel.id]);
      const prefix = testPrefix();
      try {
        const child = await spawnVigil(
          ["ingester"],
          {
            DATABASE_URL: handle.url ?? "",
            REDIS_URL: testRedisUrl,
            QUEUE_PREFIX: prefix,
            ENCRYPTION_KEY: testEncryptionKey,
            ALLOW_PRIVATE_TARGETS: "true",
            LOG_LEVEL: "info",
          },
          /notification dispatcher started/,
        );
        await waitFor(() => receiver.requests.length === 1, {
          timeoutMs: 15_000,
          message: "the child's request",
        });
        await child.kill();
        const row = await outboxRow(handle, id);
        expect(row).toMatchObject({ state: "pending", attempts: 1 });
        expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + leaseMs / 2);

        expect(await testDispatcher(handle, { now: afterTheLease }).dispatchOnce()).toBe(1);
        expect(await outboxRow(handle, id)).toMatchObject({ state: "sent", attempts: 2 });
        expect(deliveryIds(receiver.requests)).toEqual([id, id]);
        expect(receiver.succeeded()).toBe(1);
      } finally {
        await deleteKeys(prefix);
      }
    },
    60_000,
  );
});

describe("dispatchers running together", () => {
  it("claim disjoint rows: both are mid-send at once, and no row is sent twice", async () => {
    let allArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      allArrived = resolve;
    });
    // Answers nothing until all ten requests are in: only two dispatchers sending at the same time get there.
    const receiver = await startReceiver(async (_, n) => {
      if (n === 10) allArrived();
      await arrived;
      return { status: 200 };
    });
    const channel = await createWebhookChannel(app, owner.token, receiver.url, "Shared");
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(...(await enqueue(handle, owner.user.id, [channel.id])));
    const options = { batchSize: 5, perChannelPerMinute: 100, timeoutMs: 5_000 };
    const [a, b] = [testDispatcher(handle, options), testDispatcher(handle, options)];

    expect(await Promise.all([a.dispatchOnce(), b.dispatchOnce()])).toEqual([5, 5]);
    expect(deliveryIds(receiver.requests).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await outboxRow(handle, id)).toMatchObject({ state: "sent", attempts: 1 });
  });

  it("deliver a backlog across channels exactly once between them", async () => {
    const receiver = await startReceiver();
    const channels = await Promise.all(
      ["one", "two", "three"].map((name) =>
        createWebhookChannel(app, owner.token, `${receiver.url}/${name}`, name),
      ),
    );
    const ids: string[] = [];
    // One channel per call: enqueueNotifications gives every row of one call the same id (reported to the lead).
    for (let i = 0; i < 15; i++) {
      for (const channel of channels) ids.push(...(await enqueue(handle, owner.user.id, [channel.id])));
    }
    const options = { pollMs: 5, batchSize: 4, perChannelPerMinute: 1_000 };
    const running = [testDispatcher(handle, options).start(), testDispatcher(handle, options).start()];
    try {
      await waitFor(() => receiver.requests.length >= ids.length, { message: "every delivery" });
      await waitFor(
        async () =>
          (await Promise.all(ids.map((id) => outboxRow(handle, id)))).every((r) => r.state === "sent"),
        { message: "every row sent" },
      );
    } finally {
      await Promise.all(running.map((r) => r.stop()));
    }
    expect(deliveryIds(receiver.requests).sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await outboxRow(handle, id)).attempts).toBe(1);
  });
});
