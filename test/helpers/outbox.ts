import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, expect } from "vitest";
import type { DatabaseHandle } from "../../src/db/client.js";
import { incidents, notifications } from "../../src/db/schema/index.js";
import { newId } from "../../src/lib/ids.js";
import { createDispatcher, type DispatcherDeps } from "../../src/notifications/dispatcher.js";
import type { NotificationMessage } from "../../src/notifications/notification-message.js";
import { enqueueNotifications } from "../../src/notifications/outbox.js";
import { type TestApp, testEncryptionKey } from "./test-app.js";

/** A clock that runs with real time but can be moved ahead, so a backoff of an hour passes at once. */
export function testClock() {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

/** A dispatcher on the test database with the test apps' key, closed after the file. */
export function testDispatcher(handle: DatabaseHandle, deps: Partial<DispatcherDeps> = {}) {
  const dispatcher = createDispatcher({
    db: handle.db,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    key: testEncryptionKey,
    smtp: undefined,
    targets: { allowPrivateTargets: true },
    ...deps,
  });
  afterAll(() => dispatcher.close());
  return dispatcher;
}

export async function createWebhookChannel(app: TestApp, token: string, url: string, name = "Hook") {
  const res = await app.request("POST", "/api/notification-channels", {
    token,
    body: { type: "webhook", name, config: { url } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string };
}

export const downMessage = (title = "api.example.com is DOWN"): NotificationMessage => ({
  event: "down",
  title,
  text: "HTTP 500 in local",
  occurredAt: new Date().toISOString(),
  monitor: null,
  incident: null,
});

/** Enqueues one message for the channels, as the incident state machine does; returns the new rows' ids. */
export async function enqueue(
  handle: DatabaseHandle,
  userId: string,
  channelIds: string[],
  options: { incidentId?: string; message?: NotificationMessage } = {},
): Promise<string[]> {
  const key = `test:${randomBytes(6).toString("hex")}`;
  await enqueueNotifications(handle.db, {
    userId,
    channelIds,
    incidentId: options.incidentId ?? null,
    idempotencyKey: key,
    message: options.message ?? downMessage(),
  });
  const rows = await handle.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(sql`${notifications.idempotencyKey} like ${`${key}:%`}`);
  return rows.map((r) => r.id);
}

export async function outboxRow(handle: DatabaseHandle, id: string) {
  const [row] = await handle.db.select().from(notifications).where(eq(notifications.id, id));
  if (!row) throw new Error(`no notification ${id}`);
  return row;
}

/** An open incident on the monitor, written directly: opening incidents is the state machine's job, not ours. */
export async function openIncident(
  handle: DatabaseHandle,
  userId: string,
  monitorId: string,
): Promise<string> {
  const id = newId();
  await handle.db.insert(incidents).values({
    id,
    monitorId,
    userId,
    state: "open",
    firstFailureAt: new Date(),
    openedAt: new Date(),
    cause: { regions: ["local"], statusCode: 500, error: null, failedAssertion: null },
  });
  return id;
}

export async function incidentTimeline(handle: DatabaseHandle, incidentId: string) {
  const { rows } = await handle.db.execute<{ kind: string; message: string }>(
    sql`select kind, message from incident_events where incident_id = ${incidentId} order by at, id`,
  );
  return rows;
}
