import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { templateDatabaseName } from "./template-database.js";
import { databaseUrl, testBackend, testDatabaseUrl } from "./test-env.js";

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/**
 * A database of this test file's own, dropped after the file: on PostgreSQL a clone of the migrated template
 * (milliseconds, not a migration run), on PGlite a fresh in-memory instance migrated from the same SQL.
 */
export async function useTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  if (testBackend === "pglite") {
    const handle = await openDatabase({ memory: true });
    await migrateDatabase(handle);
    afterAll(() => handle.close());
    return handle;
  }
  const name = `vigil_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database ${name} template ${templateDatabaseName()}`);
  const url = databaseUrl(name);
  const handle = await openDatabase({ url });
  afterAll(async () => {
    await handle.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  });
  return Object.assign(handle, { url });
}
