import { sql } from "drizzle-orm";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { pingRateLimit } from "../src/heartbeats/heartbeat-routes.js";
import { streamKeys } from "../src/queue/stream-keys.js";
import type { StreamQueue } from "../src/queue/stream-queue.js";
import { soleLeader } from "../src/scheduler/leader-election.js";
import { createScheduler } from "../src/scheduler/scheduler.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { startPipeline } from "./helpers/pipeline.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { useTestQueue } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

type Row = { region: string; status: string; error: string | null; scheduledAt: number };

let handle: DatabaseHandle;
let app: TestApp;
let user: TestUser;
let queue: StreamQueue;
let prefix: string;

async function resultsOf(monitorId: string): Promise<Row[]> {
  const { rows } = await handle.db.execute<Row>(sql`
    select region, status, error, (extract(epoch from scheduled_at) * 1000)::float8 as "scheduledAt"
    from check_results where monitor_id = ${monitorId} order by scheduled_at`);
  return rows;
}

const waitForResults = (monitorId: string, count: number) =>
  waitFor(async () => ((await resultsOf(monitorId)).length >= count ? resultsOf(monitorId) : undefined), {
    message: `${count} results of ${monitorId}`,
  });

async function deadlineOf(monitorId: string): Promise<number> {
  const { rows } = await handle.db.execute<{ at: number }>(sql`
    select (extract(epoch from next_check_at) * 1000)::float8 as at from monitors where id = ${monitorId}`);
  return Math.round(rows[0]?.at ?? Number.NaN);
}

/** A scheduler whose clock the test sets, to stand at a heartbeat's deadline without waiting a period for it. */
function schedulerAt(nowMs: number) {
  return createScheduler({
    db: handle.db,
    queue,
    keys: streamKeys(prefix),
    leader: soleLeader,
    logger: pino({ level: "silent" }),
    now: () => nowMs,
  });
}

async function createHeartbeat(overrides: Record<string, unknown> = {}) {
  const monitor = await createMonitor(app, user.token, {
    type: "heartbeat",
    url: undefined,
    intervalSeconds: 60,
    ...overrides,
  });
  return { ...monitor, pingUrl: String(monitor.pingUrl), status: String(monitor.status) };
}

async function monitorStatus(id: string): Promise<string> {
  const res = await app.request("GET", `/api/monitor/${id}`, { token: user.token });
  return res.body.status;
}

beforeAll(async () => {
  handle = await useTestDatabase();
  ({ queue, prefix } = useTestQueue());
  app = await startTestApp(handle, { REGIONS: "eu-west", QUEUE_PREFIX: prefix }, { queue });
  user = await signUp(app);
  await startPipeline({ handle, queue, prefix, workers: {} });
});

describe("heartbeat monitors", () => {
  it("get a secret ping URL, the push pseudo-region and a deadline one period plus grace away", async () => {
    const before = Date.now();
    const monitor = await createHeartbeat({ name: "nightly backup", graceSeconds: 30 });
    expect(monitor).toMatchObject({
      type: "heartbeat",
      regions: ["push"],
      graceSeconds: 30,
      status: "pending",
    });
    expect(monitor.pingUrl).toMatch(/^\/api\/heartbeat\/[A-Za-z0-9_-]{24}$/);
    expect(monitor).toHaveProperty("url", monitor.pingUrl);
    const deadline = await deadlineOf(monitor.id);
    expect(deadline).toBeGreaterThanOrEqual(before + 90_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 90_000);
  });

  it("refuses a url, regions, or a change of type to or from heartbeat", async () => {
    const withUrl = await app.request("POST", "/api/monitor", {
      token: user.token,
      body: { type: "heartbeat", url: "https://example.com" },
    });
    expect(withUrl.status).toBe(400);
    expect(withUrl.body.error.message).toMatch(/heartbeat monitors take no url/);
    const withRegions = await app.request("POST", "/api/monitor", {
      token: user.token,
      body: { type: "heartbeat", regions: ["eu-west"] },
    });
    expect(withRegions.status).toBe(400);
    const http = await createMonitor(app, user.token, {});
    const change = await app.request("PUT", `/api/monitor/${http.id}`, {
      token: user.token,
      body: { type: "heartbeat" },
    });
    expect(change.status).toBe(400);
    expect(change.body.error.message).toMatch(/cannot change to or from heartbeat/);
    const push = await app.request("POST", "/api/regions", { token: user.token, body: { name: "push" } });
    expect(push.status).toBe(400);
  });

  it("stores an on-time ping as up, without a login, and moves the deadline", async () => {
    const monitor = await createHeartbeat();
    const before = Date.now();
    const res = await app.request("GET", monitor.pingUrl);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, status: "up" });
    const [row] = await waitForResults(monitor.id, 1);
    expect(row).toMatchObject({ region: "push", status: "up", error: null });
    expect(await deadlineOf(monitor.id)).toBeGreaterThanOrEqual(before + 120_000);
    await waitFor(async () => (await monitorStatus(monitor.id)) === "up", { message: "monitor up" });
  });

  it("stores a /fail ping as down with the job's output, whatever its content type", async () => {
    const monitor = await createHeartbeat();
    const res = await app.request("POST", `${monitor.pingUrl}/fail`, {
      rawBody: "backup failed: disk full\n",
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, status: "down" });
    const [row] = await waitForResults(monitor.id, 1);
    expect(row).toMatchObject({
      status: "down",
      error: "The job reported a failure: backup failed: disk full",
    });
    await waitFor(async () => (await monitorStatus(monitor.id)) === "down", { message: "monitor down" });
  });

  it("stores a down result once the deadline passes without a ping, once per period, then recovers on a ping", async () => {
    const monitor = await createHeartbeat();
    const deadline = await deadlineOf(monitor.id);
    await schedulerAt(deadline - 1_000).tick();
    expect(await resultsOf(monitor.id)).toEqual([]);
    // Bring the deadline to 200 ms from now; the pipeline's own scheduler, on the real clock, must notice it.
    const soon = Date.now() + 200;
    await handle.db.execute(
      sql`update monitors set next_check_at = ${new Date(soon).toISOString()}::timestamptz where id = ${monitor.id}`,
    );
    const [missed] = await waitForResults(monitor.id, 1);
    expect(missed).toMatchObject({ region: "push", status: "down", scheduledAt: soon });
    expect(missed?.error).toMatch(/No ping received within the period \(60 s\) plus grace \(60 s\)/);
    expect(await deadlineOf(monitor.id)).toBe(soon + 60_000);
    await schedulerAt(Date.now()).tick(); // the same missed deadline is not stored twice
    expect(await resultsOf(monitor.id)).toHaveLength(1);
    await waitFor(async () => (await monitorStatus(monitor.id)) === "down", { message: "monitor down" });

    await app.request("POST", monitor.pingUrl, { body: { late: true } });
    const rows = await waitForResults(monitor.id, 2);
    expect(rows.map((r) => r.status)).toEqual(["down", "up"]);
    await waitFor(async () => (await monitorStatus(monitor.id)) === "up", { message: "monitor up again" });
  });

  it("a ping before the deadline keeps the scheduler from storing a down result", async () => {
    const monitor = await createHeartbeat();
    // As if the monitor were created long ago: its deadline is 5 s away when the ping comes.
    const old = Date.now() + 5_000;
    await handle.db.execute(
      sql`update monitors set next_check_at = ${new Date(old).toISOString()}::timestamptz where id = ${monitor.id}`,
    );
    await app.request("GET", monitor.pingUrl);
    await waitForResults(monitor.id, 1);
    await schedulerAt(old + 1_000).tick();
    const rows = await resultsOf(monitor.id);
    expect(rows.map((r) => r.status)).toEqual(["up"]);
  });

  it("records nothing for a paused monitor, and answers 404 for unknown or malformed tokens", async () => {
    const monitor = await createHeartbeat({ paused: true });
    const paused = await app.request("GET", monitor.pingUrl);
    expect(paused.body).toEqual({ ok: true, status: "paused" });
    const unknown = await app.request("GET", "/api/heartbeat/AAAAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    const malformed = await app.request("POST", "/api/heartbeat/'; drop table monitors --/fail");
    expect(malformed.status).toBe(404);
    expect(await resultsOf(monitor.id)).toEqual([]);
  });

  it("rate-limits each ping URL on its own", async () => {
    const noisy = await createHeartbeat();
    const quiet = await createHeartbeat();
    const statuses = [];
    for (let i = 0; i <= pingRateLimit.max; i++)
      statuses.push((await app.request("GET", noisy.pingUrl)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(pingRateLimit.max);
    expect(statuses.at(-1)).toBe(429);
    const limited = await app.request("GET", noisy.pingUrl);
    expect(limited.body.error.code).toBe("rate_limited");
    expect((await app.request("GET", quiet.pingUrl)).status).toBe(200);
  });
});
