import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

/** What copying a table needs to know: its columns, how to page through it and what it must come after. */
export type TableInfo = {
  name: string;
  columns: string[];
  /** Primary key columns with their SQL types, for keyset paging. */
  key: { column: string; type: string }[];
  /** Identity columns: inserted with OVERRIDING SYSTEM VALUE, and their sequences moved past the copied ids. */
  identity: string[];
  /** Tables this one has foreign keys to. */
  references: string[];
};

/**
 * The application's tables in the current schema, parents before the tables that reference them. A partitioned
 * table is one entry (its partitions are not listed: rows are read and written through the parent); generated
 * columns are left out, since they cannot be inserted.
 */
export async function listTables(db: Database): Promise<TableInfo[]> {
  const { rows } = await db.execute<TableInfo>(sql`
    select c.relname as name,
      array(select a.attname::text from pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
            order by a.attnum) as columns,
      coalesce((select json_agg(json_build_object('column', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                  order by array_position(i.indkey::int2[], a.attnum))
                from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
                where i.indrelid = c.oid and i.indisprimary), '[]'::json) as key,
      array(select a.attname::text from pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and a.attidentity <> '' order by a.attnum) as identity,
      array(select distinct r.relname::text from pg_constraint f join pg_class r on r.oid = f.confrelid
            where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as "references"
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`);
  return dependencyOrder(rows);
}

/** Parents first; ties by name, so the order is stable. */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t] as const));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: TableInfo) => {
    if (placed.has(table.name)) return;
    if (visiting.has(table.name)) throw new Error(`foreign keys form a cycle through ${table.name}`);
    visiting.add(table.name);
    for (const parent of table.references) {
      const info = byName.get(parent);
      if (info) visit(info);
    }
    visiting.delete(table.name);
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}
