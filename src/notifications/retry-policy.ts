/** How the dispatcher retries a failing delivery, and when it gives up. */
export const retryPolicy = {
  firstRetryMs: 10_000,
  maxRetryMs: 60 * 60_000,
  /** After this long since it was enqueued, a notification that still fails is dead. */
  horizonMs: 24 * 60 * 60_000,
} as const;

/** 10 s, 20 s, 40 s ... capped at 1 h, each ±20% so channels that failed together do not retry in lockstep. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(retryPolicy.firstRetryMs * 2 ** Math.max(0, attempts - 1), retryPolicy.maxRetryMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * When a failed attempt is tried again, or null when the next try would fall past the horizon (or the channel can
 * never take it): then the notification is dead.
 */
export function nextAttemptAt(
  failedAt: number,
  attempts: number,
  createdAt: number,
  random?: () => number,
): number | null {
  const retryAt = failedAt + backoffMs(attempts, random);
  return retryAt > createdAt + retryPolicy.horizonMs ? null : retryAt;
}
