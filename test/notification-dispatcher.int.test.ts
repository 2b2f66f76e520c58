import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { startReceiver } from "./helpers/notification-receiver.js";
import {
  createWebhookChannel,
  downMessage,
  enqueue,
  incidentTimeline,
  openIncident,
  outboxRow,
  testClock,
  testDispatcher,
} from "./helpers/outbox.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { waitFor } from "./helpers/wait-for.js";

let handle: DatabaseHandle;
let app: TestApp;
let owner: TestUser;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
  owner = await signUp(app);
});

const hour = 3_600_000;

describe("the notification dispatcher", () => {
  it("delivers an enqueued incident notification and notes it on the incident", async () => {
    const receiver = await startReceiver();
    const channel = await createWebhookChannel(app, owner.token, `${receiver.url}/hook`, "Ops hook");
    const monitor = await createMonitor(app, owner.token);
    const incidentId = await openIncident(handle, owner.user.id, monitor.id);
    const message = downMessage("checkout is DOWN");
    const [id] = await enqueue(handle, owner.user.id, [channel.id], { incidentId, message });
    const running = testDispatcher(handle, { pollMs: 20 }).start();
    try {
      await waitFor(async () => (await outboxRow(handle, id ?? "")).state === "sent", {
        message: "row sent",
      });
    } finally {
      await running.stop();
    }
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.json()).toMatchObject({ id, event: "down", title: "checkout is DOWN" });
    expect(receiver.requests[0]?.headers["idempotency-key"]).toBe(
      (await outboxRow(handle, id ?? "")).idempotencyKey,
    );
    expect(await incidentTimeline(handle, incidentId)).toEqual([
      { kind: "notification_sent", message: "Sent to Ops hook (webhook)" },
    ]);
    const listed = await app.request("GET", "/api/notifications?state=sent", { token: owner.token });
    expect(listed.body.items).toContainEqual({
      id,
      channelId: channel.id,
      incidentId,
      event: "down",
      title: "checkout is DOWN",
      state: "sent",
      attempts: 1,
      lastError: null,
      createdAt: expect.any(String),
      sentAt: expect.any(String),
      nextAttemptAt: null,
    });
  });

  it("retries a failing receiver with backoff: three failures, then one delivery, attempts 4", async () => {
    const receiver = await startReceiver((_, n) =>
      n <= 3 ? { status: 503, body: "try later" } : { status: 200 },
    );
    const channel = await createWebhookChannel(app, owner.token, receiver.url);
    const monitor = await createMonitor(app, owner.token);
    const incidentId = await openIncident(handle, owner.user.id, monitor.id);
    const [id = ""] = await enqueue(handle, owner.user.id, [channel.id], { incidentId });
    const clock = testClock();
    const dispatcher = testDispatcher(handle, { now: clock.now });

    for (const [attempt, backoffMs] of [
      [1, 10_000],
      [2, 20_000],
      [3, 40_000],
    ] as const) {
      const before = clock.now();
      expect(await dispatcher.dispatchOnce()).toBe(1);
      const row = await outboxRow(handle, id);
      expect(row).toMatchObject({ state: "pending", attempts: attempt, lastError: "HTTP 503: try later" });
      const waitMs = row.nextAttemptAt.getTime() - before;
      expect(waitMs).toBeGreaterThanOrEqual(backoffMs * 0.8);
      expect(waitMs).toBeLessThanOrEqual(backoffMs * 1.2 + 1_000);
      // Not due again until the backoff has passed.
      expect(await dispatcher.dispatchOnce()).toBe(0);
      clock.advance(hour);
    }
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await outboxRow(handle, id)).toMatchObject({ state: "sent", attempts: 4, lastError: null });
    expect(receiver.requests).toHaveLength(4);
    expect(receiver.succeeded()).toBe(1);
    // Every attempt was the same delivery, so the receiver could have dropped duplicates.
    expect(new Set(receiver.requests.map((r) => r.headers["x-vigil-delivery"]))).toEqual(new Set([id]));
    expect(new Set(receiver.requests.map((r) => r.headers["idempotency-key"])).size).toBe(1);
    expect(await incidentTimeline(handle, incidentId)).toEqual([
      {
        kind: "notification_failed",
        message: "Could not send to Hook (webhook), retrying: HTTP 503: try later",
      },
      { kind: "notification_sent", message: "Sent to Hook (webhook)" },
    ]);
  });

  it("gives up on a receiver that keeps failing once 24 h have passed: dead, and listed as such", async () => {
    const receiver = await startReceiver(() => ({ status: 500, body: "still broken" }));
    const channel = await createWebhookChannel(app, owner.token, receiver.url, "Broken hook");
    const monitor = await createMonitor(app, owner.token);
    const incidentId = await openIncident(handle, owner.user.id, monitor.id);
    const [id = ""] = await enqueue(handle, owner.user.id, [channel.id], { incidentId });
    const clock = testClock();
    const dispatcher = testDispatcher(handle, { now: clock.now });

    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await outboxRow(handle, id)).toMatchObject({ state: "pending", attempts: 1 });
    clock.advance(25 * hour);
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await outboxRow(handle, id)).toMatchObject({
      state: "dead",
      attempts: 2,
      lastError: "HTTP 500: still broken",
    });
    clock.advance(25 * hour);
    expect(await dispatcher.dispatchOnce()).toBe(0);
    expect(receiver.requests).toHaveLength(2);

    const dead = await app.request("GET", "/api/notifications?state=dead", { token: owner.token });
    expect(dead.body.items).toContainEqual(
      expect.objectContaining({
        id,
        state: "dead",
        attempts: 2,
        lastError: "HTTP 500: still broken",
        nextAttemptAt: null,
      }),
    );
    const pending = await app.request("GET", "/api/notifications?state=pending", { token: owner.token });
    expect(pending.body.items.map((n: { id: string }) => n.id)).not.toContain(id);
    expect(await incidentTimeline(handle, incidentId)).toEqual([
      {
        kind: "notification_failed",
        message: "Could not send to Broken hook (webhook), retrying: HTTP 500: still broken",
      },
      {
        kind: "notification_failed",
        message: "Gave up sending to Broken hook (webhook) after 2 attempts: HTTP 500: still broken",
      },
    ]);
  });

  it("postpones, rather than fails, what is over a channel's rate limit", async () => {
    const busy = await startReceiver();
    const quiet = await startReceiver();
    const busyChannel = await createWebhookChannel(app, owner.token, busy.url, "Busy");
    const quietChannel = await createWebhookChannel(app, owner.token, quiet.url, "Quiet");
    const busyIds: string[] = [];
    for (let i = 0; i < 5; i++) busyIds.push(...(await enqueue(handle, owner.user.id, [busyChannel.id])));
    const [quietId = ""] = await enqueue(handle, owner.user.id, [quietChannel.id]);
    const clock = testClock();
    const dispatcher = testDispatcher(handle, { now: clock.now, perChannelPerMinute: 3 });

    expect(await dispatcher.dispatchOnce()).toBe(4);
    expect(busy.requests).toHaveLength(3);
    expect(quiet.requests).toHaveLength(1);
    expect((await outboxRow(handle, quietId)).state).toBe("sent");
    const rows = await Promise.all(busyIds.map((id) => outboxRow(handle, id)));
    const held = rows.filter((r) => r.state === "pending");
    expect(held).toHaveLength(2);
    for (const row of held) {
      expect(row).toMatchObject({ attempts: 0, lastError: null });
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(clock.now() + 55_000);
    }
    expect(await dispatcher.dispatchOnce()).toBe(0);

    clock.advance(61_000);
    expect(await dispatcher.dispatchOnce()).toBe(2);
    const after = await Promise.all(busyIds.map((id) => outboxRow(handle, id)));
    expect(after.map((r) => [r.state, r.attempts])).toEqual(Array(5).fill(["sent", 1]));
    expect(busy.requests).toHaveLength(5);
  });

  it("marks rows of a disabled channel dead without sending them", async () => {
    const receiver = await startReceiver();
    const channel = await createWebhookChannel(app, owner.token, receiver.url);
    const [id = ""] = await enqueue(handle, owner.user.id, [channel.id]);
    await app.request("PUT", `/api/notification-channels/${channel.id}`, {
      token: owner.token,
      body: { enabled: false },
    });
    expect(await testDispatcher(handle).dispatchOnce()).toBe(1);
    expect(await outboxRow(handle, id)).toMatchObject({
      state: "dead",
      lastError: "The channel is disabled",
    });
    expect(receiver.requests).toHaveLength(0);
  });
});
