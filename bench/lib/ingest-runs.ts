import { sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import { type Logger, pino } from "pino";
import type { Database } from "../../src/db/client.js";
import { checkResults } from "../../src/db/schema/index.js";
import { createIngester } from "../../src/ingest/ingester.js";
import {
  type CheckResultMessage,
  checkResultSchema,
  decodeMessage,
  encodeMessage,
} from "../../src/queue/messages.js";
import type { StreamKeys } from "../../src/queue/stream-keys.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";
import { insertResults, type NewResult } from "../../src/results/result-repository.js";
import { chunks, toNewResult } from "./result-messages.js";

export type IngestContext = {
  db: Database;
  queue: StreamQueue;
  /** For deleting a run's stream afterwards; the queue interface has no delete. */
  redis: Redis;
  keys: StreamKeys;
  logger: Logger;
  messages: CheckResultMessage[];
};

export type Measurement = {
  method: string;
  batchSize: number;
  rows: number;
  seconds: number;
  /** CPU time of this Node process (user + system) per 1,000 rows. */
  cpuMsPer1000: number;
  note: string;
};

/** Same table state before every run: no results, monitors as never checked, dead tuples vacuumed away. */
async function resetResults(db: Database): Promise<void> {
  await db.execute(sql`truncate check_results restart identity`);
  await db.execute(sql`update monitors set status = 'pending', last_checked_at = null`);
  await db.execute(sql`vacuum analyze monitors`);
  await db.execute(sql`vacuum analyze check_results`);
}

async function countResults(db: Database): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from check_results`);
  return rows[0]?.n ?? 0;
}

async function timed(fn: () => Promise<void>): Promise<{ seconds: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const startedAt = performance.now();
  await fn();
  const seconds = (performance.now() - startedAt) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuMs: (used.user + used.system) / 1000 };
}

function measurement(
  method: string,
  batchSize: number,
  rows: number,
  time: { seconds: number; cpuMs: number },
) {
  return { method, batchSize, rows, seconds: time.seconds, cpuMsPer1000: (time.cpuMs / rows) * 1000 };
}

/** The ingester's queue with the time spent in each call it makes summed up, to split its wall time. */
function timedQueue(queue: StreamQueue) {
  const spentMs = { claimStale: 0, read: 0, ack: 0 };
  const time = async <T>(name: keyof typeof spentMs, call: () => Promise<T>): Promise<T> => {
    const startedAt = performance.now();
    try {
      return await call();
    } finally {
      spentMs[name] += performance.now() - startedAt;
    }
  };
  const wrapped: StreamQueue = {
    ...queue,
    claimStale: (...args) => time("claimStale", () => queue.claimStale(...args)),
    read: (...args) => time("read", () => queue.read(...args)),
    ack: (...args) => time("ack", () => queue.ack(...args)),
  };
  return { queue: wrapped, spentMs };
}

/** A warn-level logger that counts the ingester's failed batches (retried by it) and keeps their first error. */
function failureCounter() {
  let failed = 0;
  let firstError = "";
  const logger = pino(
    { level: "warn" },
    {
      write(line: string) {
        failed++;
        if (!firstError) {
          // Drizzle wraps driver errors as "Failed query: ..."; the database's reason is in the cause.
          const reason = /deadlock detected|could not serialize access|canceling statement/.exec(line);
          firstError = reason?.[0] ?? /"message":"([^"\\]{0,60})/.exec(line)?.[1] ?? "unknown";
        }
      },
    },
  );
  return {
    logger,
    describe: () => (failed === 0 ? "" : `; ${failed} failed batches retried (${firstError})`),
  };
}

/**
 * End to end: the results stream is filled first (not timed), then the real ingester drains it into PostgreSQL.
 * Timed from the ingester's start until the group has nothing pending or unread (entries are acked only after
 * their batch committed), polled every 50 ms; the stored row count is checked afterwards.
 */
export async function measureIngester(
  ctx: IngestContext,
  batchSize: number,
  consumers: number,
): Promise<Measurement> {
  const { db, queue, keys } = ctx;
  await resetResults(db);
  await ctx.redis.del(keys.results);
  await queue.ensureGroup(keys.results, keys.resultsGroup);
  for (const batch of chunks(ctx.messages, 1_000)) await queue.add(keys.results, batch.map(encodeMessage));
  const expected = ctx.messages.length;
  const deadline = Date.now() + 30_000 + expected / 2;
  let timedOut = false;
  const timing = timedQueue(queue);
  const failures = failureCounter();
  const ingesters = Array.from({ length: consumers }, (_, i) =>
    createIngester({
      db,
      queue: timing.queue,
      keys,
      logger: failures.logger,
      consumer: `bench-ingester-${i}`,
      claimIdleMs: 60_000,
      batchSize,
    }),
  );
  let running: { stop(): Promise<void> }[] = [];
  const time = await timed(async () => {
    running = ingesters.map((ingester) => ingester.start());
    for (;;) {
      const info = await queue.groupInfo(keys.results, keys.resultsGroup);
      if (info.lag === 0 && info.pending === 0) break;
      if (Date.now() > deadline) {
        timedOut = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  const { claimStale, read, ack } = { ...timing.spentMs };
  // Stopping waits for the blocked read to time out: not ingestion, so outside the timing, but before the next run.
  await Promise.all(running.map((r) => r.stop()));
  const stored = await countResults(db);
  await ctx.redis.del(keys.results);
  const share = (ms: number) => `${Math.round(ms / 10 / time.seconds)}%`;
  const perConsumer = (ms: number) => share(ms / consumers);
  const split = `wall in Redis calls: read ${perConsumer(read)}, claimStale ${perConsumer(claimStale)}, ack ${perConsumer(ack)}${failures.describe()}`;
  const note = timedOut
    ? `TIMED OUT: ${stored} of ${expected} stored`
    : `${stored === expected ? "" : `${stored} stored; `}${split}`;
  return { ...measurement(`ingester x${consumers} (Redis → PostgreSQL)`, batchSize, stored, time), note };
}

/** One statement per batch, sequential, no Redis: what the database path alone allows. */
async function measureDirect(
  db: Database,
  rows: NewResult[],
  method: string,
  batchSize: number,
  insert: (batch: NewResult[]) => Promise<unknown>,
  note: string,
): Promise<Measurement> {
  await resetResults(db);
  const batches = chunks(rows, batchSize);
  const time = await timed(async () => {
    for (const batch of batches) await insert(batch);
  });
  const stored = await countResults(db);
  return { ...measurement(method, batchSize, stored, time), note };
}

export const measureInsertResults = (db: Database, rows: NewResult[], batchSize: number) =>
  measureDirect(db, rows, "insertResults (no Redis)", batchSize, (batch) => insertResults(db, batch), "");

export const measureBuilder = (db: Database, rows: NewResult[], batchSize: number) =>
  measureDirect(
    db,
    rows,
    "drizzle builder insert",
    batchSize,
    (batch) => db.insert(checkResults).values(batch).onConflictDoNothing(),
    "insert only, no status refresh",
  );

/** insertResults' insert statement alone (copied here), to separate its cost from the monitor status refresh. */
export const measureUnnestOnly = (db: Database, rows: NewResult[], batchSize: number) =>
  measureDirect(
    db,
    rows,
    "unnest insert (bench copy)",
    batchSize,
    (batch) => {
      const col = <T>(pick: (r: NewResult) => T) => sql.param(batch.map(pick));
      return db.execute(sql`
        insert into check_results
          (monitor_id, region, scheduled_at, checked_at, status, status_code, response_time_ms, error, timings)
        select u.* from unnest(
          ${col((r) => r.monitorId)}::uuid[], ${col((r) => r.region)}::text[],
          ${col((r) => r.scheduledAt.toISOString())}::timestamptz[], ${col((r) => r.checkedAt.toISOString())}::timestamptz[],
          ${col((r) => r.status)}::text[], ${col((r) => r.statusCode)}::int[], ${col((r) => r.responseTimeMs)}::int[],
          ${col((r) => r.error)}::text[], ${col((r) => (r.timings ? JSON.stringify(r.timings) : null))}::jsonb[]
        ) as u(monitor_id, region, scheduled_at, checked_at, status, status_code, response_time_ms, error, timings)
        where exists (select 1 from monitors m where m.id = u.monitor_id)
        on conflict (monitor_id, region, scheduled_at) do nothing`);
    },
    "insert only, no status refresh",
  );

/** The ingester's per-entry CPU work without any I/O: JSON.parse + zod validation + mapping to a row. */
export async function measureDecode(messages: CheckResultMessage[]): Promise<Measurement> {
  const entries = messages.map(encodeMessage);
  let decoded = 0;
  const time = await timed(async () => {
    for (const fields of entries) {
      const message = decodeMessage(fields, checkResultSchema);
      if (message) {
        toNewResult(message);
        decoded++;
      }
    }
  });
  return {
    ...measurement("decode only (JSON + zod, no I/O)", 0, decoded, time),
    note: "CPU bound, one core",
  };
}
