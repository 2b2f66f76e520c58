import type { Logger } from "pino";

const maxAttempts = 12;

/**
 * Retries the result hand-over with exponential backoff and jitter (Redis restarting, a failover): a check already
 * ran, and giving up would mean running it again after a reclaim. After ~1 minute it gives up; the job stays
 * pending and another worker retakes it.
 */
export async function handOver(send: () => Promise<void>, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return;
    } catch (err) {
      if (attempt >= maxAttempts) throw err;
      const delayMs = Math.min(100 * 2 ** attempt, 10_000) * (0.5 + Math.random() / 2);
      logger.warn({ err, attempt, retryInMs: Math.round(delayMs) }, "handing over a result failed; retrying");
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
