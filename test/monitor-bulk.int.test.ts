import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { phaseMs } from "../src/scheduler/slots.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east" });
});

const url = (i: number) => `https://bulk.example.com/check/${i}`;

async function stored(userId: string) {
  const { rows } = await handle.db.execute<{ id: string; url: string; paused: boolean; dueMs: number }>(sql`
    select id, url, paused, (extract(epoch from next_check_at) * 1000)::float8 as "dueMs"
    from monitors where user_id = ${userId} order by id`);
  return rows;
}

async function statusOf(token: string, ids: string[]) {
  const res = await app.request("GET", "/api/monitor?limit=1000", { token });
  const byId = new Map(res.body.items.map((m: { id: string; paused: boolean }) => [m.id, m.paused]));
  return ids.map((id) => byId.get(id));
}

describe("bulk create", () => {
  it("creates 1,000 monitors in one request, their first checks spread over the interval", async () => {
    const { token, user } = await signUp(app);
    const monitors = Array.from({ length: 1000 }, (_, i) => ({
      url: url(i),
      intervalSeconds: 60,
      tags: ["fleet"],
    }));
    const before = Date.now();
    const res = await app.request("POST", "/api/monitor/bulk", { token, body: { monitors } });
    const after = Date.now();
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    expect(res.body.items).toHaveLength(1000);
    expect(res.body.items.map((m: { url: string }) => m.url)).toEqual(monitors.map((m) => m.url));
    expect(res.body.items[0]).toMatchObject({
      regions: ["eu-west", "us-east"],
      tags: ["fleet"],
      status: "pending",
    });

    const rows = await stored(user.id);
    expect(rows).toHaveLength(1000);
    // Every first check lies within one interval of the request, on the monitor's own grid (its stable phase).
    const perSecond = new Map<number, number>();
    for (const row of rows) {
      expect(row.dueMs).toBeGreaterThanOrEqual(before);
      expect(row.dueMs).toBeLessThan(after + 60_000);
      expect(Math.round(row.dueMs) % 60_000).toBe(phaseMs(row.id, 60_000));
      const second = Math.floor((row.dueMs - before) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // Spread, not a burst. Phases are hashes of the ids, so a second holds Poisson(16.7) of them: more than 45 (4.5%)
    // happens in under one run in a million, while a burst puts hundreds into one second. They also cover the minute.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(45);
    expect(perSecond.size).toBeGreaterThanOrEqual(55);
  });

  it("refuses the whole request when one item is bad, naming the item", async () => {
    const { token, user } = await signUp(app);
    const monitors = Array.from({ length: 10 }, (_, i) => ({ url: url(i) }));
    monitors[3] = { url: "ftp://example.com" };
    const res = await app.request("POST", "/api/monitor/bulk", { token, body: { monitors } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "monitors.3.url" })]);
    expect(await stored(user.id)).toHaveLength(0);
  });

  it("reports the service's rules per item too: every bad item, by index, and creates nothing", async () => {
    const { token, user } = await signUp(app);
    const monitors: Record<string, unknown>[] = Array.from({ length: 6 }, (_, i) => ({ url: url(i) }));
    monitors[1] = { url: url(1), regions: ["nowhere"] };
    monitors[4] = { url: url(4), intervalSeconds: 30, timeoutMs: 45_000 };
    monitors[5] = { type: "tcp", url: "tcp://db.example.com" };
    const res = await app.request("POST", "/api/monitor/bulk", { token, body: { monitors } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid body: monitors\.1\.regions: Unknown region: nowhere/);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "monitors.1.regions",
      "monitors.4.timeoutMs",
      "monitors.5.url",
    ]);
    expect(await stored(user.id)).toHaveLength(0);
  });

  it.each([
    ["no monitors", { monitors: [] }, /at least one/],
    [
      "1,001 monitors",
      { monitors: Array.from({ length: 1001 }, (_, i) => ({ url: url(i) })) },
      /at most 1000/,
    ],
    ["an unknown field", { monitors: [{ url: url(1) }], dryRun: true }, /dryRun/],
  ])("refuses %s", async (_name, body, message) => {
    const { token } = await signUp(app);
    const res = await app.request("POST", "/api/monitor/bulk", { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(JSON.stringify(res.body.error)).toMatch(message);
  });

  it("creates heartbeat monitors with their own deadlines", async () => {
    const { token } = await signUp(app);
    const res = await app.request("POST", "/api/monitor/bulk", {
      token,
      body: { monitors: [{ type: "heartbeat", name: "Backup" }, { url: url(1) }] },
    });
    expect(res.status).toBe(201);
    expect(res.body.items[0]).toMatchObject({
      type: "heartbeat",
      pingUrl: expect.stringMatching(/heartbeat/),
    });
  });
});

describe("bulk pause, resume and delete", () => {
  it("acts on listed ids, counting the monitors that changed", async () => {
    const { token, user } = await signUp(app);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await createMonitor(app, token, { intervalSeconds: 60 })).id);
    const [a, b, c, d] = ids as [string, string, string, string];

    const paused = await app.request("POST", "/api/monitor/bulk/pause", { token, body: { ids: [a, b, c] } });
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({ count: 3 });
    expect(await statusOf(token, ids)).toEqual([true, true, true, false]);
    const again = await app.request("POST", "/api/monitor/bulk/pause", { token, body: { ids: [a, d] } });
    expect(again.body).toEqual({ count: 1 });

    const before = Date.now();
    const resumed = await app.request("POST", "/api/monitor/bulk/resume", { token, body: { ids: [a, b] } });
    expect(resumed.body).toEqual({ count: 2 });
    expect(await statusOf(token, ids)).toEqual([false, false, true, true]);
    // A resumed monitor is next due on its own grid within one interval, not all at once.
    for (const row of (await stored(user.id)).filter((r) => r.id === a || r.id === b)) {
      expect(row.dueMs).toBeGreaterThanOrEqual(before);
      expect(row.dueMs).toBeLessThan(before + 61_000);
      expect(Math.round(row.dueMs) % 60_000).toBe(phaseMs(row.id, 60_000));
    }

    const deleted = await app.request("POST", "/api/monitor/bulk/delete", {
      token,
      body: { ids: [c, d, c] },
    });
    expect(deleted.body).toEqual({ count: 2 });
    expect((await stored(user.id)).map((r) => r.id)).toEqual([a, b]);
  });

  it("acts on every monitor carrying a tag", async () => {
    const { token, user } = await signUp(app);
    const tagged = [
      (await createMonitor(app, token, { tags: ["batch"] })).id,
      (await createMonitor(app, token, { tags: ["batch", "x"] })).id,
    ];
    const untagged = (await createMonitor(app, token, { tags: ["other"] })).id;
    const otherUser = await signUp(app);
    const foreign = (await createMonitor(app, otherUser.token, { tags: ["batch"] })).id;

    expect(
      (await app.request("POST", "/api/monitor/bulk/pause", { token, body: { tag: "BATCH" } })).body,
    ).toEqual({
      count: 2,
    });
    expect(await statusOf(token, [...tagged, untagged])).toEqual([true, true, false]);
    expect(await statusOf(otherUser.token, [foreign])).toEqual([false]);
    expect(
      (await app.request("POST", "/api/monitor/bulk/resume", { token, body: { tag: "batch" } })).body,
    ).toEqual({
      count: 2,
    });
    expect(
      (await app.request("POST", "/api/monitor/bulk/delete", { token, body: { tag: "batch" } })).body,
    ).toEqual({
      count: 2,
    });
    expect((await stored(user.id)).map((r) => r.id)).toEqual([untagged]);
    expect((await stored(otherUser.user.id)).map((r) => r.id)).toEqual([foreign]);
    const none = await app.request("POST", "/api/monitor/bulk/delete", { token, body: { tag: "batch" } });
    expect(none.body).toEqual({ count: 0 });
  });

  it("changes nothing when an id is not the caller's, and names it", async () => {
    const { token } = await signUp(app);
    const other = await signUp(app);
    const mine = (await createMonitor(app, token)).id;
    const theirs = (await createMonitor(app, other.token)).id;
    const missing = "01900000-0000-7000-8000-000000000000";
    for (const action of ["pause", "delete"]) {
      const res = await app.request("POST", `/api/monitor/bulk/${action}`, {
        token,
        body: { ids: [mine, theirs, missing] },
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      expect(res.body.error.message).toContain(theirs);
      expect(res.body.error.details).toEqual({ ids: [theirs, missing] });
    }
    expect(await statusOf(token, [mine])).toEqual([false]);
    expect(await statusOf(other.token, [theirs])).toEqual([false]);
  });

  it.each([
    ["neither ids nor tag", {}],
    ["both ids and tag", { ids: ["01900000-0000-7000-8000-000000000000"], tag: "a" }],
    ["an empty id list", { ids: [] }],
    ["an id that is not a UUID", { ids: ["42"] }],
    ["a bad tag", { tag: "a b" }],
  ])("refuses %s", async (_name, body) => {
    const { token } = await signUp(app);
    const res = await app.request("POST", "/api/monitor/bulk/pause", { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
  });
});
