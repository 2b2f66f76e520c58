import type { Logger } from "pino";

/** A running part of a process, stopped by name on shutdown. */
export type Stoppable = { name: string; stop: () => Promise<void> };

/**
 * Stops the given parts in order on SIGINT or SIGTERM, then exits. Order matters: stop taking work first (API,
 * scheduler), let workers drain, then close the queue and the database last.
 */
export function stopOnSignals(logger: Logger, parts: Stoppable[]): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    let code = 0;
    for (const part of parts) {
      try {
        await part.stop();
      } catch (err) {
        code = 1;
        logger.error({ err, part: part.name }, "stopping failed");
      }
    }
    process.exit(code);
  };
  process.once("SIGINT", (s) => void stop(s));
  process.once("SIGTERM", (s) => void stop(s));
}
