import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { isUniqueViolation } from "../src/lib/pg-errors.js";
import { insertResults, type NewResult } from "../src/results/result-repository.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { resultAt } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let handle: DatabaseHandle;
let app: TestApp;
let user: TestUser;

const t0 = Date.now() - 3_600_000;
/** The nth check of a monitor, one minute apart, failing or passing. */
const check = (
  monitorId: string,
  n: number,
  status: "up" | "down" | "degraded",
  region = "eu-west",
): NewResult =>
  resultAt(monitorId, new Date(t0 + n * 60_000), {
    region,
    status,
    statusCode: status === "down" ? 503 : 200,
    error: status === "down" ? `HTTP 503 (expected 200-399) #${n}` : null,
  });

async function incidentsOf(monitorId: string) {
  const res = await app.request("GET", `/api/incidents?monitorId=${monitorId}`, { token: user.token });
  expect(res.status).toBe(200);
  return res.body.items as { id: string; state: string; cause: { regions: string[] } }[];
}

async function monitorStatus(id: string): Promise<string> {
  return (await app.request("GET", `/api/monitor/${id}`, { token: user.token })).body.status;
}

async function resultId(monitorId: string, n: number, region = "eu-west"): Promise<number> {
  const { rows } = await handle.db.execute<{ id: number }>(sql`
    select id from check_results where monitor_id = ${monitorId} and region = ${region}
      and scheduled_at = ${new Date(t0 + n * 60_000).toISOString()}::timestamptz`);
  return Number(rows[0]?.id);
}

const newMonitor = (overrides: Record<string, unknown> = {}) =>
  createMonitor(app, user.token, { regions: ["eu-west"], ...overrides });

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east,ap-south" });
  user = await signUp(app);
});

describe("the incident state machine", () => {
  it("opens exactly one incident for a flapping target (fail, pass, fail, fail), on the second failure in a row", async () => {
    const m = await newMonitor();
    for (const [n, status] of [
      [1, "down"],
      [2, "up"],
      [3, "down"],
    ] as const) {
      await insertResults(handle.db, [check(m.id, n, status)]);
      expect(await incidentsOf(m.id)).toEqual([]);
      expect(await monitorStatus(m.id)).not.toBe("down"); // an unconfirmed failure is not an outage
    }
    await insertResults(handle.db, [check(m.id, 4, "down")]);
    const [incident, ...others] = await incidentsOf(m.id);
    expect(others).toEqual([]);
    expect(incident).toMatchObject({ state: "open", cause: { regions: ["eu-west"] } });
    const detail = (await app.request("GET", `/api/incidents/${incident?.id}`, { token: user.token })).body;
    expect(detail.openedByResultId).toBe(await resultId(m.id, 4));
    expect(detail.firstFailureAt).toBe(new Date(t0 + 3 * 60_000).toISOString());
    expect(detail.rootCause).toBe("HTTP 503 (expected 200-399) #4; failing in eu-west");
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(["first_failure", "confirmed"]);
    expect(await monitorStatus(m.id)).toBe("down");
    // Further failures change nothing.
    await insertResults(handle.db, [check(m.id, 5, "down")]);
    expect(await incidentsOf(m.id)).toHaveLength(1);
  });

  it("resolves after `recoveries` passes in a row, not on one", async () => {
    const m = await newMonitor({ confirmations: 1, recoveries: 2 });
    await insertResults(handle.db, [check(m.id, 1, "down")]);
    await insertResults(handle.db, [check(m.id, 2, "up")]);
    expect((await incidentsOf(m.id))[0]?.state).toBe("open");
    await insertResults(handle.db, [check(m.id, 3, "degraded")]); // degraded passes: slow, not out
    const [incident] = await incidentsOf(m.id);
    expect(incident?.state).toBe("resolved");
    const detail = (await app.request("GET", `/api/incidents/${incident?.id}`, { token: user.token })).body;
    expect(detail.timeline.at(-1)).toMatchObject({ kind: "resolved" });
    expect(await monitorStatus(m.id)).toBe("degraded");
  });

  it("needs `quorum` regions: one failing region of three with quorum 2 is not an outage", async () => {
    const regions = ["eu-west", "us-east", "ap-south"];
    const m = await newMonitor({ regions, quorum: 2, confirmations: 2 });
    await insertResults(
      handle.db,
      [1, 2, 3].map((n) => check(m.id, n, "down", "eu-west")),
    );
    await insertResults(
      handle.db,
      [1, 2, 3].map((n) => check(m.id, n, "up", "us-east")),
    );
    expect(await incidentsOf(m.id)).toEqual([]);
    // A second region confirms: now it is.
    await insertResults(handle.db, [check(m.id, 4, "down", "ap-south")]);
    expect(await incidentsOf(m.id)).toEqual([]);
    await insertResults(handle.db, [check(m.id, 5, "down", "ap-south")]);
    const [incident] = await incidentsOf(m.id);
    expect(incident?.cause.regions.sort()).toEqual(["ap-south", "eu-west"]);
    // It resolves only when both failing regions have recovered.
    await insertResults(
      handle.db,
      [6, 7].map((n) => check(m.id, n, "up", "eu-west")),
    );
    expect((await incidentsOf(m.id))[0]?.state).toBe("open");
    await insertResults(
      handle.db,
      [6, 7].map((n) => check(m.id, n, "up", "ap-south")),
    );
    expect((await incidentsOf(m.id))[0]?.state).toBe("resolved");
  });

  it("opens nothing inside a maintenance window, but stores the checks and shows the monitor as in maintenance", async () => {
    const m = await newMonitor({ confirmations: 2 });
    const window = await app.request("POST", "/api/maintenance-windows", {
      token: user.token,
      body: {
        name: "database upgrade",
        monitorIds: [m.id],
        kind: "once",
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    expect(window.status).toBe(201);
    await insertResults(handle.db, [check(m.id, 1, "down"), check(m.id, 2, "down"), check(m.id, 3, "down")]);
    expect(await incidentsOf(m.id)).toEqual([]);
    expect(await monitorStatus(m.id)).toBe("maintenance");
    const stored = await app.request("GET", `/api/results/${m.id}/checks`, { token: user.token });
    expect(stored.body.items).toHaveLength(3);
    // The window ends (deleted here): the next failure finds the streak confirmed and opens the incident.
    await app.request("DELETE", `/api/maintenance-windows/${window.body.id}`, { token: user.token });
    await insertResults(handle.db, [check(m.id, 4, "down")]);
    expect(await incidentsOf(m.id)).toHaveLength(1);
    expect(await monitorStatus(m.id)).toBe("down");
  });

  it("drops a pending retry when the monitor is edited, so the immediate check goes to every region", async () => {
    const m = await newMonitor({ regions: ["eu-west", "us-east"] });
    await insertResults(handle.db, [check(m.id, 1, "down")]);
    const pending = await handle.db.execute<{ r: string[] }>(
      sql`select retry_regions as r from monitors where id = ${m.id}`,
    );
    expect(pending.rows[0]?.r).toEqual(["eu-west"]);
    await app.request("PUT", `/api/monitor/${m.id}`, { token: user.token, body: { name: "renamed" } });
    const after = await handle.db.execute<{ r: string[] }>(
      sql`select retry_regions as r from monitors where id = ${m.id}`,
    );
    expect(after.rows[0]?.r).toEqual([]);
  });

  it("refuses a quorum larger than the monitor's regions", async () => {
    const res = await app.request("POST", "/api/monitor", {
      token: user.token,
      body: { url: "https://example.com", regions: ["eu-west"], quorum: 2 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/quorum \(2\) must not exceed the number of regions \(1\)/);
  });

  it("orders by scheduled time: late and out-of-order results give the same answer, duplicates change nothing", async () => {
    const m = await newMonitor();
    // Checks 3 and 4 failed, but arrive after check 5 (a pass) and before the duplicate of 4.
    await insertResults(handle.db, [check(m.id, 5, "up")]);
    await insertResults(handle.db, [check(m.id, 4, "down")]);
    await insertResults(handle.db, [check(m.id, 3, "down")]);
    expect(await incidentsOf(m.id)).toEqual([]); // the newest result passes: nothing to open
    const n = await insertResults(handle.db, [check(m.id, 4, "down"), check(m.id, 4, "down")]);
    expect(n).toBe(0);
    expect(await incidentsOf(m.id)).toEqual([]);
    // In order, the same failures open one incident, and replaying the whole batch changes nothing.
    const batch = [check(m.id, 7, "down"), check(m.id, 6, "down")];
    await insertResults(handle.db, batch);
    await insertResults(handle.db, batch);
    const incidents = await incidentsOf(m.id);
    expect(incidents).toHaveLength(1);
    const detail = (await app.request("GET", `/api/incidents/${incidents[0]?.id}`, { token: user.token }))
      .body;
    expect(detail.openedByResultId).toBe(await resultId(m.id, 7));
    expect(detail.timeline).toHaveLength(2);
  });

  it("never opens two incidents for one monitor, even when two writers race (a database constraint)", async () => {
    const m = await newMonitor({ confirmations: 1 });
    await Promise.all([
      insertResults(handle.db, [check(m.id, 1, "down")]),
      insertResults(handle.db, [check(m.id, 2, "down")]),
      insertResults(handle.db, [check(m.id, 3, "down")]),
    ]);
    expect(await incidentsOf(m.id)).toHaveLength(1);
    const insertSecond = handle.db.execute(sql`
      insert into incidents (id, monitor_id, user_id, state, first_failure_at, opened_at, cause)
      select gen_random_uuid(), monitor_id, user_id, 'open', now(), now(), cause from incidents
      where monitor_id = ${m.id}`);
    const err = await insertSecond.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(err), String(err)).toBe(true);
  });

  it("acknowledges an open incident once, and refuses to acknowledge a resolved one", async () => {
    const m = await newMonitor({ confirmations: 1, recoveries: 1 });
    await insertResults(handle.db, [check(m.id, 1, "down")]);
    const [incident] = await incidentsOf(m.id);
    const path = `/api/incidents/${incident?.id}/acknowledge`;
    const first = await app.request("POST", path, { token: user.token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: "acknowledged", acknowledgedAt: expect.any(String) });
    const again = await app.request("POST", path, { token: user.token });
    expect(again.body.timeline.filter((e: { kind: string }) => e.kind === "acknowledged")).toHaveLength(1);
    await insertResults(handle.db, [check(m.id, 2, "up")]);
    expect((await incidentsOf(m.id))[0]?.state).toBe("resolved");
    const late = await app.request("POST", path, { token: user.token });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("conflict");
  });

  it("lists incidents by state, newest first, and hides other users' incidents", async () => {
    const m = await newMonitor({ confirmations: 1, recoveries: 1 });
    await insertResults(handle.db, [check(m.id, 1, "down")]);
    const open = await app.request("GET", "/api/incidents?state=open", { token: user.token });
    expect(open.body.items.every((i: { state: string }) => i.state === "open")).toBe(true);
    expect(open.body.items.map((i: { monitorId: string }) => i.monitorId)).toContain(m.id);
    const other = await signUp(app);
    const theirs = await app.request("GET", "/api/incidents", { token: other.token });
    expect(theirs.body.items).toEqual([]);
    const [incident] = await incidentsOf(m.id);
    expect((await app.request("GET", `/api/incidents/${incident?.id}`, { token: other.token })).status).toBe(
      404,
    );
    const bad = await app.request("GET", "/api/incidents?state=exploded", { token: user.token });
    expect(bad.status).toBe(400);
  });
});
