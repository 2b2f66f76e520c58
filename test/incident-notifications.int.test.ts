import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { insertResults, type NewResult } from "../src/results/result-repository.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { type Receiver, startReceiver } from "./helpers/notification-receiver.js";
import { createWebhookChannel, incidentTimeline, testDispatcher } from "./helpers/outbox.js";
import { resultAt } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let handle: DatabaseHandle;
let app: TestApp;
let user: TestUser;
let receiver: Receiver;
let channelId: string;

const t0 = Date.now() - 3_600_000;
const check = (monitorId: string, n: number, status: "up" | "down", overrides: Partial<NewResult> = {}) =>
  resultAt(monitorId, new Date(t0 + n * 60_000), {
    status,
    statusCode: status === "down" ? 500 : 200,
    error: status === "down" ? "HTTP 500 (expected 200-399)" : null,
    ...overrides,
  });

type OutboxRow = { key: string; event: string; title: string; channelId: string };

/** The monitor's outbox rows for one channel (the first webhook unless said otherwise). */
async function outboxOf(monitorId: string, channel = channelId): Promise<OutboxRow[]> {
  const { rows } = await handle.db.execute<OutboxRow>(sql`
    select idempotency_key as key, message->>'event' as event, message->>'title' as title,
      channel_id as "channelId"
    from notifications where message->'monitor'->>'id' = ${monitorId} and channel_id = ${channel}
    order by created_at, idempotency_key`);
  return rows;
}

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west" });
  user = await signUp(app);
  receiver = await startReceiver();
  channelId = (await createWebhookChannel(app, user.token, `${receiver.url}/hook`)).id;
});

describe("incidents notify through the outbox", () => {
  it("enqueues DOWN with the incident and RECOVERED with its resolution, each once, and delivers them", async () => {
    const m = await createMonitor(app, user.token, { name: "checkout", confirmations: 1, recoveries: 1 });
    await insertResults(handle.db, [check(m.id, 1, "down")]);
    await insertResults(handle.db, [check(m.id, 2, "down")]); // still down: nothing new
    const [down, ...more] = await outboxOf(m.id);
    expect(more).toEqual([]);
    const [incident] = (await app.request("GET", `/api/incidents?monitorId=${m.id}`, { token: user.token }))
      .body.items;
    expect(down).toEqual({
      key: `incident:${incident.id}:down:${channelId}`,
      event: "down",
      title: "checkout is DOWN",
      channelId,
    });
    const dispatcher = testDispatcher(handle);
    expect(await dispatcher.dispatchOnce()).toBe(1);
    const delivered = receiver.requests.at(-1)?.json();
    expect(delivered).toMatchObject({ event: "down", monitor: { id: m.id }, incident: { id: incident.id } });
    expect((await incidentTimeline(handle, incident.id)).map((e) => e.kind)).toContain("notification_sent");

    await insertResults(handle.db, [check(m.id, 3, "up")]);
    expect((await outboxOf(m.id)).map((r) => r.event)).toEqual(["down", "recovered"]);
    await dispatcher.dispatchOnce();
    expect(receiver.requests.at(-1)?.json()).toMatchObject({
      event: "recovered",
      title: "checkout is UP again",
    });
  });

  it("notifies only the monitor's chosen channels", async () => {
    const other = await createWebhookChannel(app, user.token, `${receiver.url}/other`, "Other");
    const m = await createMonitor(app, user.token, { confirmations: 1, channelIds: [other.id] });
    await insertResults(handle.db, [check(m.id, 1, "down")]);
    expect(await outboxOf(m.id)).toEqual([]);
    expect((await outboxOf(m.id, other.id)).map((r) => r.event)).toEqual(["down"]);
    const foreign = await app.request("POST", "/api/monitor", {
      token: (await signUp(app)).token,
      body: { url: "https://example.com", channelIds: [other.id] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(/Unknown notification channel/);
  });

  it("reminds while down, once per reminder period", async () => {
    const m = await createMonitor(app, user.token, { confirmations: 1, reminderMinutes: 30 });
    const opened = t0 + 60_000;
    await insertResults(handle.db, [check(m.id, 1, "down")], opened);
    await insertResults(handle.db, [check(m.id, 2, "down")], opened + 29 * 60_000);
    await insertResults(handle.db, [check(m.id, 3, "down")], opened + 31 * 60_000);
    await insertResults(handle.db, [check(m.id, 4, "down")], opened + 45 * 60_000);
    await insertResults(handle.db, [check(m.id, 5, "down")], opened + 61 * 60_000);
    const rows = await outboxOf(m.id);
    expect(rows.map((r) => r.event)).toEqual(["down", "reminder", "reminder"]);
    expect(rows[1]?.title).toMatch(/is still DOWN/);
  });

  it("warns of certificate expiry at the tightest threshold crossed, once per threshold", async () => {
    const m = await createMonitor(app, user.token, { url: "https://shop.example.com/" });
    const cert = (daysLeft: number) => ({
      certificate: {
        issuer: "CN=Test CA",
        subject: "CN=shop.example.com",
        validFrom: Date.now() - 86_400_000 * 60,
        validTo: Date.now() + 86_400_000 * daysLeft,
      },
    });
    const expiry = cert(10);
    await insertResults(handle.db, [check(m.id, 1, "up", expiry)]);
    await insertResults(handle.db, [check(m.id, 2, "up", expiry)]);
    const rows = await outboxOf(m.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).toMatch(/^certificate:.*:14:[0-9a-f-]{36}$/);
    expect(rows[0]?.title).toMatch(/TLS certificate expires in (9|10) days/);
    // Days later, the 7-day threshold is crossed: one more warning.
    await insertResults(handle.db, [check(m.id, 3, "up", expiry)], Date.now() + 4 * 86_400_000);
    const threshold = (key: string) => /:(\d+):[0-9a-f-]{36}$/.exec(key)?.[1];
    expect((await outboxOf(m.id)).map((r) => threshold(r.key))).toEqual(["14", "7"]);
  });

  it("announces the recovery of an incident that opened before a maintenance window began", async () => {
    const m = await createMonitor(app, user.token, { confirmations: 1, recoveries: 1 });
    await insertResults(handle.db, [check(m.id, 1, "down")]);
    await app.request("POST", "/api/maintenance-windows", {
      token: user.token,
      body: {
        name: "fixing it",
        monitorIds: [m.id],
        kind: "once",
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    await insertResults(handle.db, [check(m.id, 2, "up")]);
    expect((await outboxOf(m.id)).map((r) => r.event)).toEqual(["down", "recovered"]);
  });

  it("sends nothing inside a maintenance window", async () => {
    const m = await createMonitor(app, user.token, { confirmations: 1 });
    await app.request("POST", "/api/maintenance-windows", {
      token: user.token,
      body: {
        name: "upgrade",
        monitorIds: [m.id],
        kind: "once",
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    await insertResults(handle.db, [check(m.id, 1, "down"), check(m.id, 2, "down")]);
    expect(await outboxOf(m.id)).toEqual([]);
  });
});
