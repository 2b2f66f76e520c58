import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { rollupResolutions } from "../db/schema/index.js";
import type { Latency, Outcomes } from "./stat-values.js";

const iso = (ms: number) => new Date(ms).toISOString();

export type StepRow = Outcomes & Latency & { region: string; tMs: number; checks: number };

/**
 * One row per region and step: the rollups of one bucket size grouped into steps (`date_bin` on the epoch, so a
 * step never splits a bucket), their histograms merged by `vigil_hist_sum`. Buckets with no check but missed ones
 * are left out. [fromMs, toMs) are step-aligned. Per region only: merging the few regions of a step in JS is
 * cheaper than a second grouping set, whose larger histograms make vigil_hist_sum's merges slow.
 */
export async function queryTimeline(
  db: Database,
  monitorId: string,
  range: { fromMs: number; toMs: number; stepSeconds: number; bucketSeconds: number },
): Promise<StepRow[]> {
  const { rows } = await db.execute<StepRow>(sql`
    select region,
      (extract(epoch from date_bin(make_interval(secs => ${range.stepSeconds}), bucket_start,
        timestamptz 'epoch')) * 1000)::float8 as "tMs",
      sum(checks)::int as checks, sum(up)::int as up, sum(degraded)::int as degraded, sum(down)::int as down,
      sum(rt_sum)::float8 as "rtSum", sum(rt_count)::int as "rtCount",
      min(rt_min) as "minMs", max(rt_max) as "maxMs", vigil_hist_sum(rt_hist) as hist
    from check_rollups
    where monitor_id = ${monitorId} and bucket_seconds = ${range.bucketSeconds}
      and bucket_start >= ${iso(range.fromMs)}::timestamptz and bucket_start < ${iso(range.toMs)}::timestamptz
    group by 1, 2
    having sum(checks) > 0
    order by 2, 1`);
  return rows;
}

export type DayRow = Outcomes & { monitorId: string; dayMs: number; checks: number };

/** Day rollups of the given monitors from `fromMs` (a UTC midnight) on, all regions summed, in one query. */
export async function queryDays(db: Database, monitorIds: string[], fromMs: number): Promise<DayRow[]> {
  const { rows } = await db.execute<DayRow>(sql`
    select monitor_id as "monitorId", (extract(epoch from bucket_start) * 1000)::float8 as "dayMs",
      sum(checks)::int as checks, sum(up)::int as up, sum(degraded)::int as degraded, sum(down)::int as down
    from check_rollups
    where monitor_id = any(${sql.param(monitorIds)}::uuid[]) and bucket_seconds = ${rollupResolutions.day}
      and bucket_start >= ${iso(fromMs)}::timestamptz
    group by monitor_id, bucket_start`);
  return rows;
}
