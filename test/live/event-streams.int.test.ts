import net from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/client.js";
import type { EventBus } from "../../src/live/event-bus.js";
import { createInProcessEventBus } from "../../src/live/in-process-event-bus.js";
import type { LiveEvent } from "../../src/live/live-events.js";
import type { LiveOptions } from "../../src/live/live-routes.js";
import { signUp, type TestUser } from "../helpers/factories.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";
import { waitFor } from "../helpers/wait-for.js";
import { openEventStream } from "./sse-client.js";
import { testLogger } from "./test-event-bus.js";

let handle: DatabaseHandle;

/** An in-process bus that counts open subscriptions: the server's side of each stream, seen from outside. */
function countingBus(): EventBus & { active(): number } {
  const inner = createInProcessEventBus(testLogger());
  let active = 0;
  return {
    ...inner,
    subscribe(userId, listener) {
      active++;
      const unsubscribe = inner.subscribe(userId, listener);
      return () => {
        active--;
        unsubscribe();
      };
    },
    active: () => active,
  };
}

async function appWith(live: LiveOptions) {
  const app = await startTestApp(handle, {}, { live });
  return { app, user: await signUp(app) };
}

/** A monitor event of about 5 KB, addressed to userId. */
const bulky = (userId: string): LiveEvent => ({
  userId,
  type: "monitor",
  data: {
    monitorId: "00000000-0000-0000-0000-000000000000",
    status: "up",
    paused: false,
    lastCheckedAt: null,
    results: Array.from({ length: 50 }, (_, i) => ({
      region: `region-${i}`,
      status: "up",
      responseTimeMs: i,
      scheduledAt: new Date(0).toISOString(),
    })),
  },
});

/** A raw HTTP/1.1 client that can stop reading, like a stalled browser tab. */
async function rawStream(app: TestApp, user: TestUser) {
  const { port } = new URL(app.url);
  const socket = net.connect(Number(port), "127.0.0.1");
  let received = "";
  let closed = false;
  socket.on("data", (chunk) => {
    received += chunk.toString("latin1");
  });
  socket.on("error", () => undefined);
  socket.on("close", () => {
    closed = true;
  });
  socket.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${user.token}\r\n\r\n`);
  await waitFor(() => received.includes("retry: 3000"), { message: "the stream to open" });
  return { socket, isClosed: () => closed, received: () => received };
}

beforeAll(async () => {
  handle = await useTestDatabase();
});

describe("SSE stream lifecycle", () => {
  it("sends a ping comment every interval", async () => {
    const { app, user } = await appWith({ bus: createInProcessEventBus(testLogger()), pingIntervalMs: 50 });
    const client = await openEventStream(app.url, user.token);
    await waitFor(() => client.blocks.filter((b) => b === ": ping").length >= 3, { message: "three pings" });
    expect(client.blocks[0]).toBe("retry: 3000");
    client.close();
  });

  it("drops a client that stops reading instead of buffering for it without bound", async () => {
    const bus = countingBus();
    const { app, user } = await appWith({ bus, maxBufferedBytes: 64 * 1024 });
    const client = await rawStream(app, user);
    expect(bus.active()).toBe(1);
    client.socket.pause();
    const batch = Array.from({ length: 100 }, () => bulky(user.user.id));
    let publishedBytes = 0;
    // Until the kernel's socket buffers fill, writes leave; then the server's own buffer passes the limit.
    while (bus.active() > 0) {
      expect(publishedBytes, "bytes published before the stream was dropped").toBeLessThan(64 * 1024 * 1024);
      bus.publish(batch);
      publishedBytes += JSON.stringify(batch).length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Reading again, the client gets what was already on its way, then the end.
    client.socket.resume();
    await waitFor(client.isClosed, { message: "the dropped stream to end" });
    expect(client.received().length).toBeLessThan(publishedBytes);
    // The server still serves others.
    const fresh = await openEventStream(app.url, user.token);
    expect(fresh.status).toBe(200);
    fresh.close();
  });

  it("stops listening when the client goes away", async () => {
    const bus = countingBus();
    const { app, user } = await appWith({ bus });
    const client = await openEventStream(app.url, user.token);
    expect(bus.active()).toBe(1);
    client.close();
    await waitFor(() => bus.active() === 0, { message: "the subscription to end" });
  });

  it("closes open streams when the app closes, without hanging", async () => {
    const bus = countingBus();
    const { app, user } = await appWith({ bus });
    const clients = await Promise.all([
      openEventStream(app.url, user.token),
      openEventStream(app.url, user.token),
    ]);
    const raw = await rawStream(app, user);
    raw.socket.pause(); // one that does not even read: a graceful end could wait on it forever
    expect(bus.active()).toBe(3);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error("app.close() hung on open streams")), 5_000);
    });
    await Promise.race([app.close(), deadline]).finally(() => clearTimeout(timer));
    expect(bus.active()).toBe(0);
    await Promise.all(clients.map((c) => c.ended));
    expect(clients.every((c) => c.isEnded())).toBe(true);
  });
});
