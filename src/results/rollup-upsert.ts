import { type SQL, sql } from "drizzle-orm";
import { rollupResolutions } from "../db/schema/index.js";

/**
 * A data-modifying CTE per bucket size that folds the rows just inserted (`ins`: monitor_id, region, scheduled_at,
 * status, response_time_ms) into check_rollups. Only new rows reach it, so a redelivered result is never counted
 * twice. Rows are upserted in key order, so two ingesters lock shared rollup rows in one order.
 */
export function rollupCtes(): SQL {
  const ctes = Object.values(rollupResolutions).map(
    (seconds) => sql`, ${sql.raw(`rollup_${seconds}`)} as (
      insert into check_rollups
        (monitor_id, region, bucket_seconds, bucket_start, checks, up, degraded, down, missed,
         rt_count, rt_sum, rt_min, rt_max, rt_hist)
      select monitor_id, region, ${sql.raw(String(seconds))},
        date_bin(${sql.raw(`'${seconds} seconds'`)}::interval, scheduled_at, timestamptz 'epoch') as bucket,
        count(*) filter (where status <> 'missed'), count(*) filter (where status = 'up'),
        count(*) filter (where status = 'degraded'), count(*) filter (where status = 'down'),
        count(*) filter (where status = 'missed'), count(response_time_ms), coalesce(sum(response_time_ms), 0),
        min(response_time_ms), max(response_time_ms), vigil_hist(array_agg(response_time_ms))
      from ins group by monitor_id, region, bucket
      order by monitor_id, bucket, region
      on conflict (monitor_id, bucket_seconds, bucket_start, region) do update set
        checks = check_rollups.checks + excluded.checks,
        up = check_rollups.up + excluded.up,
        degraded = check_rollups.degraded + excluded.degraded,
        down = check_rollups.down + excluded.down,
        missed = check_rollups.missed + excluded.missed,
        rt_count = check_rollups.rt_count + excluded.rt_count,
        rt_sum = check_rollups.rt_sum + excluded.rt_sum,
        rt_min = least(check_rollups.rt_min, excluded.rt_min),
        rt_max = greatest(check_rollups.rt_max, excluded.rt_max),
        rt_hist = vigil_hist_merge(check_rollups.rt_hist, excluded.rt_hist)
      returning 1)`,
  );
  return sql.join(ctes, sql.raw(""));
}
