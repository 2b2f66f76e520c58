import type { maintenanceWindows } from "../db/schema/index.js";
import { dayMs, localDay, localToInstant, minuteMs, toLocal, weekdayOf } from "./zoned-time.js";

/**
 * When a maintenance window is on. Pure: no database, no clock.
 * - once: from startsAt (inclusive) to endsAt (exclusive).
 * - weekly: on each listed weekday (0 = Sunday) of the zone's calendar, from startTime on the zone's wall clock, for
 *   durationMinutes of elapsed time. An occurrence may run past midnight and past Saturday into Sunday.
 * DST: a start time the clocks skip begins when they land (02:30 on a spring-forward night in Berlin starts at 03:00
 * CEST); a start time that happens twice begins at the first one only. The duration is real time, so across a
 * change the wall-clock end moves by the hour (see zoned-time.ts).
 */
export type MaintenanceSchedule =
  | { kind: "once"; startsAt: Date; endsAt: Date }
  | {
      kind: "weekly";
      weekdays: readonly number[];
      /** "HH:MM", 24-hour. */
      startTime: string;
      durationMinutes: number;
      timeZone: string;
    };

export type Occurrence = { startsAt: Date; endsAt: Date };

type Span = { start: number; end: number };

export function parseStartTime(startTime: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(startTime);
  if (!match) throw new Error(`start time "${startTime}" is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The weekly window's occurrences that start on the zone's local days firstDay..lastDay, in time order. */
function* weeklySpans(
  window: Extract<MaintenanceSchedule, { kind: "weekly" }>,
  firstDay: number,
  lastDay: number,
): Generator<Span> {
  const startMinutes = parseStartTime(window.startTime);
  for (let day = firstDay; day <= lastDay; day++) {
    if (!window.weekdays.includes(weekdayOf(day))) continue;
    const start = localToInstant(day * dayMs + startMinutes * minuteMs, window.timeZone);
    yield { start, end: start + window.durationMinutes * minuteMs };
  }
}

/** Local days back from `at` on which an occurrence still running at `at` may have started (one spare for DST). */
const daysBack = (durationMinutes: number) => Math.ceil(durationMinutes / 1440) + 1;

export function isActive(window: MaintenanceSchedule, at: Date): boolean {
  const t = at.getTime();
  if (window.kind === "once") return window.startsAt.getTime() <= t && t < window.endsAt.getTime();
  const today = localDay(toLocal(t, window.timeZone));
  // Tomorrow too: where clocks fall back across midnight, tomorrow's first minutes can come before `at`.
  for (const span of weeklySpans(window, today - daysBack(window.durationMinutes), today + 1)) {
    if (span.start <= t && t < span.end) return true;
  }
  return false;
}

/**
 * The occurrence running at `after`, or else the next one to start; null for a one-off window that has ended.
 * Where weekly occurrences overlap, the one that started first is returned.
 */
export function nextOccurrence(window: MaintenanceSchedule, after: Date): Occurrence | null {
  const t = after.getTime();
  if (window.kind === "once") {
    return t < window.endsAt.getTime() ? { startsAt: window.startsAt, endsAt: window.endsAt } : null;
  }
  const today = localDay(toLocal(t, window.timeZone));
  for (const span of weeklySpans(window, today - daysBack(window.durationMinutes), today + 8)) {
    if (span.end > t) return { startsAt: new Date(span.start), endsAt: new Date(span.end) };
  }
  return null; // Unreachable with at least one weekday: every weekday comes up within eight days.
}

type WindowRow = Pick<
  typeof maintenanceWindows.$inferSelect,
  "kind" | "startsAt" | "endsAt" | "weekdays" | "startTime" | "durationMinutes" | "timeZone"
>;

/** A stored window as a schedule. The API writes whole rows of one kind, so a missing field is a broken row. */
export function scheduleOf(row: WindowRow): MaintenanceSchedule {
  if (row.kind === "once") {
    if (!row.startsAt || !row.endsAt) throw new Error("once maintenance window without startsAt/endsAt");
    return { kind: "once", startsAt: row.startsAt, endsAt: row.endsAt };
  }
  if (!row.weekdays || row.startTime === null || row.durationMinutes === null) {
    throw new Error("weekly maintenance window without weekdays/startTime/durationMinutes");
  }
  return {
    kind: "weekly",
    weekdays: row.weekdays,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
  };
}
