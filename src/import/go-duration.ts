const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Go's `time.ParseDuration`, which Gatus uses for intervals, timeouts and `[CERTIFICATE_EXPIRATION] > 48h`:
 * "30s", "1m", "1h30m", "1.5h", "500ms". Returns milliseconds, or null when the text is not a duration.
 */
export function parseGoDurationMs(text: string): number | null {
  const value = text.trim();
  if (value === "0") return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < value.length) {
    part.lastIndex = at;
    const match = part.exec(value);
    const unit = match?.[2] ? unitMs[match[2]] : undefined;
    if (!match?.[1] || unit === undefined) return null;
    total += Number(match[1]) * unit;
    at = part.lastIndex;
  }
  return value === "" ? null : total;
}
