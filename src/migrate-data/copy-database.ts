import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { ensurePartitions } from "../results/partition-maintenance.js";
import { listTables, type TableInfo } from "./table-catalog.js";

const DAY_MS = 86_400_000;

export type TableCount = { table: string; source: number; target: number };

export class MigrateDataError extends Error {}

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);
const identList = (names: string[]) =>
  sql.join(
    names.map((n) => ident(n)),
    sql`, `,
  );

async function countRows(db: Database, table: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${ident(table)}`);
  return rows[0]?.n ?? 0;
}

/** Both databases must have been migrated by this version: same tables, same columns. */
function assertSameShape(source: TableInfo[], target: TableInfo[]): void {
  const shape = (t: TableInfo) => `${t.name}(${t.columns.join(",")})`;
  const targetShapes = new Set(target.map(shape));
  const missing = source.map(shape).filter((s) => !targetShapes.has(s));
  if (missing.length > 0)
    throw new MigrateDataError(`the target's tables differ from the source's: ${missing.join("; ")}`);
}

/** Day partitions on the target for every day the source has results of, so none land in DEFAULT. */
async function preparePartitions(source: Database, target: Database): Promise<void> {
  const { rows } = await source.execute<{ first: string | null; last: string | null }>(sql`
    select min(scheduled_at)::text as first, max(scheduled_at)::text as last from check_results`);
  const first = rows[0]?.first;
  const last = rows[0]?.last;
  if (!first || !last) return;
  const firstMs = new Date(first).getTime();
  await ensurePartitions(target, firstMs, Math.ceil((new Date(last).getTime() - firstMs) / DAY_MS) + 1);
}

/**
 * One table, in primary-key order, `chunkRows` at a time: each chunk leaves the source as one JSON array (so every
 * type survives as PostgreSQL writes it) and enters the target through json_populate_recordset.
 */
async function copyTable(
  source: Database,
  target: Database,
  table: TableInfo,
  chunkRows: number,
): Promise<void> {
  if (table.key.length === 0) throw new MigrateDataError(`table ${table.name} has no primary key to page by`);
  const keyColumns = identList(table.key.map((k) => k.column));
  const columns = identList(table.columns);
  const overriding = table.identity.length > 0 ? sql`overriding system value` : sql``;
  let after: SQL | undefined;
  for (;;) {
    const { rows } = await source.execute<{ chunk: string }>(sql`
      select coalesce(json_agg(t order by ${keyColumns}), '[]')::text as chunk
      from (select ${columns} from ${ident(table.name)}
            ${after ? sql`where (${keyColumns}) > (${after})` : sql``}
            order by ${keyColumns} limit ${chunkRows}) t`);
    const chunk = rows[0]?.chunk ?? "[]";
    const parsed = JSON.parse(chunk) as Record<string, unknown>[];
    const last = parsed.at(-1);
    if (!last) return;
    await target.execute(sql`
      insert into ${ident(table.name)} (${columns}) ${overriding}
      select ${columns} from json_populate_recordset(null::${ident(table.name)}, ${chunk}::json)`);
    if (parsed.length < chunkRows) return;
    after = sql.join(
      table.key.map((k) => sql`${String(last[k.column])}::${sql.raw(k.type)}`),
      sql`, `,
    );
  }
}

async function moveIdentitySequences(target: Database, table: TableInfo): Promise<void> {
  for (const column of table.identity) {
    await target.execute(sql`
      select setval(pg_get_serial_sequence(${`"${table.name}"`}, ${column}),
        (select coalesce(max(${ident(column)}), 0) + 1 from ${ident(table.name)}), false)`);
  }
}

/**
 * Copies every row of the application's tables from `source` to `target` (both migrated; the target empty) in one
 * target transaction, so a failed copy leaves the target empty and the command can be run again. Returns the row
 * counts of both sides per table, which the caller checks.
 */
export async function copyDatabase(
  source: Database,
  target: Database,
  {
    chunkRows = 5_000,
    progress = () => undefined,
  }: { chunkRows?: number; progress?: (line: string) => void } = {},
): Promise<TableCount[]> {
  const tables = await listTables(source);
  assertSameShape(tables, await listTables(target));
  for (const table of tables) {
    if ((await countRows(target, table.name)) > 0)
      throw new MigrateDataError(`the target is not empty: ${table.name} has rows; use a fresh database`);
  }
  await preparePartitions(source, target);
  await target.transaction(async (tx) => {
    for (const table of tables) {
      const started = Date.now();
      await copyTable(source, tx as unknown as Database, table, chunkRows);
      await moveIdentitySequences(tx as unknown as Database, table);
      progress(`${table.name}: copied in ${Date.now() - started} ms`);
    }
  });
  const counts: TableCount[] = [];
  for (const table of tables) {
    counts.push({
      table: table.name,
      source: await countRows(source, table.name),
      target: await countRows(target, table.name),
    });
  }
  return counts;
}
