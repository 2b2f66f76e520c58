import type { Logger } from "pino";

export type Periodic = { stop(): Promise<void> };

/**
 * Runs `task` now and then every `everyMs` after each run ends (never overlapping itself). A failing run is logged
 * and retried on the next beat; stop() waits for a run in progress.
 */
export function runPeriodically(
  name: string,
  everyMs: number,
  task: () => Promise<void>,
  logger: Logger,
): Periodic {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const beat = () => {
    running = task()
      .catch((err: unknown) => logger.error({ err, task: name }, "periodic task failed"))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(beat, everyMs);
      });
  };
  beat();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
