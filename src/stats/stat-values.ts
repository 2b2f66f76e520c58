import { type Histogram, histogramPercentile } from "./latency-histogram.js";

/** Check counts that decide uptime; missed checks are the platform's failure and never among them. */
export type Outcomes = { up: number; degraded: number; down: number };

/** (up + degraded) / (up + degraded + down): degraded answered, so it is not an outage. Null without data. */
export function uptimeOf({ up, degraded, down }: Outcomes): number | null {
  const total = up + degraded + down;
  return total === 0 ? null : (up + degraded) / total;
}

/** Milliseconds as the API reports them: two decimals. */
export const roundMs = (v: number | null): number | null => (v === null ? null : Math.round(v * 100) / 100);

/** Adds `hist`'s counts into `into` (histograms of any buckets add up). */
export function addHistogram(into: Histogram, hist: Histogram): Histogram {
  for (const [bucket, n] of Object.entries(hist)) into[bucket] = (into[bucket] ?? 0) + Number(n);
  return into;
}

/** Response times of merged rollups: enough to report a mean and percentiles over any set of buckets. */
export type Latency = {
  rtSum: number;
  rtCount: number;
  minMs: number | null;
  maxMs: number | null;
  hist: Histogram;
};

export const emptyLatency = (): Latency => ({ rtSum: 0, rtCount: 0, minMs: null, maxMs: null, hist: {} });

export function addLatency<T extends Latency>(into: T, other: Latency): T {
  into.rtSum += other.rtSum;
  into.rtCount += other.rtCount;
  if (other.minMs !== null)
    into.minMs = into.minMs === null ? other.minMs : Math.min(into.minMs, other.minMs);
  if (other.maxMs !== null)
    into.maxMs = into.maxMs === null ? other.maxMs : Math.max(into.maxMs, other.maxMs);
  addHistogram(into.hist, other.hist);
  return into;
}

export const averageMs = (l: Latency): number | null => roundMs(l.rtCount === 0 ? null : l.rtSum / l.rtCount);

/** A percentile (0 < p ≤ 1) of the merged histogram, clamped to the observed range, rounded. */
export const percentileMs = (l: Pick<Latency, "hist" | "minMs" | "maxMs">, p: number): number | null =>
  roundMs(histogramPercentile(l.hist, p, { min: l.minMs, max: l.maxMs }));
