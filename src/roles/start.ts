import type { Config } from "../config.js";
import { createLogger } from "../lib/logger.js";
import { startApi } from "./api.js";
import { ensureConfiguredRegions, openMigratedDatabase } from "./resources.js";

/** `vigil start`: every role in one process (the API for now; later roles join here). */
export async function runStart(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const handle = await openMigratedDatabase(config, logger);
  await ensureConfiguredRegions(config, handle, logger);
  const app = await startApi(config, handle, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await app.close();
    // PGlite flushes to DATA_DIR on close: skipping this could lose the last writes.
    await handle.close();
    process.exit(0);
  };
  process.once("SIGINT", (s) => void stop(s));
  process.once("SIGTERM", (s) => void stop(s));
}
