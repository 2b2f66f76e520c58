import type { Config } from "../config.js";
import { createLogger } from "../lib/logger.js";
import { openMigratedDatabase } from "./resources.js";

/** `vigil migrate`: apply pending migrations and exit (start-up does the same on its own). */
export async function runMigrate(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const handle = await openMigratedDatabase(config, logger);
  await handle.close();
  logger.info("migrations applied");
}
