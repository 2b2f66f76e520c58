import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { deleteKeys } from "../../test/helpers/redis-keys.js";

/** A cleanup step that hangs is abandoned after this long, so the steps after it (dropping data) still run. */
const stepTimeoutMs = 20_000;

/** Cleanups run newest first, once, whether the run finished, failed, timed out or was interrupted. */
export type Cleanup = { add(name: string, fn: () => Promise<void>): void; run(): Promise<void> };

export function createCleanup(): Cleanup {
  const steps: { name: string; fn: () => Promise<void> }[] = [];
  let ran: Promise<void> | undefined;
  return {
    add: (name, fn) => void steps.push({ name, fn }),
    run() {
      ran ??= (async () => {
        for (const step of steps.reverse()) {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no end after ${stepTimeoutMs} ms`)), stepTimeoutMs);
          });
          try {
            await Promise.race([step.fn(), timeout]);
          } catch (err) {
            console.error(
              `cleanup "${step.name}" failed: ${err instanceof Error ? err.message : String(err)}`,
            );
          } finally {
            clearTimeout(timer);
          }
        }
      })();
      return ran;
    },
  };
}

/**
 * Runs a benchmark with a hard time limit and Ctrl-C handling: either way the cleanups run and the process exits,
 * so a stuck run never leaves a database or Redis keys behind.
 */
export async function runBench(
  name: string,
  maxSeconds: number,
  body: (cleanup: Cleanup) => Promise<void>,
): Promise<void> {
  const cleanup = createCleanup();
  const abort = (reason: string) => {
    console.error(`${name}: ${reason}; cleaning up`);
    setTimeout(() => process.exit(1), 120_000).unref();
    void cleanup.run().finally(() => process.exit(1));
  };
  const limit = setTimeout(() => abort(`time limit of ${maxSeconds} s reached`), maxSeconds * 1000);
  process.once("SIGINT", () => abort("interrupted"));
  process.once("SIGTERM", () => abort("terminated"));
  let failed = false;
  try {
    await body(cleanup);
  } catch (err) {
    failed = true;
    console.error(`${name} failed:`, err);
  } finally {
    clearTimeout(limit);
    await cleanup.run();
  }
  // Lingering sockets (undici, pg, ioredis) must not keep a finished benchmark alive.
  process.exit(failed ? 1 : 0);
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** A migrated database of this run's own (`vigil_bench_<random>`), dropped by the cleanup. */
export async function createScratchDatabase(
  adminUrl: string,
  cleanup: Cleanup,
): Promise<{ handle: DatabaseHandle; name: string; url: string }> {
  const name = `vigil_bench_${randomBytes(5).toString("hex")}`;
  await adminQuery(adminUrl, `create database ${name}`);
  cleanup.add(`drop database ${name}`, () =>
    adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  );
  const url = withDatabase(adminUrl, name);
  const handle = await openDatabase({ url });
  cleanup.add("close database pool", () => handle.close());
  await migrateDatabase(handle);
  return { handle, name, url };
}

/** A random key prefix whose keys the cleanup deletes. */
export function scratchPrefix(redisUrl: string, cleanup: Cleanup): string {
  const prefix = `vigil-bench-${randomBytes(5).toString("hex")}`;
  cleanup.add(`delete redis keys ${prefix}:*`, () => deleteKeys(redisUrl, prefix));
  return prefix;
}
