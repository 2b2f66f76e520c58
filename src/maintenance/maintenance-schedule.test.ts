import { describe, expect, it } from "vitest";
import { isActive, type MaintenanceSchedule, nextOccurrence } from "./maintenance-schedule.js";
import { isValidTimeZone } from "./zoned-time.js";

const at = (iso: string) => new Date(iso);
const weekly = (
  weekdays: number[],
  startTime: string,
  durationMinutes: number,
  timeZone = "UTC",
): MaintenanceSchedule => ({ kind: "weekly", weekdays, startTime, durationMinutes, timeZone });
const occurrence = (startsAt: string, endsAt: string) => ({ startsAt: at(startsAt), endsAt: at(endsAt) });

/** Asserts the instants of `window` that are on and off. */
function expectActivity(window: MaintenanceSchedule, on: string[], off: string[]) {
  for (const iso of on) expect(isActive(window, at(iso)), `active at ${iso}`).toBe(true);
  for (const iso of off) expect(isActive(window, at(iso)), `inactive at ${iso}`).toBe(false);
}

describe("one-off windows", () => {
  const once: MaintenanceSchedule = {
    kind: "once",
    startsAt: at("2026-02-01T10:00:00Z"),
    endsAt: at("2026-02-01T12:00:00Z"),
  };

  it("include their start and exclude their end", () => {
    expectActivity(
      once,
      ["2026-02-01T10:00:00.000Z", "2026-02-01T11:59:59.999Z"],
      ["2026-02-01T09:59:59.999Z", "2026-02-01T12:00:00.000Z"],
    );
  });

  it("show themselves until they end, then nothing", () => {
    const span = occurrence("2026-02-01T10:00:00Z", "2026-02-01T12:00:00Z");
    expect(nextOccurrence(once, at("2026-01-01T00:00:00Z"))).toEqual(span);
    expect(nextOccurrence(once, at("2026-02-01T11:00:00Z"))).toEqual(span);
    expect(nextOccurrence(once, at("2026-02-01T12:00:00Z"))).toBeNull();
  });
});

describe("weekly windows", () => {
  it("run in UTC across midnight (Wednesday 23:30 for 60 min covers Thursday 00:15)", () => {
    // 2026-01-14 is a Wednesday.
    expectActivity(
      weekly([3], "23:30", 60),
      ["2026-01-14T23:30:00Z", "2026-01-15T00:15:00Z", "2026-01-15T00:29:59.999Z"],
      ["2026-01-14T23:29:59.999Z", "2026-01-15T00:30:00Z", "2026-01-15T23:45:00Z", "2026-01-21T00:30:00Z"],
    );
  });

  it("cross the week boundary (Saturday 23:00 for 120 min covers Sunday 00:30)", () => {
    const window = weekly([6], "23:00", 120);
    expectActivity(window, ["2026-01-18T00:30:00Z"], ["2026-01-18T01:00:00Z", "2026-01-17T22:59:00Z"]);
    expect(nextOccurrence(window, at("2026-01-18T00:30:00Z"))).toEqual(
      occurrence("2026-01-17T23:00:00Z", "2026-01-18T01:00:00Z"),
    );
  });

  it("follow America/New_York's offset through the year, weekdays only", () => {
    const window = weekly([1, 2, 3, 4, 5], "09:00", 60, "America/New_York");
    expectActivity(
      window,
      ["2026-01-14T14:00:00Z", "2026-07-15T13:00:00Z"], // 09:00 EST, 09:00 EDT
      ["2026-01-14T13:59:00Z", "2026-01-14T15:00:00Z", "2026-07-15T14:00:00Z", "2026-01-17T14:30:00Z"],
    );
    // From Friday after the window, the next one is Monday.
    expect(nextOccurrence(window, at("2026-01-16T15:00:00Z"))).toEqual(
      occurrence("2026-01-19T14:00:00Z", "2026-01-19T15:00:00Z"),
    );
  });

  it("use the zone's weekday, not UTC's (Monday 02:00 in Asia/Kolkata is Sunday 20:30 UTC)", () => {
    const window = weekly([1], "02:00", 90, "Asia/Kolkata");
    expectActivity(
      window,
      ["2026-01-18T20:30:00Z", "2026-01-18T21:59:59Z"],
      ["2026-01-18T20:29:59Z", "2026-01-18T22:00:00Z", "2026-01-19T20:30:00Z"],
    );
    expect(nextOccurrence(window, at("2026-01-12T00:00:00Z"))).toEqual(
      occurrence("2026-01-18T20:30:00Z", "2026-01-18T22:00:00Z"),
    );
  });

  it("picks the earliest of several weekdays, and the running occurrence over the next", () => {
    const window = weekly([1, 4], "02:00", 90, "Europe/Berlin");
    // Tuesday 2026-01-13: the next is Thursday 02:00 CET.
    expect(nextOccurrence(window, at("2026-01-13T12:00:00Z"))).toEqual(
      occurrence("2026-01-15T01:00:00Z", "2026-01-15T02:30:00Z"),
    );
    expect(nextOccurrence(window, at("2026-01-15T02:00:00Z"))).toEqual(
      occurrence("2026-01-15T01:00:00Z", "2026-01-15T02:30:00Z"),
    );
  });

  it("can last a whole week, so that it never ends", () => {
    const window = weekly([1], "00:00", 10_080);
    // Monday 00:00: one occurrence ends as the next starts.
    expectActivity(window, ["2026-01-12T00:00:00Z", "2026-01-11T23:59:59Z", "2026-01-15T12:00:00Z"], []);
    expect(nextOccurrence(window, at("2026-01-12T00:00:00Z"))).toEqual(
      occurrence("2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"),
    );
  });
});

describe("weekly windows across DST changes", () => {
  it("start a skipped time when the clocks land (Berlin 02:30 on 2026-03-29 starts at 03:00 CEST)", () => {
    const window = weekly([0], "02:30", 60, "Europe/Berlin");
    expectActivity(
      window,
      ["2026-03-29T01:00:00Z", "2026-03-29T01:59:59Z", "2026-03-22T01:30:00Z", "2026-04-05T00:30:00Z"],
      ["2026-03-29T00:59:59Z", "2026-03-29T02:00:00Z", "2026-03-29T00:30:00Z"],
    );
    expect(nextOccurrence(window, at("2026-03-28T12:00:00Z"))).toEqual(
      occurrence("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"),
    );
  });

  it("start a repeated time once, at its first occurrence (Berlin 02:30 on 2026-10-25)", () => {
    const window = weekly([0], "02:30", 30, "Europe/Berlin");
    // 02:30 CEST is 00:30Z; 02:30 CET, an hour later, is 01:30Z and does not start it again.
    expectActivity(window, ["2026-10-25T00:30:00Z"], ["2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z"]);
    expect(nextOccurrence(window, at("2026-10-25T01:00:00Z"))).toEqual(
      occurrence("2026-11-01T01:30:00Z", "2026-11-01T02:00:00Z"),
    );
  });

  it("last their duration in real time across a change", () => {
    // Berlin, Sunday 01:30 CET for 120 min: the clocks jump at 02:00, so it ends at 04:30 CEST.
    expectActivity(
      weekly([0], "01:30", 120, "Europe/Berlin"),
      ["2026-03-29T00:30:00Z", "2026-03-29T02:29:59Z"],
      ["2026-03-29T02:30:00Z"],
    );
    // New York, Saturday 23:00 EST for 240 min: ends 04:00 EDT on Sunday.
    expectActivity(
      weekly([6], "23:00", 240, "America/New_York"),
      ["2026-03-08T04:00:00Z", "2026-03-08T07:59:59Z"],
      ["2026-03-08T08:00:00Z", "2026-03-08T03:59:59Z"],
    );
  });

  it("behave the same in America/New_York, both ways", () => {
    // 2026-03-08: 02:30 does not exist, the window starts at 03:00 EDT (07:00Z).
    expectActivity(
      weekly([0], "02:30", 30, "America/New_York"),
      ["2026-03-08T07:00:00Z", "2026-03-08T07:29:00Z"],
      ["2026-03-08T06:59:59Z", "2026-03-08T07:30:00Z"],
    );
    // 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST); only the first starts it.
    expectActivity(
      weekly([0], "01:30", 30, "America/New_York"),
      ["2026-11-01T05:30:00Z", "2026-11-01T05:59:59Z"],
      ["2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z", "2026-11-01T06:45:00Z"],
    );
  });
});

describe("time zones", () => {
  it.each(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"])(
    "accepts %s",
    (zone) => expect(isValidTimeZone(zone)).toBe(true),
  );

  it.each(["", "Mars/Olympus", "+02:00", "Europe/Berlin ", "../etc/passwd"])("refuses %j", (zone) =>
    expect(isValidTimeZone(zone)).toBe(false),
  );
});
