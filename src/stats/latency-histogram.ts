/**
 * The mergeable latency sketch kept in check_rollups.rt_hist: a sparse log-scale histogram, bucket b counting
 * response times in [1.1^b, 1.1^(b+1)) ms (SQL: vigil_rt_bucket and vigil_hist in drizzle/0010). Histograms of any
 * buckets add up, so a percentile over any window comes from rollups. Reading a bucket as its geometric midpoint
 * 1.1^(b+0.5) is within a factor √1.1 of every value in it: the error bound below.
 */
export const histogramBase = 1.1;

/** Largest relative error of a percentile read from a histogram against the exact (nearest-rank) percentile. */
export const histogramRelativeError = Math.sqrt(histogramBase) - 1;

export type Histogram = Record<string, number>;

/**
 * The nearest-rank percentile (0 < p ≤ 1) of the merged histogram, clamped to the observed min and max (which
 * makes single-valued data exact). Null without data.
 */
export function histogramPercentile(
  hist: Histogram,
  p: number,
  observed: { min: number | null; max: number | null },
): number | null {
  const buckets = Object.entries(hist)
    .map(([b, n]) => [Number(b), Number(n)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [bucket, n] of buckets) {
    seen += n;
    if (seen < rank) continue;
    const estimate = histogramBase ** (bucket + 0.5);
    return Math.min(observed.max ?? estimate, Math.max(observed.min ?? estimate, estimate));
  }
  return null;
}
