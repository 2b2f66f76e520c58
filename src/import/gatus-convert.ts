import { isIP } from "node:net";
import type { z } from "zod";
import { dnsRecordTypes } from "../checks/dns-url.js";
import { httpMethods } from "../db/schema/index.js";
import type { Assertion } from "../monitors/assertions.js";
import { formatExpectedStatus, type StatusRange } from "../monitors/expected-status.js";
import { monitorLimits } from "../monitors/monitor-schemas.js";
import { type EndpointKind, mapCondition } from "./gatus-conditions.js";
import {
  endpointSchema,
  externalSchema,
  type GatusAlert,
  type GatusEndpoint,
  type GatusExternalEndpoint,
} from "./gatus-config.js";
import { parseGoDurationMs } from "./go-duration.js";
import {
  type Conversion,
  clamp,
  collect,
  dnsUrl,
  emptyResult,
  ImportError,
  type ImportedMonitor,
  type ImportResult,
  monitorKey,
  monitorName,
  schedule,
  vigilTags,
} from "./imported-monitor.js";

const otherSchemes: Record<string, string> = {
  icmp: "ICMP ping has no Vigil equivalent",
  udp: "UDP checks have no Vigil equivalent",
  sctp: "SCTP checks have no Vigil equivalent",
  tls: "TLS handshake checks have no Vigil equivalent",
  starttls: "STARTTLS checks have no Vigil equivalent",
  ssh: "SSH checks have no Vigil equivalent",
  ws: "WebSocket checks have no Vigil equivalent",
  wss: "WebSocket checks have no Vigil equivalent",
  grpc: "gRPC checks have no Vigil equivalent",
  grpcs: "gRPC checks have no Vigil equivalent",
};

/**
 * A Gatus configuration → Vigil create-monitor bodies. Pure. `endpoints` become http, tcp or dns monitors,
 * `external-endpoints` with a heartbeat interval become heartbeat monitors; conditions map as gatus-conditions.ts
 * says. An endpoint is imported without the conditions Vigil cannot express (each listed in the notes), and skipped
 * when none of its conditions remains: a monitor checking nothing the user asked for would only look reassuring.
 */
export function convertGatus(config: unknown): ImportResult {
  if (typeof config !== "object" || config === null) throw new ImportError("not a Gatus configuration");
  const doc = config as Record<string, unknown>;
  const result = emptyResult();
  const keys = new Set<string>();
  const each = (list: unknown, convert: (item: unknown) => [string, Conversion]) => {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) throw new ImportError("not a Gatus configuration: endpoints must be a list");
    for (const item of list) {
      const [name, conversion] = convert(item);
      if ("monitor" in conversion) {
        if (keys.has(conversion.monitor.key)) {
          collect(result, name, { skip: "another endpoint has the same group and name" });
          continue;
        }
        keys.add(conversion.monitor.key);
      }
      collect(result, name, conversion);
    }
  };
  each(doc.endpoints, (item) => {
    const parsed = endpointSchema.safeParse(item);
    if (!parsed.success)
      return [nameOf(item), { skip: `not a valid Gatus endpoint: ${issues(parsed.error)}` }];
    return [parsed.data.name, endpoint(parsed.data)];
  });
  each(doc["external-endpoints"], (item) => {
    const parsed = externalSchema.safeParse(item);
    if (!parsed.success)
      return [nameOf(item), { skip: `not a valid external endpoint: ${issues(parsed.error)}` }];
    return [parsed.data.name, external(parsed.data)];
  });
  if (Array.isArray(doc.suites)) {
    for (const suite of doc.suites) {
      result.skipped.push({
        name: nameOf(suite),
        reason: "suites chain requests through a shared context: no Vigil equivalent",
      });
    }
  }
  if (result.monitors.length > 0 && (doc.alerting || hasAlerts(doc))) {
    result.notes.push({
      name: "alerting",
      note: "Gatus alerting providers are not imported: the imported monitors alert every notification channel of your Vigil account (set channelIds to narrow it)",
    });
  }
  return result;
}

function endpoint(e: GatusEndpoint): Conversion {
  const kind = endpointKind(e);
  if (typeof kind !== "string") return kind;
  const notes: string[] = [];
  const conditions = e.conditions ?? [];
  if (conditions.length === 0) return { skip: "no conditions (Gatus refuses such an endpoint too)" };
  const mapped = conditions.map((condition) => ({ condition, mapping: mapCondition(condition, kind) }));
  const dropped = mapped.flatMap(({ condition, mapping }) =>
    mapping.kind === "dropped" ? [`${condition} (${mapping.reason})`] : [],
  );
  if (dropped.length === conditions.length) {
    return { skip: `none of its conditions can be checked by Vigil: ${dropped.join("; ")}` };
  }
  for (const d of dropped) notes.push(`condition dropped: ${d}`);
  const assertions: Assertion[] = [];
  const statusTests: ((code: number) => boolean)[] = [];
  for (const { mapping } of mapped) {
    if (mapping.kind === "assertion") assertions.push(mapping.assertion);
    if (mapping.kind === "status") statusTests.push(mapping.accepts);
  }
  const intervalMs = parseGoDurationMs(e.interval ?? "60s");
  if (intervalMs === null) return { skip: `interval "${e.interval}" is not a duration like 30s or 5m` };
  const timeoutMs = parseGoDurationMs(e.client?.timeout ?? "10s");
  if (timeoutMs === null) return { skip: `client.timeout "${e.client?.timeout}" is not a duration like 10s` };
  const timing = schedule(intervalMs / 1000, timeoutMs, notes);
  const base: Base = {
    key: endpointKey(e),
    tags: vigilTags(e.group ? [e.group] : [], notes),
    name: monitorName(e.name),
    paused: e.enabled === false,
    ...timing,
    ...thresholds(e.alerts, notes),
    // Gatus checks a failing endpoint on its interval, like any other: so does the import (lower it to confirm sooner).
    retryIntervalSeconds: Math.max(
      monitorLimits.retryIntervalSeconds.min,
      Math.min(monitorLimits.retryIntervalSeconds.max, timing.intervalSeconds),
    ),
    assertions,
  };
  if (/\$\{?\w/.test(`${e.url} ${JSON.stringify(e.headers ?? {})} ${e.body ?? ""}`)) {
    notes.push("uses $VARIABLES, which Gatus fills in from its environment: Vigil keeps the text as written");
  }
  if (kind === "tcp") return { monitor: { ...base, type: "tcp", url: e.url }, notes };
  if (kind === "dns") return dnsEndpoint(e, base, notes);
  const expectedStatus = statusRanges(statusTests);
  if (typeof expectedStatus !== "string") return expectedStatus;
  const method = (e.method ?? "GET").toUpperCase();
  if (!(httpMethods as readonly string[]).includes(method))
    return { skip: `method ${method} is not supported` };
  const headers = Object.fromEntries(Object.entries(e.headers ?? {}).map(([k, v]) => [k, String(v)]));
  let body = e.body ?? null;
  if (e.graphql && body !== null) {
    // Gatus wraps a graphql body as {"query": body} and sends it as JSON.
    body = JSON.stringify({ query: body });
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "application/json";
    }
  }
  return {
    monitor: {
      ...base,
      type: "http",
      url: e.url,
      method: method as (typeof httpMethods)[number],
      headers,
      body: body === "" ? null : body,
      // Without a [STATUS] condition Gatus accepts any status code.
      expectedStatus,
      ignoreTlsErrors: e.client?.insecure ?? false,
      followRedirects: !(e.client?.["ignore-redirect"] ?? false),
    },
    notes,
  };
}

function endpointKind(e: GatusEndpoint): EndpointKind | Conversion {
  if (e.dns) return "dns";
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(e.url)?.[1]?.toLowerCase() ?? "";
  if (scheme === "http" || scheme === "https") return "http";
  if (scheme === "tcp") {
    return /:\d+$/.test(e.url) ? "tcp" : { skip: `tcp endpoint "${e.url}" has no port` };
  }
  return {
    skip: otherSchemes[scheme] ?? `url "${e.url}" is not http(s)://, tcp://host:port or a dns endpoint`,
  };
}

type Base = Omit<ImportedMonitor, "type" | "url">;

function dnsEndpoint(e: GatusEndpoint, base: Base, notes: string[]): Conversion {
  const name = (e.dns?.["query-name"] ?? "").replace(/\.$/, "");
  const type = (e.dns?.["query-type"] ?? "").toUpperCase();
  if (!(dnsRecordTypes as readonly string[]).includes(type)) {
    return { skip: `record type ${type} is not supported (Vigil asks ${dnsRecordTypes.join(", ")})` };
  }
  // The url is the resolver: "8.8.8.8", "8.8.8.8:53", "dns://8.8.8.8", "[2620:fe::fe]:53".
  const server = e.url.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "");
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  const hostAndPort = /^([^:]+):(\d+)$/.exec(server);
  const [host, port] = bracketed
    ? [bracketed[1] ?? "", Number(bracketed[2] ?? 53)]
    : hostAndPort
      ? [hostAndPort[1] ?? "", Number(hostAndPort[2])]
      : [server, 53];
  if (isIP(host) === 0)
    notes.push(`resolver "${host}" is not an IP address: Vigil asks the machine's resolvers instead`);
  const url = dnsUrl(name, type, isIP(host) === 0 ? null : host, port);
  return { monitor: { ...base, type: "dns", url }, notes };
}

/** Heartbeat monitors from external endpoints: Gatus alerts when no push arrives within heartbeat.interval. */
function external(e: GatusExternalEndpoint): Conversion {
  const interval = e.heartbeat?.interval;
  if (!interval) {
    return {
      skip: "external endpoint without heartbeat.interval: Gatus never expects a push, Vigil needs a period",
    };
  }
  const ms = parseGoDurationMs(interval);
  if (ms === null) return { skip: `heartbeat.interval "${interval}" is not a duration like 30m` };
  const notes = ["external endpoint: Vigil gives it a pingUrl; have the job call it instead of Gatus's API"];
  return {
    monitor: {
      key: endpointKey(e),
      tags: vigilTags(e.group ? [e.group] : [], notes),
      name: monitorName(e.name),
      paused: e.enabled === false,
      type: "heartbeat",
      intervalSeconds: clamp(Math.round(ms / 1000), monitorLimits.intervalSeconds, "interval", " s", notes),
      graceSeconds: 0,
      ...thresholds(e.alerts, notes),
    },
    notes,
  };
}

/**
 * Gatus alerts after failure-threshold failures in a row (default 3) and resolves after success-threshold
 * successes (default 2), per alert; Vigil has one rule per monitor, so the highest of each is taken: no channel is
 * alerted sooner than Gatus would have alerted it. Without enabled alerts, Vigil's defaults apply.
 */
function thresholds(alerts: GatusAlert[] | undefined, notes: string[]) {
  const enabled = (alerts ?? []).filter((a) => a.enabled !== false);
  if (enabled.length === 0) return {};
  const failures = Math.max(...enabled.map((a) => a["failure-threshold"] ?? 3));
  const successes = Math.max(...enabled.map((a) => a["success-threshold"] ?? 2));
  return {
    confirmations: clamp(failures, monitorLimits.confirmations, "failure-threshold", "", notes),
    recoveries: clamp(successes, monitorLimits.recoveries, "success-threshold", "", notes),
  };
}

/** The codes 100-599 every test accepts, as Vigil's expectedStatus. Without a test Gatus accepts any code. */
function statusRanges(tests: ((code: number) => boolean)[]): string | { skip: string } {
  if (tests.length === 0) return "100-599";
  const ranges: [number, number][] = [];
  for (let code = 100; code <= 599; code++) {
    if (!tests.every((accepts) => accepts(code))) continue;
    const last = ranges.at(-1);
    if (last && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  if (ranges.length === 0) return { skip: "its [STATUS] conditions accept no status code together" };
  if (ranges.length > 20)
    return { skip: "its [STATUS] conditions accept more than 20 separate codes or ranges" };
  return formatExpectedStatus(ranges as StatusRange[]);
}

/** `gatus-<group>-<name>`, slugified. */
function endpointKey(e: { name: string; group?: string | undefined }): string {
  return monitorKey("gatus", ...(e.group ? [e.group] : []), e.name);
}

function hasAlerts(doc: Record<string, unknown>): boolean {
  const lists = [doc.endpoints, doc["external-endpoints"]].filter(Array.isArray).flat();
  return lists.some(
    (e) => typeof e === "object" && e !== null && Array.isArray((e as { alerts?: unknown }).alerts),
  );
}

function nameOf(item: unknown): string {
  const name = typeof item === "object" && item !== null ? (item as { name?: unknown }).name : undefined;
  return typeof name === "string" && name !== "" ? name : "(unnamed)";
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "endpoint"}: ${i.message}`).join("; ");
}
