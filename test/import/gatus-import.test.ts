import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ConditionMapping, mapCondition } from "../../src/import/gatus-conditions.js";
import { readGatusConfig } from "../../src/import/gatus-config.js";
import { convertGatus } from "../../src/import/gatus-convert.js";
import { parseGoDurationMs } from "../../src/import/go-duration.js";
import { type ImportResult, toCreateBody } from "../../src/import/imported-monitor.js";
import { createMonitorBody } from "../../src/monitors/monitor-schemas.js";

async function fromFixture(): Promise<ImportResult> {
  const text = await readFile(path.join(import.meta.dirname, "fixtures", "gatus-config.yaml"), "utf8");
  return convertGatus(readGatusConfig(text));
}

function byKey(result: ImportResult, key: string) {
  const monitor = result.monitors.find((m) => m.key === key);
  if (!monitor) throw new Error(`no monitor ${key} in ${result.monitors.map((m) => m.key).join(", ")}`);
  return monitor;
}

const notesOf = (result: ImportResult, name: string) =>
  result.notes.filter((n) => n.name === name).map((n) => n.note);

describe("Gatus configuration", () => {
  it("imports http, tcp, dns and external endpoints, skipping what Vigil cannot check, each with its reason", async () => {
    const result = await fromFixture();
    expect(result.monitors.map((m) => m.key)).toEqual([
      "gatus-core-frontend",
      "gatus-core-api-health",
      "gatus-accepts-some-codes",
      "gatus-status-range",
      "gatus-infra-postgres",
      "gatus-infra-dns-check",
      "gatus-staging",
      "gatus-jobs-backup-job",
    ]);
    expect(result.skipped).toEqual([
      {
        name: "soa record",
        reason: "record type SOA is not supported (Vigil asks A, AAAA, CNAME, MX, TXT, NS)",
      },
      { name: "router", reason: "ICMP ping has no Vigil equivalent" },
      {
        name: "address only",
        reason:
          "none of its conditions can be checked by Vigil: [IP] == 93.184.215.14 (Vigil does not compare the address the host resolved to)",
      },
      {
        name: "pushed-status",
        reason:
          "external endpoint without heartbeat.interval: Gatus never expects a push, Vigil needs a period",
      },
      { name: "login flow", reason: "suites chain requests through a shared context: no Vigil equivalent" },
    ]);
    for (const monitor of result.monitors) {
      const parsed = createMonitorBody.safeParse(toCreateBody(monitor));
      expect(parsed.success, `${monitor.key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    expect(notesOf(result, "alerting")).toHaveLength(1);
  });

  it("maps status, response time, certificate and body-pattern conditions, and the highest alert thresholds", async () => {
    expect(byKey(await fromFixture(), "gatus-core-frontend")).toEqual({
      key: "gatus-core-frontend",
      tags: ["core"],
      name: "frontend",
      paused: false,
      type: "http",
      url: "https://example.org/",
      method: "GET",
      headers: {},
      body: null,
      expectedStatus: "200",
      ignoreTlsErrors: false,
      followRedirects: true,
      intervalSeconds: 60,
      timeoutMs: 10_000,
      // slack 3/2 and pagerduty 5/3 (the disabled email alert does not count): the highest of each.
      confirmations: 5,
      recoveries: 3,
      retryIntervalSeconds: 60,
      assertions: [
        { type: "responseTime", lessThanMs: 500, degraded: false },
        // > 48h: at least 2 whole days left, which Vigil says as "more than 1".
        { type: "certificate", minDaysValid: 1 },
        { type: "body", operator: "contains", value: "<h1>Example Domain</h1>", caseSensitive: true },
      ],
    });
  });

  it("maps JSON-path conditions and the client settings, and lists each dropped condition", async () => {
    const result = await fromFixture();
    expect(byKey(result, "gatus-core-api-health")).toMatchObject({
      method: "POST",
      // Gatus's environment placeholder, kept as text.
      headers: { Authorization: `Bearer ${"$"}{API_TOKEN}`, "Content-Type": "application/json" },
      body: '{"deep": true}',
      intervalSeconds: 30,
      timeoutMs: 5_000,
      ignoreTlsErrors: true,
      followRedirects: false,
      expectedStatus: "100-299",
      confirmations: 3,
      recoveries: 2,
      assertions: [
        { type: "jsonPath", path: "status", operator: "equals", value: "UP" },
        { type: "jsonPath", path: "data[0].count", operator: "greaterThan", value: 5 },
        { type: "jsonPath", path: "version", operator: "equals", value: "2" },
        { type: "jsonPath", path: "uptime", operator: "exists" },
        { type: "jsonPath", path: "name", operator: "contains", value: "prod" },
      ],
    });
    expect(notesOf(result, "api health")).toEqual([
      "condition dropped: [IP] == 127.0.0.1 (Vigil does not compare the address the host resolved to)",
      "condition dropped: len([BODY].items) < 5 (Vigil does not compare lengths)",
      "uses $VARIABLES, which Gatus fills in from its environment: Vigil keeps the text as written",
    ]);
  });

  it("combines status conditions into expectedStatus; without one any status passes, as in Gatus", async () => {
    const result = await fromFixture();
    expect(byKey(result, "gatus-accepts-some-codes")).toMatchObject({
      expectedStatus: "200,204,429",
      assertions: [{ type: "responseTime", lessThanMs: 1001, degraded: false }],
      intervalSeconds: 300,
      retryIntervalSeconds: 300,
    });
    // No enabled alerts: Vigil's defaults apply.
    expect(byKey(result, "gatus-accepts-some-codes")).not.toHaveProperty("confirmations");
    expect(byKey(result, "gatus-status-range").expectedStatus).toBe("200-303,305-399");
    expect(byKey(result, "gatus-staging")).toMatchObject({ paused: true, expectedStatus: "200" });
  });

  it("maps tcp and dns endpoints, and external endpoints to heartbeats", async () => {
    const result = await fromFixture();
    expect(byKey(result, "gatus-infra-postgres")).toEqual({
      key: "gatus-infra-postgres",
      tags: ["infra"],
      name: "postgres",
      paused: false,
      type: "tcp",
      url: "tcp://db.example.org:5432",
      intervalSeconds: 30,
      timeoutMs: 3_000,
      retryIntervalSeconds: 30,
      assertions: [{ type: "responseTime", lessThanMs: 200, degraded: false }],
    });
    expect(notesOf(result, "postgres")).toEqual(["interval 10 s raised to Vigil's minimum, 30 s"]);
    expect(byKey(result, "gatus-infra-dns-check")).toMatchObject({
      type: "dns",
      url: "dns://8.8.8.8/example.com?type=A",
      assertions: [{ type: "dns", operator: "contains", values: ["93.184.215.14"] }],
    });
    expect(byKey(result, "gatus-jobs-backup-job")).toEqual({
      key: "gatus-jobs-backup-job",
      tags: ["jobs"],
      name: "backup-job",
      paused: false,
      type: "heartbeat",
      intervalSeconds: 3600,
      graceSeconds: 0,
      confirmations: 1,
      recoveries: 1,
    });
  });

  it("skips an endpoint that is not valid, and refuses a file that is not YAML", () => {
    const result = convertGatus({ endpoints: [{ name: "no url", conditions: ["[STATUS] == 200"] }] });
    expect(result.skipped).toEqual([
      {
        name: "no url",
        reason: "not a valid Gatus endpoint: url: Invalid input: expected string, received undefined",
      },
    ]);
    expect(() => readGatusConfig("endpoints: [")).toThrow(/not a Gatus configuration/);
    expect(() => convertGatus("just text")).toThrow("not a Gatus configuration");
  });
});

describe("Gatus conditions", () => {
  const accepted = (mapping: ConditionMapping) => {
    if (mapping.kind !== "status") throw new Error(`not a status mapping: ${JSON.stringify(mapping)}`);
    return [200, 201, 204, 299, 301, 404, 429, 500].filter(mapping.accepts);
  };

  it.each([
    ["[STATUS] == 200", [200]],
    ["[STATUS] != 404", [200, 201, 204, 299, 301, 429, 500]],
    ["[STATUS] < 300", [200, 201, 204, 299]],
    ["[STATUS] <= 299", [200, 201, 204, 299]],
    ["[STATUS] > 400", [404, 429, 500]],
    ["[STATUS] >= 429", [429, 500]],
    ["[STATUS] == any(200, 429)", [200, 429]],
    ["[STATUS] == pat(2*)", [200, 201, 204, 299]],
    ["[STATUS] != pat(2*)", [301, 404, 429, 500]],
  ])("%s accepts %j", (condition, codes) => {
    expect(accepted(mapCondition(condition, "http"))).toEqual(codes);
  });

  it.each<[string, "http" | "tcp" | "dns", unknown]>([
    ["[RESPONSE_TIME] < 500", "http", { type: "responseTime", lessThanMs: 500, degraded: false }],
    ["[RESPONSE_TIME] < 150", "tcp", { type: "responseTime", lessThanMs: 150, degraded: false }],
    ["[CERTIFICATE_EXPIRATION] > 720h", "http", { type: "certificate", minDaysValid: 29 }],
    ["[CERTIFICATE_EXPIRATION] > 30h", "http", { type: "certificate", minDaysValid: 1 }],
    ["[CERTIFICATE_EXPIRATION] > 12h", "http", { type: "certificate", minDaysValid: 0 }],
    [
      "[BODY] != pat(*error*)",
      "http",
      { type: "body", operator: "notContains", value: "error", caseSensitive: true },
    ],
    ["[BODY].ok == true", "http", { type: "jsonPath", path: "ok", operator: "equals", value: true }],
    ["[BODY].n != 0", "http", { type: "jsonPath", path: "n", operator: "notEquals", value: 0 }],
    ["[BODY].load < 0.75", "http", { type: "jsonPath", path: "load", operator: "lessThan", value: 0.75 }],
    ["[BODY][0].id == any(7)", "http", { type: "jsonPath", path: "$[0].id", operator: "equals", value: 7 }],
    [
      "[BODY] == mail.example.com",
      "dns",
      { type: "dns", operator: "contains", values: ["mail.example.com"] },
    ],
  ])("%s (%s) becomes %j", (condition, kind, assertion) => {
    expect(mapCondition(condition, kind)).toEqual({ kind: "assertion", assertion });
  });

  it.each<[string, "http" | "tcp" | "dns"]>([
    ["[CONNECTED] == true", "tcp"],
    ["[CONNECTED] == true", "http"],
    ["[DNS_RCODE] == NOERROR", "dns"],
  ])("%s (%s) is what the monitor type checks anyway", (condition, kind) => {
    expect(mapCondition(condition, kind)).toEqual({ kind: "implied" });
  });

  it.each<[string, "http" | "tcp" | "dns"]>([
    ["[STATUS] == 200", "tcp"],
    ["[RESPONSE_TIME] > 10", "http"],
    ["[CONNECTED] == false", "tcp"],
    ["[DNS_RCODE] == NXDOMAIN", "dns"],
    ["[DOMAIN_EXPIRATION] > 720h", "http"],
    ["[BODY] == 1", "http"],
    ["[BODY] == pat(john*)", "http"],
    ["[BODY].id == any(1, 2)", "http"],
    ["[BODY].age == [BODY].id", "http"],
    ["[BODY].n <= 5", "http"],
    ["has([BODY].errors) == false", "http"],
    ["[BODY] == pat(*.*.*.*)", "dns"],
    ["[STATUS]==200", "http"],
  ])("%s (%s) is dropped with a reason", (condition, kind) => {
    const mapping = mapCondition(condition, kind);
    expect(mapping.kind).toBe("dropped");
    expect(mapping.kind === "dropped" && mapping.reason.length > 10).toBe(true);
  });

  it("reads Go durations", () => {
    expect(parseGoDurationMs("30s")).toBe(30_000);
    expect(parseGoDurationMs("1h30m")).toBe(5_400_000);
    expect(parseGoDurationMs("1.5h")).toBe(5_400_000);
    expect(parseGoDurationMs("500ms")).toBe(500);
    expect(parseGoDurationMs("0")).toBe(0);
    expect(parseGoDurationMs("5 minutes")).toBeNull();
    expect(parseGoDurationMs("30d")).toBeNull();
    expect(parseGoDurationMs("")).toBeNull();
  });
});
