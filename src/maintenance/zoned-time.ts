/**
 * Wall-clock time in an IANA time zone, with Intl only. A "local" value is wall-clock milliseconds counted as if the
 * zone were UTC (Date.UTC of the local fields), so local days and weekdays are plain arithmetic.
 */
export const minuteMs = 60_000;
export const dayMs = 86_400_000;

const newFormatter = (timeZone: string) =>
  new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });

// Building a formatter costs far more than using one. Zone names come from users ("europe/BERLIN" is valid too),
// so the cache is bounded.
const formatters = new Map<string, Intl.DateTimeFormat>();
const maxFormatters = 1000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = newFormatter(timeZone);
    if (formatters.size >= maxFormatters) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone by name ("Europe/Berlin", "UTC"); offsets like "+02:00" are refused. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timeZone)) return false;
  try {
    newFormatter(timeZone);
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in summer: +7_200_000). */
export function offsetAt(instantMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

export const toLocal = (instantMs: number, timeZone: string): number =>
  instantMs + offsetAt(instantMs, timeZone);

/** Local day number (days since 1970-01-01 on the wall clock) and its weekday, 0 = Sunday. */
export const localDay = (localMs: number): number => Math.floor(localMs / dayMs);
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

/**
 * The instant a wall-clock time happens in a zone. Around a DST change:
 * - a time that happens twice (fall back) resolves to its first occurrence, so a window starts once;
 * - a time that never happens (spring forward) resolves to the end of the gap, the instant the clocks jump to
 *   (02:30 on the day Berlin jumps from 02:00 to 03:00 becomes 03:00 CEST), as cron runs skipped jobs then.
 * Assumes at most one offset change within two days either side, which holds for every zone in tzdata.
 */
export function localToInstant(localMs: number, timeZone: string): number {
  const before = offsetAt(localMs - 2 * dayMs, timeZone);
  const after = offsetAt(localMs + 2 * dayMs, timeZone);
  const fits = [before, after].filter((offset) => offsetAt(localMs - offset, timeZone) === offset);
  if (fits.length > 0) return Math.min(...fits.map((offset) => localMs - offset));
  // In the gap: the change happened between these two instants; find its first minute.
  let low = localMs - Math.max(before, after);
  let high = localMs - Math.min(before, after);
  while (high - low > minuteMs) {
    const mid = low + Math.max(1, Math.floor((high - low) / 2 / minuteMs)) * minuteMs;
    if (offsetAt(mid, timeZone) === before) low = mid;
    else high = mid;
  }
  return high;
}
