import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { monitorsInMaintenance } from "../src/maintenance/maintenance-query.js";
import { nextOccurrence } from "../src/maintenance/maintenance-schedule.js";
import type { BadInput } from "./helpers/bad-inputs.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

const path = "/api/maintenance-windows";
const hourMs = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

let handle: DatabaseHandle;
let app: TestApp;
let owner: TestUser;
let other: TestUser;
let revokedToken: string;
let monitorA: string;
let monitorB: string;
let othersMonitor: string;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
  [owner, other] = [await signUp(app), await signUp(app)];
  const revoked = await signUp(app);
  await app.request("POST", "/api/auth/logout", { token: revoked.token });
  revokedToken = revoked.token;
  monitorA = (await createMonitor(app, owner.token)).id;
  monitorB = (await createMonitor(app, owner.token)).id;
  othersMonitor = (await createMonitor(app, other.token)).id;
});

/** A window of the owner's (or of `token`'s), checked to be created. */
async function createWindow(body: Record<string, unknown>, token = owner.token) {
  const res = await app.request("POST", path, { token, body: { name: "Deploy", ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string } & Record<string, any>;
}
const onceAround = (monitorIds: string[], centre = Date.now()) => ({
  kind: "once",
  monitorIds,
  startsAt: iso(centre - hourMs),
  endsAt: iso(centre + hourMs),
});
const weeklyBerlin = (monitorIds: string[]) => ({
  kind: "weekly",
  monitorIds,
  weekdays: [1, 3],
  startTime: "02:00",
  durationMinutes: 90,
  timeZone: "Europe/Berlin",
});

describe("maintenance windows", () => {
  it("creates a one-off window, on now, and reads it back", async () => {
    const body = { name: "DB upgrade", ...onceAround([monitorA, monitorB]) };
    const created = await createWindow(body);
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "DB upgrade",
      monitorIds: [monitorA, monitorB],
      kind: "once",
      timeZone: "UTC",
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      weekdays: null,
      startTime: null,
      durationMinutes: null,
      active: true,
      next: { startsAt: body.startsAt, endsAt: body.endsAt },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await app.request("GET", `${path}/${created.id}`, { token: owner.token });
    expect(got.body).toEqual(created);
  });

  it("takes instants with any offset, and shows future and ended one-off windows", async () => {
    const future = await createWindow({
      kind: "once",
      monitorIds: [monitorA],
      startsAt: "2099-01-01T02:00:00+01:00",
      endsAt: "2099-01-01T04:00:00+01:00",
    });
    expect(future).toMatchObject({
      startsAt: "2099-01-01T01:00:00.000Z",
      active: false,
      next: { startsAt: "2099-01-01T01:00:00.000Z", endsAt: "2099-01-01T03:00:00.000Z" },
    });
    const ended = await createWindow(onceAround([monitorA], Date.now() - 24 * hourMs));
    expect(ended).toMatchObject({ active: false, next: null });
  });

  it("creates a weekly window in a time zone and computes its next occurrence", async () => {
    const before = new Date();
    const created = await createWindow(weeklyBerlin([monitorA]));
    const schedule = { ...weeklyBerlin([]), kind: "weekly" as const };
    const expected = [nextOccurrence(schedule, before), nextOccurrence(schedule, new Date())].map((o) => ({
      startsAt: o?.startsAt.toISOString(),
      endsAt: o?.endsAt.toISOString(),
    }));
    expect(created).toMatchObject({ weekdays: [1, 3], startTime: "02:00", durationMinutes: 90 });
    expect(expected).toContainEqual(created.next);
    expect(Date.parse(created.next.endsAt) - Date.parse(created.next.startsAt)).toBe(90 * 60_000);
    // Every day, all day: on now, in an occurrence that started at most a day ago.
    const always = await createWindow({
      kind: "weekly",
      monitorIds: [monitorB],
      weekdays: [0, 1, 2, 3, 4, 5, 6],
      startTime: "00:00",
      durationMinutes: 1440,
    });
    expect(always).toMatchObject({ active: true, timeZone: "UTC" });
    expect(Date.parse(always.next.startsAt)).toBeLessThanOrEqual(Date.now());
  });

  it("updates partially, re-checking the merged window as a whole", async () => {
    const window = await createWindow({ name: "Before", ...onceAround([monitorA]) });
    const renamed = await app.request("PUT", `${path}/${window.id}`, {
      token: owner.token,
      body: { name: "After" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "After", startsAt: window.startsAt, monitorIds: [monitorA] });
    // endsAt alone, before the stored startsAt.
    const reversed = await app.request("PUT", `${path}/${window.id}`, {
      token: owner.token,
      body: { endsAt: iso(Date.parse(window.startsAt) - 1000) },
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toMatchObject({ code: "validation_error", message: /endsAt must be after/ });
    // A new kind needs its own fields, and clears the old kind's.
    const bare = await app.request("PUT", `${path}/${window.id}`, {
      token: owner.token,
      body: { kind: "weekly" },
    });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toMatch(/weekdays/);
    const weekly = await app.request("PUT", `${path}/${window.id}`, {
      token: owner.token,
      body: {
        kind: "weekly",
        weekdays: [6],
        startTime: "23:00",
        durationMinutes: 120,
        timeZone: "Asia/Kolkata",
      },
    });
    expect(weekly.status).toBe(200);
    expect(weekly.body).toMatchObject({ kind: "weekly", name: "After", startsAt: null, endsAt: null });
    expect(weekly.body.timeZone).toBe("Asia/Kolkata");
  });

  it("accepts only the caller's monitors, naming the unknown ones", async () => {
    const missing = "00000000-0000-7000-8000-000000000000";
    const res = await app.request("POST", path, {
      token: owner.token,
      body: { name: "x", ...onceAround([monitorA, othersMonitor, missing]) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details).toEqual({ path: "monitorIds", unknown: [othersMonitor, missing] });
    expect(res.body.error.message).not.toContain(monitorA);
    const window = await createWindow(onceAround([monitorA]));
    const update = await app.request("PUT", `${path}/${window.id}`, {
      token: owner.token,
      body: { monitorIds: [othersMonitor] },
    });
    expect(update.status).toBe(400);
    expect(update.body.error.message).toContain(othersMonitor);
  });

  it("leaves deleted monitors out, and deletes windows", async () => {
    const doomed = (await createMonitor(app, owner.token)).id;
    const window = await createWindow(onceAround([monitorA, doomed]));
    expect((await app.request("DELETE", `/api/monitor/${doomed}`, { token: owner.token })).status).toBe(204);
    const got = await app.request("GET", `${path}/${window.id}`, { token: owner.token });
    expect(got.body.monitorIds).toEqual([monitorA]);
    expect((await app.request("DELETE", `${path}/${window.id}`, { token: owner.token })).status).toBe(204);
    expect((await app.request("GET", `${path}/${window.id}`, { token: owner.token })).status).toBe(404);
  });

  it("lists in keyset pages, filtered by monitor and by whether they are on now", async () => {
    const user = await signUp(app);
    const [m1, m2] = [(await createMonitor(app, user.token)).id, (await createMonitor(app, user.token)).id];
    const later = Date.now() + 48 * hourMs;
    // Active windows sit between inactive ones, so the filtered pages must read past non-matching rows.
    const made = [];
    for (const [i, ids, centre] of [
      [0, [m1], later],
      [1, [m1, m2], Date.now()],
      [2, [m2], later],
      [3, [m2], later],
      [4, [m1], Date.now()],
      [5, [m2], later],
    ] as const) {
      made.push(await createWindow({ name: `w${i}`, ...onceAround([...ids], centre) }, user.token));
    }
    const all = await collect(user.token, "limit=2");
    expect(all).toEqual(made.map((w) => w.name));
    expect(await collect(user.token, "limit=1&active=true")).toEqual(["w1", "w4"]);
    expect(await collect(user.token, "limit=3&active=false")).toEqual(["w0", "w2", "w3", "w5"]);
    expect(await collect(user.token, `limit=1&monitorId=${m1}`)).toEqual(["w0", "w1", "w4"]);
    expect(await collect(user.token, `monitorId=${m2}&active=true`)).toEqual(["w1"]);
  });
});

/** Every name in a listing, following nextCursor. */
async function collect(token: string, query: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await app.request("GET", `${path}?${query}${cursor ? `&cursor=${cursor}` : ""}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    names.push(...res.body.items.map((w: { name: string }) => w.name));
    cursor = res.body.nextCursor;
  } while (cursor);
  return names;
}

describe("bad input gets a clear 400", () => {
  let windowId: string;
  beforeAll(async () => {
    windowId = (await createWindow(onceAround([monitorA]))).id;
  });
  // Bodies are built when the test runs, once the monitors exist.
  type Case = Omit<BadInput, "call"> & { body?: () => unknown };
  const once = (body: object) => () => ({ name: "x", ...onceAround([monitorA]), ...body });
  const weekly = (body: object) => () => ({ name: "x", ...weeklyBerlin([monitorA]), ...body });
  const post = (name: string, body: () => unknown, message?: RegExp): Case => ({
    name,
    method: "POST",
    path,
    body,
    status: 400,
    code: "validation_error",
    ...(message && { message }),
  });
  const put = (name: string, body: object, message?: RegExp): Case => ({
    ...post(name, () => body, message),
    method: "PUT",
    path: () => `${path}/${windowId}`,
  });
  const get = (name: string, query: string): Case => ({
    name,
    method: "GET",
    path: `${path}${query}`,
    status: 400,
    code: "validation_error",
  });
  const cases: Case[] = [
    post("unknown time zone", weekly({ timeZone: "Mars/Olympus" }), /timeZone must be an IANA time zone/),
    post("offset as time zone", weekly({ timeZone: "+02:00" }), /timeZone/),
    post("weekday 7", weekly({ weekdays: [1, 7] }), /weekdays must be from 0 \(Sunday\) to 6/),
    post("weekday not whole", weekly({ weekdays: [1.5] }), /weekdays/),
    post("weekday repeated", weekly({ weekdays: [1, 1] }), /repeat/),
    post("no weekdays", weekly({ weekdays: [] }), /at least one day/),
    post("startTime 24:00", weekly({ startTime: "24:00" }), /HH:MM/),
    post("startTime without leading zero", weekly({ startTime: "2:00" }), /HH:MM/),
    post("duration 0", weekly({ durationMinutes: 0 }), /durationMinutes must be at least 1/),
    post("duration over a week", weekly({ durationMinutes: 10_081 }), /at most 10080/),
    post("weekly without startTime", weekly({ startTime: undefined }), /startTime/),
    post("endsAt before startsAt", once({ endsAt: iso(Date.now() - 2 * hourMs) }), /endsAt must be after/),
    post(
      "endsAt equal to startsAt",
      once({ startsAt: "2099-01-01T00:00:00Z", endsAt: "2099-01-01T00:00:00Z" }),
    ),
    post("over a year long", once({ endsAt: iso(Date.now() + 367 * 86_400_000) }), /366 days/),
    post(
      "startsAt without offset",
      once({ startsAt: "2099-01-01T00:00:00" }),
      /startsAt must be an ISO 8601/,
    ),
    post("startsAt not a date", once({ startsAt: "tomorrow" }), /startsAt/),
    post("unknown kind", once({ kind: "monthly" }), /kind must be "once" or "weekly"/),
    post("missing kind", once({ kind: undefined }), /kind/),
    post("unknown field", once({ retries: 3 }), /retries/),
    post("weekly field on a one-off window", once({ weekdays: [1] }), /weekdays/),
    post("one-off field on a weekly window", weekly({ startsAt: "2099-01-01T00:00:00Z" }), /startsAt/),
    post("no monitors", once({ monitorIds: [] }), /at least one monitor/),
    post("monitor repeated", () => once({ monitorIds: [monitorA, monitorA] })(), /repeat/),
    post("monitor id not a uuid", once({ monitorIds: ["abc"] }), /UUID/),
    post("too many monitors", once({ monitorIds: Array(1001).fill("00000000-0000-7000-8000-000000000000") })),
    post("empty name", once({ name: " " }), /name/),
    put("update with no fields", {}, /at least one field/),
    put("update unknown field", { id: "x" }),
    put("update bad zone", { timeZone: "Nowhere" }, /timeZone/),
    { ...get("id not a uuid", ""), path: `${path}/123` },
    get("active not a boolean", "?active=yes"),
    get("monitorId not a uuid", "?monitorId=1"),
    get("forged cursor", "?cursor=bm9wZQ"),
    get("unknown query parameter", "?when=now"),
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      const target = typeof c.path === "function" ? c.path() : c.path;
      const res = await app.request(c.method, target, { body: c.body?.(), token: owner.token });
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      expect(res.body.error.code).toBe(c.code);
      if (c.message) expect(res.body.error.message).toMatch(c.message);
    });
  }
});

describe("tenant isolation", () => {
  const routes = [
    { method: "GET", path: () => path, takesId: false },
    { method: "POST", path: () => path, takesId: false, body: { name: "x", ...onceAround([]) } },
    { method: "GET", path: (id: string) => `${path}/${id}`, takesId: true },
    { method: "PUT", path: (id: string) => `${path}/${id}`, takesId: true, body: { name: "Renamed" } },
    { method: "DELETE", path: (id: string) => `${path}/${id}`, takesId: true },
  ];
  const ownersWindow = async () => (await createWindow({ name: "Owned", ...onceAround([monitorA]) })).id;

  for (const route of routes) {
    const name = `${route.method} ${route.path(":id")}`;
    it(`${name}: 401 without a token or with a revoked one`, async () => {
      const target = route.path(await ownersWindow());
      for (const token of [undefined, revokedToken]) {
        const res = await app.request(route.method, target, { token, body: route.body });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe("unauthorized");
      }
    });
    if (!route.takesId) continue;
    it(`${name}: 404 for another user's window, which stays untouched`, async () => {
      const id = await ownersWindow();
      const res = await app.request(route.method, route.path(id), { token: other.token, body: route.body });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      const still = await app.request("GET", `${path}/${id}`, { token: owner.token });
      expect(still.status).toBe(200);
      expect(still.body.name).toBe("Owned");
    });
  }

  it("lists only the caller's windows, even with another user's cursor or monitor id", async () => {
    const theirs = await createWindow({ name: "Theirs", ...onceAround([othersMonitor]) }, other.token);
    await createWindow({ name: "Theirs too", ...onceAround([othersMonitor]) }, other.token);
    const mine = await collect(owner.token, "limit=1000");
    expect(mine).not.toContain("Theirs");
    const byMonitor = await app.request("GET", `${path}?monitorId=${othersMonitor}`, { token: owner.token });
    expect(byMonitor.body.items).toEqual([]);
    const page = await app.request("GET", `${path}?limit=1`, { token: other.token });
    expect(page.body.items[0].id).toBe(theirs.id);
    const replay = await app.request("GET", `${path}?cursor=${page.body.nextCursor}`, { token: owner.token });
    expect(replay.status).toBe(200);
    for (const w of replay.body.items) expect(w.name).not.toMatch(/Theirs/);
  });
});

describe("monitorsInMaintenance", () => {
  it("returns the asked monitors that a window covers at that instant", async () => {
    const user = await signUp(app);
    const newMonitor = async () => (await createMonitor(app, user.token)).id;
    const [m1, m2, m3, m4] = [await newMonitor(), await newMonitor(), await newMonitor(), await newMonitor()];
    const create = (body: Record<string, unknown>) => createWindow(body, user.token);
    await create({
      kind: "once",
      monitorIds: [m1, m2],
      startsAt: "2030-01-01T10:00:00Z",
      endsAt: "2030-01-01T12:00:00Z",
    });
    // Tuesday 2030-01-01 is weekday 2; 23:00 in New York is 04:00Z on Wednesday.
    await create({
      kind: "weekly",
      monitorIds: [m2, m3],
      weekdays: [2],
      startTime: "23:00",
      durationMinutes: 120,
      timeZone: "America/New_York",
    });
    const db = handle.db;
    const asked = [m1, m2, m3, m4];
    const inMaintenance = async (at: string, ids = asked) =>
      [...(await monitorsInMaintenance(db, ids, new Date(at)))].sort();

    expect(await inMaintenance("2030-01-01T10:00:00Z")).toEqual([m1, m2].sort());
    expect(await inMaintenance("2030-01-01T12:00:00Z")).toEqual([]);
    expect(await inMaintenance("2030-01-02T05:30:00Z")).toEqual([m2, m3].sort());
    expect(await inMaintenance("2030-01-02T06:00:00Z")).toEqual([]);
    // Only the monitors asked about, and nothing for nothing.
    expect(await inMaintenance("2030-01-01T11:00:00Z", [m2, m4])).toEqual([m2]);
    expect(await inMaintenance("2030-01-01T11:00:00Z", [])).toEqual([]);
  });
});
