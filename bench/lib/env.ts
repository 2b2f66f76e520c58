// Benchmarks read their own knobs here (bench/ is outside src, where config.ts is the only reader of process.env).

export const benchDatabaseUrl =
  process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const benchRedisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
export const benchLogLevel = process.env.BENCH_LOG_LEVEL ?? "silent";

/** A positive whole number from the environment, or the default; anything else stops the run with a clear message. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

/** A comma-separated list of positive whole numbers, e.g. BENCH_BATCH_SIZES=1000,2000,5000. */
export function envIntList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  return raw.split(",").map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name} must list positive whole numbers, got "${raw}"`);
    return value;
  });
}

export function envChoice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const match = choices.find((choice) => choice === raw);
  if (!match) throw new Error(`${name} must be one of ${choices.join(", ")}, got "${raw}"`);
  return match;
}
