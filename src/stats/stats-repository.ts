import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

export type StatsRow = {
  /** null on the overall row of the grouping set. */
  region: string | null;
  checks: number;
  missed: number;
  up: number;
  degraded: number;
  down: number;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
};

/**
 * Exact counts and percentiles over raw results since `from`, per region and overall in one scan
 * (grouping sets). Missed checks (the platform's failure, not the target's) are counted apart and left out of
 * checks and uptime. Response-time figures cover every result that has a response time.
 */
export async function queryStats(db: Database, monitorId: string, from: Date): Promise<StatsRow[]> {
  const { rows } = await db.execute<StatsRow>(sql`
    select region,
      count(*) filter (where status <> 'missed')::int as checks,
      count(*) filter (where status = 'missed')::int as missed,
      count(*) filter (where status = 'up')::int as up,
      count(*) filter (where status = 'degraded')::int as degraded,
      count(*) filter (where status = 'down')::int as down,
      avg(response_time_ms)::float8 as "avgMs",
      percentile_cont(0.5) within group (order by response_time_ms)::float8 as "p50Ms",
      percentile_cont(0.95) within group (order by response_time_ms)::float8 as "p95Ms",
      percentile_cont(0.99) within group (order by response_time_ms)::float8 as "p99Ms"
    from check_results
    where monitor_id = ${monitorId} and checked_at >= ${from.toISOString()}::timestamptz
    group by grouping sets ((region), ())
    order by region nulls first`);
  return rows;
}
