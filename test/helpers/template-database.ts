import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../src/db/client.js";
import { migrateDatabase, migrationsFolder } from "../../src/db/migrate.js";
import { databaseUrl, testDatabaseUrl } from "./test-env.js";

/** Named after the migrations' content, so a changed migration gets a fresh template and old runs keep theirs. */
export function templateDatabaseName(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrationsFolder)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return `vigil_template_${hash.digest("hex").slice(0, 12)}`;
}

/** Creates the migrated template once per migration set; safe when several runs start together. */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateDatabaseName();
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    await admin.query("select pg_advisory_lock(7419100)");
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (rowCount === 0) {
      // Migrate under a scratch name and rename when done, so a crash never leaves a half-made template.
      const scratch = `${name}_building`;
      await admin.query(`drop database if exists ${scratch} with (force)`);
      await admin.query(`create database ${scratch}`);
      const handle = await openDatabase({ url: databaseUrl(scratch) });
      await migrateDatabase(handle);
      await handle.close();
      await admin.query(`alter database ${scratch} rename to ${name}`);
    }
    return name;
  } finally {
    await admin.query("select pg_advisory_unlock(7419100)").catch(() => undefined);
    await admin.end();
  }
}
