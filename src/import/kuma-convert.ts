import { isIP } from "node:net";
import { dnsRecordTypes, parseDnsUrl } from "../checks/dns-url.js";
import { httpMethods } from "../db/schema/index.js";
import type { Assertion } from "../monitors/assertions.js";
import { parseExpectedStatus } from "../monitors/expected-status.js";
import { monitorLimits } from "../monitors/monitor-schemas.js";
import {
  type Conversion,
  clamp,
  collect,
  dnsUrl,
  emptyResult,
  hostPort,
  type ImportedMonitor,
  type ImportResult,
  monitorName,
  schedule,
  typedValue,
  vigilTags,
} from "./imported-monitor.js";
import type { KumaMonitor } from "./kuma-source.js";

/** Kuma types Vigil has no check for, with what the user should know. Anything else unknown gets a generic reason. */
const unsupported: Record<string, string> = {
  group: "a group only gathers other monitors; its members are imported with the group's name as a tag",
  ping: "ICMP ping has no Vigil equivalent (a tcp monitor on a port the host answers on is the nearest)",
  docker: "checks a container through the Docker daemon: no Vigil equivalent",
  "real-browser": "runs a headless browser: no Vigil equivalent",
  mqtt: "MQTT has no Vigil equivalent",
  steam: "Steam game servers have no Vigil equivalent",
  gamedig: "game servers (GameDig) have no Vigil equivalent",
};

/**
 * Uptime Kuma monitors → Vigil create-monitor bodies. Pure: the monitors come from kuma-files.ts.
 * Mapping (README "Import from Uptime Kuma and Gatus"): http/keyword/json-query → http, port → tcp,
 * dns → dns, push → heartbeat; N retries → N + 1 confirmations (Kuma goes down on the N+1th failure), one passing
 * check recovers (as in Kuma); Vigil's limits are applied with a note.
 */
export function convertKuma(monitors: KumaMonitor[]): ImportResult {
  const result = emptyResult();
  const groups = new Map(monitors.filter((m) => m.type === "group").map((m) => [m.id, m.name]));
  for (const monitor of monitors) {
    const group = monitor.parentId === null ? undefined : groups.get(monitor.parentId);
    collect(result, monitor.name || `Kuma monitor ${monitor.id}`, convertOne(monitor, group));
  }
  const notified = monitors.filter((m) => m.notificationCount > 0).length;
  if (notified > 0 && result.monitors.length > 0) {
    result.notes.push({
      name: "notifications",
      note: `${notified} Kuma monitors had notifications; Kuma's notification settings are not imported, so the imported monitors alert every notification channel of your Vigil account (set channelIds to narrow it)`,
    });
  }
  return result;
}

function convertOne(m: KumaMonitor, group: string | undefined): Conversion {
  const reason = unsupported[m.type];
  if (reason) return { skip: reason };
  if (m.upsideDown) {
    return { skip: "upside-down mode (up when the check fails) has no Vigil equivalent" };
  }
  const notes: string[] = [];
  const tags = [...m.tags.map((t) => (t.value ? `${t.name}:${t.value}` : t.name)), ...(group ? [group] : [])];
  const base = {
    key: `kuma-${m.id}`,
    tags: vigilTags(tags, notes),
    name: monitorName(m.name),
    paused: !m.active,
  };
  switch (m.type) {
    case "http":
    case "keyword":
    case "json-query":
      return http(m, base, notes);
    case "port":
      return tcp(m, base, notes);
    case "dns":
      return dns(m, base, notes);
    case "push":
      return push(m, base, notes);
    default:
      return {
        skip: `Kuma's ${m.type} monitors have no Vigil equivalent (Vigil checks http, tcp, dns and heartbeats)`,
      };
  }
}

type Base = Pick<ImportedMonitor, "key" | "tags" | "name" | "paused">;

/** Interval, timeout and the incident rule of the checked types. */
function checking(m: KumaMonitor, notes: string[]) {
  // Kuma's own upgrade gave monitors without a timeout 0.8 × interval (its default: 48 s at 60 s).
  const timeoutSeconds =
    m.timeoutSeconds && m.timeoutSeconds > 0 ? m.timeoutSeconds : m.intervalSeconds * 0.8;
  // Kuma re-checks a failing monitor every retry interval, or every interval when that is 0.
  const retry = m.retryIntervalSeconds > 0 ? m.retryIntervalSeconds : m.intervalSeconds;
  return {
    ...schedule(m.intervalSeconds, timeoutSeconds * 1000, notes),
    ...alerting(m, notes),
    retryIntervalSeconds: clamp(
      Math.round(retry),
      monitorLimits.retryIntervalSeconds,
      "retry interval",
      " s",
      notes,
    ),
  };
}

/** Kuma goes down on the (retries + 1)th failure in a row and up on the first success; it resends every N beats. */
function alerting(m: KumaMonitor, notes: string[]) {
  const rule = {
    confirmations: clamp(
      m.maxRetries + 1,
      monitorLimits.confirmations,
      "confirmations (retries + 1)",
      "",
      notes,
    ),
    recoveries: 1,
  };
  if (m.resendInterval <= 0) return rule;
  const minutes = Math.ceil((m.resendInterval * m.intervalSeconds) / 60);
  return {
    ...rule,
    reminderMinutes: clamp(minutes, monitorLimits.reminderMinutes, "reminder", " min", notes),
  };
}

function http(m: KumaMonitor, base: Base, notes: string[]): Conversion {
  if (!m.url || !/^https?:\/\//i.test(m.url)) return { skip: `url "${m.url ?? ""}" is not an http(s) URL` };
  const method = (m.method ?? "GET").toUpperCase();
  if (!(httpMethods as readonly string[]).includes(method))
    return { skip: `method ${method} is not supported` };
  const headers = parseHeaders(m.headers);
  if (typeof headers === "string") return { skip: headers };
  const body = m.body?.trim() ? m.body : null;
  const contentType = {
    json: "application/json",
    form: "application/x-www-form-urlencoded",
    xml: "text/xml; charset=utf-8",
  }[m.httpBodyEncoding ?? "json"];
  // Kuma sets the content type from the body encoding; Vigil sends exactly the headers it is given.
  if (body && contentType && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["Content-Type"] = contentType;
  }
  const auth = httpAuth(m);
  if (typeof auth === "string") return { skip: auth };
  const expected = m.acceptedStatusCodes.length > 0 ? m.acceptedStatusCodes.join(",") : "200-299";
  const parsed = parseExpectedStatus(expected);
  if (typeof parsed === "string") return { skip: `accepted status codes: ${parsed}` };
  const assertion = contentAssertion(m, notes);
  if (typeof assertion === "string") return { skip: assertion };
  if (m.proxyId !== null) notes.push("Kuma sent this check through a proxy; Vigil connects directly");
  if (m.maxRedirects > 10) notes.push(`max redirects ${m.maxRedirects} lowered to Vigil's maximum, 10`);
  return {
    monitor: {
      ...base,
      type: "http",
      url: m.url,
      method: method as (typeof httpMethods)[number],
      headers,
      body,
      auth,
      expectedStatus: expected,
      ignoreTlsErrors: m.ignoreTls,
      // Kuma's 0 means "do not follow": the 3xx is the answer, as with Vigil's followRedirects false.
      ...(m.maxRedirects <= 0 ? { followRedirects: false } : { maxRedirects: Math.min(m.maxRedirects, 10) }),
      assertions: assertion ? [assertion] : [],
      ...checking(m, notes),
    },
    notes,
  };
}

function parseHeaders(text: string | null): Record<string, string> | string {
  if (!text?.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return "headers are not valid JSON (Kuma fails this check too)";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return "headers are not a JSON object";
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

function httpAuth(m: KumaMonitor) {
  // Before auth_method existed (Kuma < 1.21), a basic_auth_user alone meant basic auth.
  const method = m.authMethod ?? (m.basicAuthUser ? "basic" : null);
  if (method === null || method === "" || method === "none") return null;
  if (method === "basic") {
    return { type: "basic" as const, username: m.basicAuthUser ?? "", password: m.basicAuthPass ?? "" };
  }
  return `${method} authentication is not supported (Vigil sends basic or bearer auth)`;
}

/** keyword → a body assertion; json-query → a jsonPath assertion; null for plain http. */
function contentAssertion(m: KumaMonitor, notes: string[]): Assertion | null | string {
  if (m.type === "keyword") {
    if (!m.keyword) return "keyword monitor without a keyword";
    // Kuma's keyword search is case-sensitive.
    return {
      type: "body",
      operator: m.invertKeyword ? "notContains" : "contains",
      value: m.keyword,
      caseSensitive: true,
    };
  }
  if (m.type !== "json-query") return null;
  const path = simplePath(m.jsonPath);
  if (path === null) {
    return `JSON query "${m.jsonPath ?? ""}" is a JSONata expression; Vigil reads plain paths like data.items[0].status`;
  }
  const operator = {
    "==": "equals",
    "!=": "notEquals",
    "<": "lessThan",
    ">": "greaterThan",
    contains: "contains",
  }[m.jsonPathOperator ?? "=="] as
    | "equals"
    | "notEquals"
    | "lessThan"
    | "greaterThan"
    | "contains"
    | undefined;
  if (!operator) return `JSON query operator ${m.jsonPathOperator} is not supported`;
  if (m.expectedValue === null) return "JSON query without an expected value";
  const value = operator === "contains" ? m.expectedValue : typedValue(m.expectedValue);
  if ((operator === "lessThan" || operator === "greaterThan") && typeof value !== "number") {
    return `JSON query compares with ${m.jsonPathOperator} against "${m.expectedValue}", which is not a number`;
  }
  if (typeof value !== "string" && (operator === "equals" || operator === "notEquals")) {
    notes.push(
      `expected value "${m.expectedValue}" is compared as ${value === null ? "null" : `the ${typeof value} ${value}`}: Kuma compared text, Vigil compares JSON types`,
    );
  }
  return { type: "jsonPath", path, operator, value };
}

/** A JSONata expression that is only a path (`data.items[0].status`, `$.data.status`), or null. */
function simplePath(expression: string | null): string | null {
  const path = expression?.trim() ?? "";
  return /^(\$\.)?[A-Za-z_][\w]*(\.[A-Za-z_][\w]*|\[\d+\])*$/.test(path) ? path : null;
}

function tcp(m: KumaMonitor, base: Base, notes: string[]): Conversion {
  if (!m.hostname || m.port === null) return { skip: "port monitor without a hostname and port" };
  return {
    monitor: { ...base, type: "tcp", url: `tcp://${hostPort(m.hostname, m.port)}`, ...checking(m, notes) },
    notes,
  };
}

function dns(m: KumaMonitor, base: Base, notes: string[]): Conversion {
  if (!m.hostname) return { skip: "dns monitor without a hostname" };
  const type = (m.dnsResolveType ?? "A").toUpperCase();
  if (!(dnsRecordTypes as readonly string[]).includes(type)) {
    return { skip: `record type ${type} is not supported (Vigil asks ${dnsRecordTypes.join(", ")})` };
  }
  // Kuma may list several resolvers; Vigil asks one.
  const [server = "", ...others] = (m.dnsResolveServer ?? "").split(",").map((s) => s.trim());
  if (others.length > 0) notes.push(`Kuma asked ${m.dnsResolveServer}; Vigil asks the first, ${server}`);
  if (server !== "" && isIP(server) === 0) {
    notes.push(`resolver "${server}" is not an IP address: Vigil asks the machine's resolvers instead`);
  }
  const url = dnsUrl(m.hostname, type, isIP(server) === 0 ? null : server, m.port ?? 53);
  const query = parseDnsUrl(url);
  if (typeof query === "string") return { skip: query };
  return { monitor: { ...base, type: "dns", url, ...checking(m, notes) }, notes };
}

function push(m: KumaMonitor, base: Base, notes: string[]): Conversion {
  notes.push("push monitor: Vigil gives it a new pingUrl; point the job at it");
  return {
    monitor: {
      ...base,
      type: "heartbeat",
      intervalSeconds: clamp(
        Math.round(m.intervalSeconds),
        monitorLimits.intervalSeconds,
        "interval",
        " s",
        notes,
      ),
      // Kuma marks a push monitor down as soon as an interval passes without a push.
      graceSeconds: 0,
      ...alerting(m, notes),
    },
    notes,
  };
}
