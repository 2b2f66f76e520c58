import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("has working defaults for an empty environment: embedded database, local region", () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ port: 3000, host: "0.0.0.0", corsOrigins: [], trustProxy: false });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.dataDir).toBe("./data");
    expect(config.auth).toMatchObject({
      jwtSecret: undefined,
      jwtExpiresIn: "7d",
      allowSignup: true,
      secureCookies: false,
    });
    expect(config.regions).toEqual(["local"]);
    expect(config.logLevel).toBe("info");
    // The SSRF guard is on unless lifted.
    expect(config.checks).toEqual({ allowPrivateTargets: false, allowedPrivateNetworks: [] });
    // Metrics are off unless a token is set.
    expect(config.metrics).toEqual({ token: undefined, port: undefined });
  });

  it("parses the metrics token and port", () => {
    expect(loadConfig({ METRICS_TOKEN: "m".repeat(16), METRICS_PORT: "9464" }).metrics).toEqual({
      token: "m".repeat(16),
      port: 9464,
    });
  });

  it("parses every variable", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgres://u:p@db:5432/vigil",
      REDIS_URL: "redis://cache:6379",
      JWT_SECRET: "s".repeat(40),
      JWT_EXPIRES_IN: "12h",
      REGIONS: " eu-west, us-east ,eu-west",
      ALLOW_SIGNUP: "false",
      LOG_LEVEL: "warn",
      CORS_ORIGINS: "https://a.example, https://b.example",
      TRUST_PROXY: "1",
      RATE_LIMIT_MAX: "50",
      RATE_LIMIT_AUTH_MAX: "5",
      RATE_LIMIT_WINDOW_SECONDS: "10",
      PUBLIC_URL: "https://vigil.example.com/",
      ENCRYPTION_KEY: "k".repeat(40),
      SMTP_HOST: "smtp.example.com",
      SMTP_PORT: "465",
      SMTP_SECURE: "true",
      SMTP_USER: "vigil",
      SMTP_PASSWORD: "hunter2",
    });
    expect(config.http).toEqual({
      port: 8080,
      host: "127.0.0.1",
      corsOrigins: ["https://a.example", "https://b.example"],
      trustProxy: true,
      publicUrl: "https://vigil.example.com",
      rateLimit: { max: 50, authMax: 5, windowMs: 10_000 },
    });
    expect(config.notifications).toEqual({
      encryptionKey: "k".repeat(40),
      smtp: {
        host: "smtp.example.com",
        port: 465,
        secure: true,
        user: "vigil",
        password: "hunter2",
        from: "Vigil <vigil@localhost>",
      },
    });
    expect(config.regions).toEqual(["eu-west", "us-east"]);
    expect(config.auth).toMatchObject({ allowSignup: false, secureCookies: true, jwtExpiresIn: "12h" });
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" })).toMatchObject({
      http: { port: 3000 },
      databaseUrl: undefined,
    });
  });

  it.each([
    [{ PORT: "abc" }, /PORT: PORT must be a whole number/],
    [{ PORT: "70000" }, /PORT must be at most 65535/],
    [{ DATABASE_URL: "mysql://x/y" }, /DATABASE_URL must start with postgres/],
    [{ DATABASE_URL: "not a url" }, /DATABASE_URL must be a URL/],
    [{ REDIS_URL: "http://x" }, /REDIS_URL must start with redis/],
    [{ JWT_SECRET: "short" }, /JWT_SECRET must be at least 32 characters/],
    [{ JWT_EXPIRES_IN: "7 days" }, /JWT_EXPIRES_IN must be a number followed by/],
    [{ ALLOW_SIGNUP: "maybe" }, /ALLOW_SIGNUP must be true or false/],
    [{ REGIONS: "EU West" }, /REGIONS must be comma-separated names/],
    [{ REGIONS: " , " }, /REGIONS: name at least one region/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ NODE_ENV: "production" }, /JWT_SECRET: required when NODE_ENV=production/],
    [{ NODE_ENV: "production", JWT_SECRET: "s".repeat(40) }, /ENCRYPTION_KEY: required/],
    [{ REGIONS: "eu-west,push" }, /"push" is reserved/],
    [{ ALLOWED_PRIVATE_NETWORKS: "10.0.0.0/33" }, /ALLOWED_PRIVATE_NETWORKS must be comma-separated CIDRs/],
    [{ ALLOW_PRIVATE_TARGETS: "yes" }, /ALLOW_PRIVATE_TARGETS must be true or false/],
    [{ METRICS_TOKEN: "short" }, /METRICS_TOKEN must be at least 16 characters/],
    [{ METRICS_TOKEN: "m".repeat(16), METRICS_PORT: "0" }, /METRICS_PORT must be at least 1/],
    [{ METRICS_PORT: "9464" }, /METRICS_PORT: set METRICS_TOKEN too/],
  ])("names the bad variable %o", (env, message) => {
    expect(problems(env).join("\n")).toMatch(message);
  });

  it("reports every bad variable at once", () => {
    expect(problems({ PORT: "x", ALLOW_SIGNUP: "x", LOG_LEVEL: "x" })).toHaveLength(3);
  });
});
