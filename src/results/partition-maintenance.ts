import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { rollupResolutions } from "../db/schema/index.js";

const DAY_MS = 86_400_000;
const partitionName = /^check_results_p(\d{4})(\d{2})(\d{2})$/;

export type Retention = {
  /** Raw results (check_results), in days. */
  rawDays: number;
  /** Rollups by bucket size, in days. */
  minuteDays: number;
  hourDays: number;
  dayDays: number;
};

/** Days sent and dead notifications stay listed in the outbox. */
const notificationDays = 30;

export const defaultRollupRetention = { minuteDays: 7, hourDays: 90, dayDays: 730 } as const;

const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const dayLabel = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll("-", "");

/** The day partitions of check_results, by their UTC day start (epoch ms). */
export async function listDayPartitions(db: Database): Promise<Map<number, string>> {
  const { rows } = await db.execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'check_results'::regclass`);
  const days = new Map<number, string>();
  for (const { name } of rows) {
    const m = partitionName.exec(name);
    if (m) days.set(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])), name);
  }
  return days;
}

/**
 * Creates the day partitions from today to `daysAhead` days on. A day that already has rows in the DEFAULT
 * partition is skipped (attaching it would fail); those rows stay in DEFAULT until retention removes them.
 */
export async function ensurePartitions(db: Database, now: number, daysAhead = 3): Promise<string[]> {
  const existing = await listDayPartitions(db);
  const created: string[] = [];
  for (let day = dayStart(now); day <= dayStart(now) + daysAhead * DAY_MS; day += DAY_MS) {
    if (existing.has(day)) continue;
    const from = new Date(day).toISOString();
    const to = new Date(day + DAY_MS).toISOString();
    const { rows } = await db.execute<{ taken: boolean }>(sql`
      select exists (select 1 from check_results_default
        where scheduled_at >= ${from}::timestamptz and scheduled_at < ${to}::timestamptz) as taken`);
    if (rows[0]?.taken) continue;
    const name = `check_results_p${dayLabel(day)}`;
    await db.execute(
      sql.raw(
        `create table if not exists ${name} partition of check_results for values from ('${from}') to ('${to}')`,
      ),
    );
    created.push(name);
  }
  return created;
}

/**
 * Retention: whole day partitions older than `rawDays` are dropped (no row-by-row delete, no bloat), old rows in
 * DEFAULT are deleted, rollups are trimmed per bucket size, and finished notifications after 30 days. Returns the
 * partitions dropped.
 */
export async function applyRetention(db: Database, now: number, retention: Retention): Promise<string[]> {
  const cutoff = now - retention.rawDays * DAY_MS;
  const dropped: string[] = [];
  for (const [day, name] of await listDayPartitions(db)) {
    if (day + DAY_MS > cutoff) continue;
    await db.execute(sql.raw(`drop table if exists ${name}`));
    dropped.push(name);
  }
  await db.execute(
    sql`delete from check_results_default where scheduled_at < ${new Date(cutoff).toISOString()}::timestamptz`,
  );
  const keep: [number, number][] = [
    [rollupResolutions.minute, retention.minuteDays],
    [rollupResolutions.hour, retention.hourDays],
    [rollupResolutions.day, retention.dayDays],
  ];
  for (const [seconds, days] of keep) {
    await db.execute(sql`
      delete from check_rollups where bucket_seconds = ${seconds}
        and bucket_start < ${new Date(now - days * DAY_MS).toISOString()}::timestamptz`);
  }
  // Delivered and dead notifications are history after a month; pending ones are never trimmed.
  await db.execute(sql`
    delete from notifications where state <> 'pending'
      and created_at < ${new Date(now - notificationDays * DAY_MS).toISOString()}::timestamptz`);
  return dropped;
}
