import { parseExpectedStatus } from "../monitors/expected-status.js";

/**
 * True when `code` falls in one of the ranges of `expected` ("200-299,301").
 * An unparsable `expected` matches nothing, so a bad value shows up as a failing check rather than a crash.
 */
export function isExpectedStatus(code: number, expected: string): boolean {
  const ranges = parseExpectedStatus(expected);
  if (typeof ranges === "string") return false;
  return ranges.some(([low, high]) => code >= low && code <= high);
}
