import { z } from "zod";
import { parseCidr, type TargetPolicy } from "./checks/target-guard.js";

// The only file that reads process.env: everything else receives a Config (or the slice it needs).

const bool = (name: string) =>
  z
    .enum(["true", "false", "1", "0"], { error: `${name} must be true or false` })
    .transform((v) => v === "true" || v === "1");

const int = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const postgresUrl = (name: string) =>
  z
    .url({ error: `${name} must be a URL like postgres://user:password@host:5432/db` })
    .refine((v) => /^postgres(ql)?:\/\//.test(v), `${name} must start with postgres:// or postgresql://`);

/** A comma-separated list; blanks around and between items are ignored. */
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    );

const regionName = /^[a-z0-9][a-z0-9-]{0,39}$/;

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int("PORT", 0, 65535).default(3000),
  HOST: z.string().min(1, "HOST must not be empty").default("0.0.0.0"),
  DATABASE_URL: postgresUrl("DATABASE_URL").optional(),
  DATA_DIR: z.string().min(1, "DATA_DIR must not be empty").default("./data"),
  REDIS_URL: z
    .url({ error: "REDIS_URL must be a URL like redis://host:6379" })
    .refine((v) => /^rediss?:\/\//.test(v), "REDIS_URL must start with redis:// or rediss://")
    .optional(),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  JWT_EXPIRES_IN: z
    .string()
    .regex(/^\d+[smhd]$/, "JWT_EXPIRES_IN must be a number followed by s, m, h or d (e.g. 7d)")
    .default("7d"),
  REGIONS: list("local")
    .transform((names) => [...new Set(names)])
    .refine(
      (list) => list.every((r) => regionName.test(r)),
      "REGIONS must be comma-separated names of lowercase letters, digits and dashes",
    ),
  ALLOW_SIGNUP: bool("ALLOW_SIGNUP").default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CORS_ORIGINS: list(""),
  TRUST_PROXY: bool("TRUST_PROXY").default(false),
  PUBLIC_URL: z
    .url({ error: "PUBLIC_URL must be a URL like https://vigil.example.com" })
    .refine((v) => /^https?:\/\//.test(v), "PUBLIC_URL must start with http:// or https://")
    .transform((v) => v.replace(/\/+$/, ""))
    .optional(),
  RATE_LIMIT_MAX: int("RATE_LIMIT_MAX", 1, 1_000_000).default(600),
  RATE_LIMIT_AUTH_MAX: int("RATE_LIMIT_AUTH_MAX", 1, 1_000_000).default(10),
  RATE_LIMIT_WINDOW_SECONDS: int("RATE_LIMIT_WINDOW_SECONDS", 1, 86_400).default(60),
  QUEUE_PREFIX: z
    .string()
    .regex(
      /^[A-Za-z0-9:_-]{1,64}$/,
      "QUEUE_PREFIX must be 1-64 letters, digits, colons, dashes or underscores",
    )
    .default("vigil"),
  QUEUE_CLAIM_IDLE_MS: int("QUEUE_CLAIM_IDLE_MS", 1_000, 600_000).default(15_000),
  WORKER_CONCURRENCY: int("WORKER_CONCURRENCY", 1, 10_000).default(200),
  RETENTION_DAYS: int("RETENTION_DAYS", 1, 3650).default(90),
  ENCRYPTION_KEY: z.string().min(32, "ENCRYPTION_KEY must be at least 32 characters").optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: int("SMTP_PORT", 1, 65535).default(587),
  SMTP_SECURE: bool("SMTP_SECURE").default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).default("Vigil <vigil@localhost>"),
  ALLOW_PRIVATE_TARGETS: bool("ALLOW_PRIVATE_TARGETS").default(false),
  ALLOWED_PRIVATE_NETWORKS: list("").refine(
    (list) => list.every((cidr) => parseCidr(cidr) !== undefined),
    "ALLOWED_PRIVATE_NETWORKS must be comma-separated CIDRs such as 192.168.1.0/24",
  ),
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  METRICS_PORT: int("METRICS_PORT", 1, 65535).optional(),
});

export type Config = {
  env: "development" | "production" | "test";
  http: {
    port: number;
    host: string;
    corsOrigins: string[];
    trustProxy: boolean;
    /**
     * Where users reach the API and dashboard, for links it hands out: heartbeat ping URLs (paths when absent) and
     * password reset emails (off when absent).
     */
    publicUrl: string | undefined;
    rateLimit: { max: number; authMax: number; windowMs: number };
  };
  /** Absent: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Absent: in-process queue. */
  redisUrl: string | undefined;
  auth: {
    /** Absent outside production: a random secret persisted under dataDir. */
    jwtSecret: string | undefined;
    jwtExpiresIn: string;
    allowSignup: boolean;
    secureCookies: boolean;
  };
  regions: string[];
  queue: {
    /** Prefix of every Redis key, so several installs or test files can share one Redis. */
    prefix: string;
    /** A job or result pending this long without its consumer touching it is taken over by another. */
    claimIdleMs: number;
  };
  worker: { concurrency: number };
  /** The SSRF guard: private and internal addresses are refused unless allowed here. */
  checks: TargetPolicy;
  /** Days of raw check results kept (whole day partitions are dropped); rollups are kept longer. */
  retentionDays: number;
  notifications: {
    /** Encrypts channel secrets at rest. Absent outside production: generated once and kept under dataDir. */
    encryptionKey: string | undefined;
    /**
     * Absent: email channels cannot send (their test and deliveries fail with a clear error), and password reset by
     * email is off. Account mail goes through the same server.
     */
    smtp:
      | {
          host: string;
          port: number;
          secure: boolean;
          user: string | undefined;
          password: string | undefined;
          from: string;
        }
      | undefined;
  };
  /** Prometheus metrics of Vigil itself: off (GET /metrics is a 404) while token is absent. */
  metrics: {
    /** Scrapers send it as `Authorization: Bearer <token>`. */
    token: string | undefined;
    /** Where scheduler, worker and ingester processes serve /metrics; `start` and `api` serve it on the API. */
    port: number | undefined;
  };
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": `FOO= vigil start` should fall back to the default, not fail.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? "env")}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production" && !e.JWT_SECRET) {
    throw new ConfigError(["JWT_SECRET: required when NODE_ENV=production (at least 32 random characters)"]);
  }
  if (e.NODE_ENV === "production" && !e.ENCRYPTION_KEY) {
    throw new ConfigError([
      "ENCRYPTION_KEY: required when NODE_ENV=production (at least 32 random characters)",
    ]);
  }
  if (e.REGIONS.length === 0) throw new ConfigError(["REGIONS: name at least one region"]);
  if (e.METRICS_PORT !== undefined && !e.METRICS_TOKEN) {
    throw new ConfigError(["METRICS_PORT: set METRICS_TOKEN too (without a token metrics are off)"]);
  }
  if (e.REGIONS.includes("push")) {
    throw new ConfigError(['REGIONS: "push" is reserved for heartbeat monitors\' results']);
  }
  return {
    env: e.NODE_ENV,
    http: {
      port: e.PORT,
      host: e.HOST,
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY,
      publicUrl: e.PUBLIC_URL,
      rateLimit: {
        max: e.RATE_LIMIT_MAX,
        authMax: e.RATE_LIMIT_AUTH_MAX,
        windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000,
      },
    },
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtExpiresIn: e.JWT_EXPIRES_IN,
      allowSignup: e.ALLOW_SIGNUP,
      secureCookies: e.NODE_ENV === "production",
    },
    regions: e.REGIONS,
    queue: { prefix: e.QUEUE_PREFIX, claimIdleMs: e.QUEUE_CLAIM_IDLE_MS },
    worker: { concurrency: e.WORKER_CONCURRENCY },
    checks: {
      allowPrivateTargets: e.ALLOW_PRIVATE_TARGETS,
      allowedPrivateNetworks: e.ALLOWED_PRIVATE_NETWORKS,
    },
    retentionDays: e.RETENTION_DAYS,
    notifications: {
      encryptionKey: e.ENCRYPTION_KEY,
      smtp: e.SMTP_HOST
        ? {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE,
            user: e.SMTP_USER,
            password: e.SMTP_PASSWORD,
            from: e.SMTP_FROM,
          }
        : undefined,
    },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT },
    logLevel: e.LOG_LEVEL,
  };
}

/** What the API-client commands (`vigil import`) need: where the API is and who is calling. */
export type CliConfig = {
  /** VIGIL_URL without a trailing slash. */
  apiUrl: string;
  /** VIGIL_TOKEN: an API token (`vgl_...`) or a session token, sent as `Authorization: Bearer`. */
  token: string | undefined;
};

const cliEnvSchema = z.object({
  VIGIL_URL: z
    .url({ error: "VIGIL_URL must be a URL like http://127.0.0.1:3000" })
    .refine((v) => /^https?:\/\//.test(v), "VIGIL_URL must start with http:// or https://")
    .transform((v) => v.replace(/\/+$/, ""))
    .default("http://127.0.0.1:3000"),
  VIGIL_TOKEN: z.string().min(1).optional(),
});

/** The client commands' configuration: a server's settings are neither needed nor checked here. */
export function loadCliConfig(env: Record<string, string | undefined> = process.env): CliConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = cliEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? "env")}: ${i.message}`));
  }
  return { apiUrl: parsed.data.VIGIL_URL, token: parsed.data.VIGIL_TOKEN };
}
