/**
 * An Uptime Kuma monitor as both of Kuma's exports hold it, under one shape. The SQLite database names its columns
 * in snake_case (`retry_interval`, `accepted_statuscodes_json`); 1.x JSON backups are `Monitor.toJSON()`, which
 * renames some (`retryInterval`, `accepted_statuscodes`, `ignoreTls`, `upsideDown`, `pushToken`). Each reader
 * below accepts either spelling, so one converter serves both.
 */
export type KumaMonitor = {
  id: number;
  name: string;
  /** http, keyword, json-query, port, dns, push, group, ping, docker, ... */
  type: string;
  active: boolean;
  url: string | null;
  method: string | null;
  hostname: string | null;
  port: number | null;
  intervalSeconds: number;
  /** Seconds; absent or 0 in databases from before Kuma 1.23, where the check used 0.8 × interval. */
  timeoutSeconds: number | null;
  maxRetries: number;
  retryIntervalSeconds: number;
  /** Re-notify after this many beats while down; 0 is off. */
  resendInterval: number;
  acceptedStatusCodes: string[];
  keyword: string | null;
  invertKeyword: boolean;
  /** A JSONata expression. */
  jsonPath: string | null;
  /** Kuma 2.0 (`==`, `!=`, `<`, `contains`, ...); absent before it, meaning `==`. */
  jsonPathOperator: string | null;
  expectedValue: string | null;
  dnsResolveType: string | null;
  dnsResolveServer: string | null;
  /** JSON text of an object. */
  headers: string | null;
  body: string | null;
  /** json (also when absent), form or xml. */
  httpBodyEncoding: string | null;
  /** basic, ntlm, oauth2-cc, mtls; absent before Kuma 1.21, where a basic_auth_user meant basic. */
  authMethod: string | null;
  basicAuthUser: string | null;
  basicAuthPass: string | null;
  ignoreTls: boolean;
  maxRedirects: number;
  upsideDown: boolean;
  proxyId: number | null;
  /** The group monitor this one sits in. */
  parentId: number | null;
  tags: KumaTag[];
  notificationCount: number;
};

export type KumaTag = { name: string; value: string | null };

type Row = Record<string, unknown>;

/** A KumaMonitor from a `monitor` row or a backup's `monitorList` item. */
export function kumaMonitor(row: Row, tags: KumaTag[], notificationCount: number): KumaMonitor {
  const interval = num(row, "interval") ?? 60;
  return {
    id: num(row, "id") ?? 0,
    name: str(row, "name") ?? "",
    type: str(row, "type") ?? "http",
    active: bool(row, "active") ?? true,
    url: str(row, "url"),
    method: str(row, "method"),
    hostname: str(row, "hostname"),
    port: num(row, "port"),
    intervalSeconds: interval,
    timeoutSeconds: num(row, "timeout"),
    maxRetries: num(row, "maxretries") ?? 0,
    retryIntervalSeconds: num(row, "retry_interval", "retryInterval") ?? 0,
    resendInterval: num(row, "resend_interval", "resendInterval") ?? 0,
    acceptedStatusCodes: statusCodes(row),
    keyword: str(row, "keyword"),
    invertKeyword: bool(row, "invert_keyword", "invertKeyword") ?? false,
    jsonPath: str(row, "json_path", "jsonPath"),
    jsonPathOperator: str(row, "json_path_operator", "jsonPathOperator"),
    expectedValue: str(row, "expected_value", "expectedValue"),
    dnsResolveType: str(row, "dns_resolve_type", "dnsResolveType"),
    dnsResolveServer: str(row, "dns_resolve_server", "dnsResolveServer"),
    headers: jsonText(row, "headers"),
    body: str(row, "body"),
    httpBodyEncoding: str(row, "http_body_encoding", "httpBodyEncoding"),
    authMethod: str(row, "auth_method", "authMethod"),
    basicAuthUser: str(row, "basic_auth_user", "basicAuthUser"),
    basicAuthPass: str(row, "basic_auth_pass", "basicAuthPass"),
    ignoreTls: bool(row, "ignore_tls", "ignoreTls") ?? false,
    maxRedirects: num(row, "maxredirects", "max_redirects", "maxRedirects") ?? 10,
    upsideDown: bool(row, "upside_down", "upsideDown") ?? false,
    proxyId: num(row, "proxy_id", "proxyId"),
    parentId: num(row, "parent"),
    tags,
    notificationCount,
  };
}

function first(row: Row, names: string[]): unknown {
  for (const name of names) {
    const value = row[name];
    if (value !== undefined && value !== null) return value;
  }
  return null;
}

function str(row: Row, ...names: string[]): string | null {
  const value = first(row, names);
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function num(row: Row, ...names: string[]): number | null {
  const value = first(row, names);
  const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof parsed === "number" && Number.isFinite(parsed) ? parsed : null;
}

/** SQLite stores booleans as 0/1, backups as true/false. */
function bool(row: Row, ...names: string[]): boolean | null {
  const value = first(row, names);
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") return value === "1" || value.toLowerCase() === "true";
  return null;
}

/** Headers are JSON text in both exports; an object is accepted too. */
function jsonText(row: Row, name: string): string | null {
  const value = row[name];
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return null;
}

/** `accepted_statuscodes_json` ('["200-299"]') in the database, `accepted_statuscodes` (an array) in backups. */
function statusCodes(row: Row): string[] {
  let value = row.accepted_statuscodes ?? row.accepted_statuscodes_json;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (error) {
      // Not JSON: a single code or range written as text, which the converter judges like any other.
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return [value];
  return ["200-299"];
}
