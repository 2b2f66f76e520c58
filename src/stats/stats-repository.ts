import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Histogram } from "./latency-histogram.js";

export type StatsRow = {
  /** null on the overall row of the grouping set. */
  region: string | null;
  checks: number;
  missed: number;
  up: number;
  degraded: number;
  down: number;
  avgMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  hist: Histogram;
};

/**
 * Counts, mean and the merged latency histogram from the rollups of one bucket size, per region and overall
 * (grouping sets). A bucket counts when it overlaps the window, so the window's start is exact to one bucket.
 * Histograms are merged by expanding them and summing per bucket: folding thousands of rows into one growing jsonb
 * (vigil_hist_sum) is ~35x slower. Missed checks (the platform's failure) are counted apart, out of checks and uptime.
 */
export async function queryStats(
  db: Database,
  monitorId: string,
  from: Date,
  bucketSeconds: number,
): Promise<StatsRow[]> {
  const { rows } = await db.execute<StatsRow>(sql`
    with r as materialized (
      select * from check_rollups
      where monitor_id = ${monitorId} and bucket_seconds = ${bucketSeconds}
        and bucket_start > ${new Date(from.getTime() - bucketSeconds * 1000).toISOString()}::timestamptz
    ), totals as (
      select region,
        sum(checks)::int as checks, sum(missed)::int as missed, sum(up)::int as up,
        sum(degraded)::int as degraded, sum(down)::int as down,
        (sum(rt_sum)::float8 / nullif(sum(rt_count), 0)) as "avgMs",
        min(rt_min) as "minMs", max(rt_max) as "maxMs"
      from r group by grouping sets ((region), ())
    ), hist as (
      select region, jsonb_object_agg(k, n) as hist
      from (
        select region, e.k, sum(e.v::int) as n from r cross join lateral jsonb_each_text(r.rt_hist) as e(k, v)
        group by grouping sets ((region, e.k), (e.k))
      ) per_bucket
      group by region
    )
    select t.*, coalesce(h.hist, '{}'::jsonb) as hist
    from totals t left join hist h on h.region is not distinct from t.region
    order by t.region nulls first`);
  return rows;
}
