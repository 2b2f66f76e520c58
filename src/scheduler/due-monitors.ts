import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { HttpMethod, MonitorType } from "../db/schema/index.js";
import type { Assertion } from "../monitors/assertions.js";
import type { HttpAuth } from "../monitors/http-auth.js";

export type DueMonitor = {
  id: string;
  type: MonitorType;
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
  expectedStatus: string;
  regions: string[];
  auth: HttpAuth | null;
  followRedirects: boolean;
  maxRedirects: number;
  ignoreTlsErrors: boolean;
  userAgent: string | null;
  assertions: Assertion[];
  intervalSeconds: number;
  graceSeconds: number;
  /** Regions to re-check before the next slot, because their newest check failed unconfirmed (incident machine). */
  retryRegions: string[];
  retryIntervalSeconds: number;
  nextCheckAt: Date;
};

/**
 * Active monitors due by `now`, locked for this transaction. SKIP LOCKED lets a second scheduler pass over rows the
 * first is publishing, and the row lock held until next_check_at moves on is what makes each slot publish once.
 */
export async function lockDueMonitors(tx: Database, now: Date, limit: number): Promise<DueMonitor[]> {
  const { rows } = await tx.execute<Omit<DueMonitor, "nextCheckAt"> & { nextCheckAtMs: number }>(sql`
    select id, type, url, method, headers, body, timeout_ms as "timeoutMs", expected_status as "expectedStatus", regions,
      auth, follow_redirects as "followRedirects", max_redirects as "maxRedirects",
      ignore_tls_errors as "ignoreTlsErrors", user_agent as "userAgent", assertions,
      interval_seconds as "intervalSeconds", grace_seconds as "graceSeconds",
      retry_regions as "retryRegions", retry_interval_seconds as "retryIntervalSeconds", (extract(epoch from next_check_at) * 1000)::float8 as "nextCheckAtMs"
    from monitors
    where not paused and next_check_at <= ${now.toISOString()}::timestamptz and cardinality(regions) > 0
    order by next_check_at
    limit ${limit}
    for update skip locked`);
  return rows.map(({ nextCheckAtMs, ...row }) => ({
    ...row,
    nextCheckAt: new Date(Math.round(nextCheckAtMs)),
  }));
}

export type NextCheck = { id: string; at: number; retriedAt?: number };

/** Moves each monitor's due time on; a published retry also clears its regions and records when it ran. */
export async function setNextCheckAt(tx: Database, next: NextCheck[]): Promise<void> {
  if (next.length === 0) return;
  await tx.execute(sql`
    update monitors m set next_check_at = x.at,
      retry_regions = case when x.retried_at is null then m.retry_regions else '{}' end,
      last_retry_at = coalesce(x.retried_at, m.last_retry_at)
    from unnest(
      ${sql.param(next.map((n) => n.id))}::uuid[],
      ${sql.param(next.map((n) => new Date(n.at).toISOString()))}::timestamptz[],
      ${sql.param(next.map((n) => (n.retriedAt === undefined ? null : new Date(n.retriedAt).toISOString())))}::timestamptz[]
    ) as x(id, at, retried_at)
    where m.id = x.id`);
}
