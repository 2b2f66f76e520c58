import type { Logger } from "pino";
import type { Config } from "../config.js";
import { type DatabaseHandle, openDatabase } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { streamKeys } from "../queue/stream-keys.js";
import type { StreamQueue } from "../queue/stream-queue.js";
import { createRegionService } from "../regions/region-service.js";

/** Opens the database the config names (PostgreSQL, or embedded PGlite under DATA_DIR) and migrates it. */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const handle = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  logger.info(
    { database: handle.kind === "postgres" ? "postgresql" : `embedded PGlite in ${config.dataDir}` },
    "database opened",
  );
  try {
    await migrateDatabase(handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

/** Creates the regions named in REGIONS, and their consumer groups so no job published before a worker starts is lost. */
export async function ensureConfiguredRegions(
  config: Config,
  handle: DatabaseHandle,
  queue: StreamQueue,
  logger: Logger,
): Promise<void> {
  const created = await createRegionService(handle.db).ensure(config.regions);
  if (created.length > 0) logger.info({ regions: created.map((r) => r.name) }, "regions created");
  const keys = streamKeys(config.queue.prefix);
  await Promise.all(config.regions.map((region) => queue.ensureGroup(keys.checks(region), region)));
}
