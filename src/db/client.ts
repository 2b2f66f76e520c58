import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Assume } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema/index.js";

/** Both drivers return `{ rows }` from `execute`; this lets raw SQL be typed once for both. */
type RowsResult<Row> = { rows: Row[] };
export interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsResult<Assume<this["row"], Record<string, unknown>>>;
}

/** PostgreSQL (node-postgres) or embedded PGlite behind one type: features never know which. */
export type Database = PgDatabase<RowsResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  kind: "postgres" | "pglite";
  /** Runs fn holding a session-level lock, on one connection, so concurrent start-ups migrate once. */
  withMigrationLock<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if ("url" in target) return openPostgres(target.url);
  if ("dataDir" in target) {
    const dir = path.resolve(target.dataDir, "pglite");
    await mkdir(dir, { recursive: true });
    return openPglite(new PGlite(dir));
  }
  return openPglite(new PGlite());
}

function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A connection lost while idle in the pool is reported on the pool; one lost while checked out between two
  // queries (a scheduler transaction awaiting Redis, say) is emitted on the client itself, and unheard it would
  // crash the process. Either way the next query on it fails and the pool replaces it.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = drizzleNodePg(pool, { schema }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    async withMigrationLock(fn) {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock(7419001)");
        try {
          return await fn(drizzleNodePg(client, { schema }) as unknown as Database);
        } finally {
          await client.query("select pg_advisory_unlock(7419001)");
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function openPglite(client: PGlite): DatabaseHandle {
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    // PGlite is single-connection and single-process: there is nobody to race.
    withMigrationLock: (fn) => fn(db),
    close: () => client.close(),
  };
}
