import { expect } from "vitest";
import type { NewResult } from "../../src/results/result-repository.js";
import { histogramRelativeError } from "../../src/stats/latency-histogram.js";

/** The exact nearest-rank percentile (0 < p ≤ 1) of sorted values. */
export function nearestRank(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** A percentile read from rollup histograms: within the documented relative error of the exact one. */
export function expectNear(actual: number | null, exact: number | null, label = "") {
  if (exact === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(Math.abs((actual ?? 0) - exact), `${label} ${actual} vs exact ${exact}`).toBeLessThanOrEqual(
    exact * histogramRelativeError + 0.01,
  );
}

export type ExactStats = {
  checks: number;
  up: number;
  degraded: number;
  down: number;
  uptime: number | null;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
};

/** What the API should report for these results, computed from the raw values (missed ones left out). */
export function exactStats(results: NewResult[]): ExactStats {
  const counted = results.filter((r) => r.status !== "missed");
  const count = (s: string) => counted.filter((r) => r.status === s).length;
  const [up, degraded, down] = [count("up"), count("degraded"), count("down")];
  const times = counted
    .map((r) => r.responseTimeMs)
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => a - b);
  const at = (p: number) => (times.length === 0 ? null : nearestRank(times, p));
  return {
    checks: counted.length,
    up,
    degraded,
    down,
    uptime: up + degraded + down === 0 ? null : (up + degraded) / (up + degraded + down),
    avgMs: times.length === 0 ? null : times.reduce((a, b) => a + b, 0) / times.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
  };
}

/** Counts exactly, the mean to two decimals, percentiles within the histogram's error. */
export function expectStats(actual: ExactStats, exact: ExactStats, label = "") {
  const { checks, up, degraded, down } = exact;
  expect(actual, label).toMatchObject({ checks, up, degraded, down });
  if (exact.uptime === null) expect(actual.uptime, label).toBeNull();
  else expect(actual.uptime, label).toBeCloseTo(exact.uptime, 10);
  if (exact.avgMs === null) expect(actual.avgMs, label).toBeNull();
  else expect(actual.avgMs, label).toBeCloseTo(exact.avgMs, 1);
  expectNear(actual.p50Ms, exact.p50Ms, `${label} p50`);
  expectNear(actual.p95Ms, exact.p95Ms, `${label} p95`);
  expectNear(actual.p99Ms, exact.p99Ms, `${label} p99`);
}

/**
 * Runs `body` with the start of the current clock period (an hour, a UTC day) and again if the period turned
 * while it ran, so expectations computed from "now" always meet the server's own "now".
 */
export async function withinOnePeriod<T>(
  periodMs: number,
  body: (startMs: number) => Promise<T>,
): Promise<T> {
  for (;;) {
    const startMs = Math.floor(Date.now() / periodMs) * periodMs;
    const result = await body(startMs);
    if (Math.floor(Date.now() / periodMs) * periodMs === startMs) return result;
  }
}
