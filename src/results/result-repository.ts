import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { type CheckStatus, checkResults } from "../db/schema/index.js";
import { type MachineOutcome, runIncidentMachine } from "../incidents/incident-machine.js";
import type { FailedAssertion } from "../monitors/assertions.js";
import type { Certificate, CheckTimings } from "../queue/check-timings.js";
import { rollupCtes } from "./rollup-upsert.js";

export type ResultRow = typeof checkResults.$inferSelect;

/** One stored check: (monitorId, region, scheduledAt) is its idempotency key. */
export type NewResult = {
  monitorId: string;
  region: string;
  scheduledAt: Date;
  checkedAt: Date;
  status: CheckStatus;
  statusCode: number | null;
  responseTimeMs: number | null;
  error: string | null;
  timings?: CheckTimings | null;
  finalUrl?: string | null;
  remoteAddress?: string | null;
  certificate?: Certificate | null;
  failedAssertion?: FailedAssertion | null;
};

/** A committed batch: how many rows were new, and what the state machine left (for live updates). */
export type StoredBatch = { inserted: number; outcome: MachineOutcome };

/**
 * Stores a batch and runs the incident state machine over the monitors it touched, in one transaction: monitor
 * state, incidents and their notifications change together with the results or not at all. The insert is one
 * statement (unnest arrays: one round trip, ~4x faster than the builder's multi-row insert); a result already
 * stored is skipped, so redelivery is harmless; results of deleted monitors are dropped. Resolves after the
 * commit.
 */
export async function storeResultBatch(
  db: Database,
  results: NewResult[],
  now = Date.now(),
): Promise<StoredBatch> {
  if (results.length === 0) return { inserted: 0, outcome: { monitors: [], incidents: [] } };
  return db.transaction(async (tx) => {
    const inserted = await insertRows(tx, results);
    const outcome = await runIncidentMachine(tx, [...new Set(results.map((r) => r.monitorId))], now);
    return { inserted, outcome };
  });
}

/** storeResultBatch for callers that only count: returns how many rows were new. */
export async function insertResults(db: Database, results: NewResult[], now = Date.now()): Promise<number> {
  return (await storeResultBatch(db, results, now)).inserted;
}

async function insertRows(db: Database, results: NewResult[]): Promise<number> {
  const col = <T>(pick: (r: NewResult) => T) => sql.param(results.map(pick));
  const { rows } = await db.execute<{ inserted: number }>(sql`
    with ins as (
      insert into check_results
        (monitor_id, region, scheduled_at, checked_at, status, status_code, response_time_ms, error, timings,
         final_url, remote_address, cert_issuer, cert_subject, cert_expires_at, failed_assertion)
      select u.* from unnest(
        ${col((r) => r.monitorId)}::uuid[],
        ${col((r) => r.region)}::text[],
        ${col((r) => r.scheduledAt.toISOString())}::timestamptz[],
        ${col((r) => r.checkedAt.toISOString())}::timestamptz[],
        ${col((r) => r.status)}::text[],
        ${col((r) => r.statusCode)}::int[],
        ${col((r) => r.responseTimeMs)}::int[],
        ${col((r) => r.error)}::text[],
        ${col((r) => (r.timings ? JSON.stringify(r.timings) : null))}::jsonb[],
        ${col((r) => r.finalUrl ?? null)}::text[],
        ${col((r) => r.remoteAddress ?? null)}::text[],
        ${col((r) => r.certificate?.issuer ?? null)}::text[],
        ${col((r) => r.certificate?.subject ?? null)}::text[],
        ${col((r) => (r.certificate ? new Date(r.certificate.validTo).toISOString() : null))}::timestamptz[],
        ${col((r) => (r.failedAssertion ? JSON.stringify(r.failedAssertion) : null))}::jsonb[]
      ) as u(monitor_id, region, scheduled_at, checked_at, status, status_code, response_time_ms, error, timings,
             final_url, remote_address, cert_issuer, cert_subject, cert_expires_at, failed_assertion)
      where exists (select 1 from monitors m where m.id = u.monitor_id)
      on conflict (monitor_id, region, scheduled_at) do nothing
      returning monitor_id, region, scheduled_at, status, response_time_ms
    )${rollupCtes()}
    select count(*)::int as inserted from ins`);
  return rows[0]?.inserted ?? 0;
}

export type ResultFilter = {
  monitorId: string;
  region?: string | undefined;
  status?: CheckStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset position: rows strictly older than this (checkedAt, id). */
  before?: { checkedAt: Date; id: number } | undefined;
};

export async function listResults(db: Database, filter: ResultFilter, limit: number): Promise<ResultRow[]> {
  const { before } = filter;
  return db
    .select()
    .from(checkResults)
    .where(
      and(
        eq(checkResults.monitorId, filter.monitorId),
        filter.region ? eq(checkResults.region, filter.region) : undefined,
        filter.status ? eq(checkResults.status, filter.status) : undefined,
        filter.from ? gte(checkResults.checkedAt, filter.from) : undefined,
        filter.to ? lt(checkResults.checkedAt, filter.to) : undefined,
        before
          ? sql`(${checkResults.checkedAt}, ${checkResults.id}) < (${before.checkedAt.toISOString()}::timestamptz, ${before.id})`
          : undefined,
      ),
    )
    .orderBy(desc(checkResults.checkedAt), desc(checkResults.id))
    .limit(limit);
}

/** The newest result of each of the given regions; a lateral lookup per region rides the unique index. */
export async function latestResultPerRegion(
  db: Database,
  monitorId: string,
  regions: string[],
): Promise<ResultRow[]> {
  if (regions.length === 0) return [];
  const latestIds = sql`(
    select r.id from unnest(${sql.param(regions)}::text[]) as reg(name)
    cross join lateral (
      select id from check_results
      where monitor_id = ${monitorId} and region = reg.name
      order by scheduled_at desc limit 1
    ) r)`;
  return db
    .select()
    .from(checkResults)
    .where(sql`${checkResults.id} in ${latestIds}`)
    .orderBy(checkResults.region);
}

export async function deleteResultsBefore(db: Database, monitorId: string, before: Date): Promise<number> {
  const { rows } = await db.execute<{ deleted: number }>(sql`
    with d as (
      delete from check_results where monitor_id = ${monitorId} and checked_at < ${before.toISOString()}::timestamptz
      returning 1
    )
    select count(*)::int as deleted from d`);
  return rows[0]?.deleted ?? 0;
}
