import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { rollupResolutions } from "../db/schema/index.js";
import type { Latency, Outcomes } from "./stat-values.js";

const HOUR_MS = 3_600_000;
/** Complete hours kept per monitor; the current hour makes the 24th. */
export const SETTLED_HOURS = 23;

const iso = (ms: number) => new Date(ms).toISOString();

export type Summed = Outcomes & Latency;
/** A monitor's settled hours: totals, and mean response time by hour offset ("0" … "22"). */
export type SettledRow = Summed & { monitorId: string; hourlyMs: Record<string, number> };
export type CurrentRow = Summed & { monitorId: string };

const totalsColumns = sql`up, degraded, down, rt_count as "rtCount", rt_sum as "rtSum",
  rt_min as "minMs", rt_max as "maxMs", rt_hist as hist`;

/**
 * For the given monitors: their settled rows valid for the hour starting at `hourMs`, and the current hour's
 * rollups, one row per region (summed by the caller: adding a few small histograms in JS is cheaper than a
 * vigil_hist_sum call per row). Monitors without a valid settled row are missing from the first list;
 * computeSettled fills them in.
 */
export async function readRecentRows(db: Database, monitorIds: string[], hourMs: number) {
  const ids = sql.param(monitorIds);
  const [settled, current] = await Promise.all([
    db.execute<SettledRow>(sql`
      select monitor_id as "monitorId", ${totalsColumns}, hourly_ms as "hourlyMs"
      from monitor_recent_stats
      where monitor_id = any(${ids}::uuid[]) and through_hour = ${iso(hourMs)}::timestamptz`),
    db.execute<CurrentRow>(sql`
      select monitor_id as "monitorId", ${totalsColumns}
      from check_rollups
      where monitor_id = any(${ids}::uuid[]) and bucket_seconds = ${rollupResolutions.hour}
        and bucket_start = ${iso(hourMs)}::timestamptz`),
  ]);
  return { settled: settled.rows, current: current.rows };
}

/**
 * Computes and stores the settled rows of the given monitors for the hour starting at `hourMs`, in one statement,
 * and returns them. Histograms are merged set-wise, one hash aggregate over their entries (~2 µs an entry), not with
 * vigil_hist_sum, whose accumulator is rebuilt for every row it folds in (~70 µs a row when it grows large).
 * Monitors deleted meanwhile are skipped.
 */
export async function computeSettled(
  db: Database,
  monitorIds: string[],
  hourMs: number,
  computedAt: Date,
): Promise<SettledRow[]> {
  const fromMs = hourMs - SETTLED_HOURS * HOUR_MS;
  const { rows } = await db.execute<SettledRow>(sql`
    with r as (
      select monitor_id, bucket_start, up, degraded, down, rt_count, rt_sum, rt_min, rt_max, rt_hist
      from check_rollups
      where monitor_id = any(${sql.param(monitorIds)}::uuid[]) and bucket_seconds = ${rollupResolutions.hour}
        and bucket_start >= ${iso(fromMs)}::timestamptz and bucket_start < ${iso(hourMs)}::timestamptz
    ),
    totals as (
      select monitor_id, sum(up)::int as up, sum(degraded)::int as degraded, sum(down)::int as down,
        sum(rt_count)::int as rt_count, sum(rt_sum)::float8 as rt_sum, min(rt_min) as rt_min, max(rt_max) as rt_max
      from r group by monitor_id
    ),
    hist as (
      select monitor_id, jsonb_object_agg(k, n) as rt_hist
      from (select r.monitor_id, e.key as k, sum(e.value::int) as n
            from r cross join lateral jsonb_each_text(r.rt_hist) as e group by 1, 2) s
      group by monitor_id
    ),
    hourly as (
      select monitor_id, jsonb_object_agg(h, mean) as hourly_ms
      from (select monitor_id,
              (extract(epoch from bucket_start - ${iso(fromMs)}::timestamptz) / 3600)::int as h,
              round((sum(rt_sum)::numeric / sum(rt_count)), 2)::float8 as mean
            from r group by monitor_id, bucket_start having sum(rt_count) > 0) s
      group by monitor_id
    )
    insert into monitor_recent_stats as s (monitor_id, through_hour, computed_at, up, degraded, down,
      rt_count, rt_sum, rt_min, rt_max, rt_hist, hourly_ms)
    select m.id, ${iso(hourMs)}::timestamptz, ${computedAt.toISOString()}::timestamptz,
      coalesce(t.up, 0), coalesce(t.degraded, 0), coalesce(t.down, 0), coalesce(t.rt_count, 0),
      coalesce(t.rt_sum, 0), t.rt_min, t.rt_max, coalesce(h.rt_hist, '{}'::jsonb), coalesce(y.hourly_ms, '{}'::jsonb)
    from monitors m
      left join totals t on t.monitor_id = m.id
      left join hist h on h.monitor_id = m.id
      left join hourly y on y.monitor_id = m.id
    where m.id = any(${sql.param(monitorIds)}::uuid[])
    on conflict (monitor_id) do update set through_hour = excluded.through_hour, computed_at = excluded.computed_at,
      up = excluded.up, degraded = excluded.degraded, down = excluded.down, rt_count = excluded.rt_count,
      rt_sum = excluded.rt_sum, rt_min = excluded.rt_min, rt_max = excluded.rt_max, rt_hist = excluded.rt_hist,
      hourly_ms = excluded.hourly_ms
    returning monitor_id as "monitorId", ${totalsColumns}, hourly_ms as "hourlyMs"`);
  return rows;
}

/**
 * Monitors (of everyone) whose settled row is missing or for an older hour, and, given `settledAt`, those whose
 * row was computed before it.
 */
export async function unsettledMonitorIds(
  db: Database,
  hourMs: number,
  settledAt: Date | undefined,
): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    select m.id from monitors m left join monitor_recent_stats s on s.monitor_id = m.id
    where s.monitor_id is null or s.through_hour <> ${iso(hourMs)}::timestamptz
      ${settledAt ? sql`or s.computed_at < ${settledAt.toISOString()}::timestamptz` : sql``}`);
  return rows.map((r) => r.id);
}
