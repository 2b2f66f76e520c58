import { fileURLToPath } from "node:url";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "./client.js";
import type * as schema from "./schema/index.js";

/** drizzle/ sits at the package root, beside src/ and dist/. */
export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.withMigrationLock(async (db) => {
    // Same SQL files on both; only the driver's migrator differs.
    if (handle.kind === "pglite") {
      await migratePglite(db as unknown as PgliteDatabase<typeof schema>, { migrationsFolder });
    } else {
      await migratePg(db as unknown as NodePgDatabase<typeof schema>, { migrationsFolder });
    }
  });
}
