import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";

export type StatsSeed = { monitors: number; days: number; rawHours: number; regions: string[] };

/** A plausible latency histogram around 120 ms (log-scale buckets of base 1.1: 50 ≈ 117 ms), varied by `k`. */
const histSql = (k: string) =>
  sql.raw(`jsonb_build_object(
  (47 + (${k}) % 3)::text, 20, (50 + (${k}) % 2)::text, 30, '55', 8, (68 + (${k}) % 5)::text, 2)`);

/**
 * Seeds one user's history the way Vigil would have stored it: monitors checked every minute from each region,
 * hour and day rollups for `days`, minute rollups and raw results for the last `rawHours` (older raw rows are gone
 * by retention; minute rollups are kept 7 days). Generated in SQL (generate_series), so seeding is bounded by the
 * database's write speed, not by round trips. About 1 check in 60 is down.
 */
export async function seedStatsHistory(
  db: Database,
  userId: string,
  seed: StatsSeed,
  log: (line: string) => void,
) {
  const regions = sql.param(seed.regions);
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  await db.execute(sql`
    insert into monitors (id, user_id, name, url, method, headers, interval_seconds, timeout_ms, expected_status,
      regions, status, last_checked_at, next_check_at, paused)
    select gen_random_uuid(), ${userId}::uuid, 'bench monitor ' || i, 'https://example.com/' || i, 'GET', '{}'::jsonb,
      60, 10000, '200-399', ${regions}::text[], case when i % 50 = 0 then 'down' else 'up' end, now(),
      now() + interval '1 year', i % 40 = 0
    from generate_series(1, ${seed.monitors}) as i`);
  log(`monitors: ${seed.monitors}`);
  const rollups = async (label: string, bucketSeconds: number, count: number, checksPer: number) => {
    const started = performance.now();
    await db.execute(sql`
      insert into check_rollups
      select m.id, reg.name, ${bucketSeconds},
        date_bin(${`${bucketSeconds} seconds`}::interval, ${nowIso}::timestamptz - (b * ${bucketSeconds} || ' seconds')::interval, timestamptz 'epoch'),
        ${checksPer}, ${checksPer} - ${Math.max(1, Math.round(checksPer / 60))} * (b % 2), 0,
        ${Math.max(1, Math.round(checksPer / 60))} * (b % 2), 0, ${checksPer}, ${checksPer} * (100 + b % 40),
        40 + b % 20, 400 + b % 300, ${histSql("b")}
      from monitors m cross join unnest(m.regions) as reg(name) cross join generate_series(0, ${count - 1}) as b
      where m.user_id = ${userId}::uuid`);
    log(
      `${label} rollups: ${seed.monitors * seed.regions.length * count} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  };
  await rollups("day", 86_400, seed.days, 1_440);
  await rollups("hour", 3_600, seed.days * 24, 60);
  await rollups("minute", 60, seed.rawHours * 60, 1);
  const started = performance.now();
  await db.execute(sql`
    insert into check_results (monitor_id, region, scheduled_at, checked_at, status, status_code, response_time_ms,
      error, timings)
    select m.id, reg.name, t, t + interval '120 milliseconds', case when b % 60 = 0 then 'down' else 'up' end,
      case when b % 60 = 0 then 503 else 200 end, 80 + (b * 7) % 300,
      case when b % 60 = 0 then 'HTTP 503 (expected 200-399)' end,
      '{"dnsMs":1.2,"connectMs":2.5,"tlsMs":8.1,"firstByteMs":95,"downloadMs":1,"totalMs":120}'::jsonb
    from monitors m cross join unnest(m.regions) as reg(name)
    cross join generate_series(0, ${seed.rawHours * 60 - 1}) as b
    cross join lateral (select date_bin('1 minute', ${nowIso}::timestamptz - (b || ' minutes')::interval, timestamptz 'epoch') as t) s
    where m.user_id = ${userId}::uuid`);
  log(
    `raw results: ${seed.monitors * seed.regions.length * seed.rawHours * 60} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  await db.execute(sql`analyze`);
}

/** Bytes the results and rollups take, table plus indexes, and per stored check. */
export async function storageFigures(db: Database) {
  const { rows } = await db.execute<{
    raw: number;
    rawRows: number;
    rollups: number;
    rollupRows: number;
  }>(sql`
    select
      (select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'check_results'::regclass)::float8 as raw,
      (select count(*) from check_results)::float8 as "rawRows",
      pg_total_relation_size('check_rollups')::float8 as rollups,
      (select count(*) from check_rollups)::float8 as "rollupRows"`);
  return rows[0];
}
