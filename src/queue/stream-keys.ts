/**
 * Stream and group names. Everything lives under one prefix (config QUEUE_PREFIX, default "vigil"), so tests and
 * several installs can share one Redis.
 *
 * - `{prefix}:checks:{region}`: check jobs of a region (CheckJob), read by group `{region}` (that region's workers).
 * - `{prefix}:results`: check results (CheckResultMessage), read by group `ingesters`.
 */
export const streamKeys = (prefix: string) => ({
  checks: (region: string) => `${prefix}:checks:${region}`,
  results: `${prefix}:results`,
  resultsGroup: "ingesters",
});

export type StreamKeys = ReturnType<typeof streamKeys>;
