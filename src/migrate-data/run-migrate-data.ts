import { existsSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { openDatabase } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { copyDatabase, MigrateDataError } from "./copy-database.js";

/**
 * `vigil migrate-data --to postgres://…`: copies the embedded database under DATA_DIR into a fresh PostgreSQL
 * database, checks the row counts of every table, and says what the new deployment needs. Vigil must be stopped
 * first: PGlite is single-process.
 */
export async function runMigrateData(config: Config, to: string, print = console.log): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(to)) throw new MigrateDataError("--to must be a postgres:// URL");
  const embedded = path.resolve(config.dataDir, "pglite");
  if (!existsSync(embedded)) throw new MigrateDataError(`no embedded database in ${embedded} (DATA_DIR)`);
  const source = await openDatabase({ dataDir: config.dataDir });
  try {
    const target = await openDatabase({ url: to });
    try {
      // Both at this version's schema, so their tables match column for column.
      await migrateDatabase(source);
      await migrateDatabase(target);
      const counts = await copyDatabase(source.db, target.db, { progress: print });
      const width = Math.max(...counts.map((c) => c.table.length));
      for (const c of counts) print(`${c.table.padEnd(width)}  ${c.source} → ${c.target}`);
      const wrong = counts.filter((c) => c.source !== c.target);
      if (wrong.length > 0)
        throw new MigrateDataError(`row counts differ: ${wrong.map((c) => c.table).join(", ")}`);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
  const secret = (name: string, file: string) =>
    `  ${name}=$(cat ${path.resolve(config.dataDir, file)})   (unless you set ${name} already)`;
  print(
    [
      "Copied and verified. Run Vigil against PostgreSQL with:",
      `  DATABASE_URL=${redactPassword(to)}`,
      "and keep the secrets the embedded install generated, or sessions end and channel secrets cannot be opened:",
      secret("JWT_SECRET", "jwt-secret"),
      secret("ENCRYPTION_KEY", "encryption-key"),
    ].join("\n"),
  );
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "****";
  return parsed.toString();
}
