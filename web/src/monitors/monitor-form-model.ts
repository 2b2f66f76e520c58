import type { Assertion, HttpMethod, Monitor, MonitorType } from "../api/types";
import { formatTags, parseTags } from "./monitor-tags";

/** DNS record types a dns monitor may ask for (src/checks/dns-url.ts). */
export const dnsRecordTypes = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;

/** The form's state: text inputs stay strings until the body is built, so the user can type freely. */
export type MonitorForm = {
  type: MonitorType;
  name: string;
  /** http: the URL as typed. */
  url: string;
  tcpHost: string;
  tcpPort: string;
  dnsName: string;
  dnsRecordType: string;
  /** Empty: the machine's resolvers. */
  dnsResolver: string;
  method: HttpMethod;
  headers: { name: string; value: string }[];
  body: string;
  intervalSeconds: string;
  timeoutMs: string;
  expectedStatus: string;
  regions: string[];
  authType: "none" | "basic" | "bearer";
  authUsername: string;
  authPassword: string;
  authToken: string;
  followRedirects: boolean;
  maxRedirects: string;
  ignoreTlsErrors: boolean;
  userAgent: string;
  graceSeconds: string;
  confirmations: string;
  quorum: string;
  recoveries: string;
  retryIntervalSeconds: string;
  /** null: every channel of the owner. */
  channelIds: string[] | null;
  reminderMinutes: string;
  assertions: Assertion[];
  /** Comma-separated, as typed. */
  tags: string;
  paused: boolean;
};

export function emptyForm(regions: string[]): MonitorForm {
  return {
    type: "http",
    name: "",
    url: "https://",
    tcpHost: "",
    tcpPort: "",
    dnsName: "",
    dnsRecordType: "A",
    dnsResolver: "",
    method: "GET",
    headers: [],
    body: "",
    intervalSeconds: "180",
    timeoutMs: "10000",
    expectedStatus: "200-399",
    regions,
    authType: "none",
    authUsername: "",
    authPassword: "",
    authToken: "",
    followRedirects: true,
    maxRedirects: "5",
    ignoreTlsErrors: false,
    userAgent: "",
    graceSeconds: "60",
    confirmations: "",
    quorum: "1",
    recoveries: "",
    retryIntervalSeconds: "10",
    channelIds: null,
    reminderMinutes: "",
    assertions: [],
    tags: "",
    paused: false,
  };
}

function parseTcp(url: string): { host: string; port: string } {
  if (!URL.canParse(url)) return { host: "", port: "" };
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: parsed.port };
}

function parseDns(url: string): { name: string; recordType: string; resolver: string } {
  if (!URL.canParse(url)) return { name: "", recordType: "A", resolver: "" };
  const parsed = new URL(url);
  const type = /type=([A-Za-z]+)/.exec(parsed.search)?.[1]?.toUpperCase() ?? "A";
  return { name: parsed.pathname.replace(/^\//, ""), recordType: type, resolver: parsed.host };
}

export function formFromMonitor(monitor: Monitor): MonitorForm {
  const tcp = monitor.type === "tcp" ? parseTcp(monitor.url) : { host: "", port: "" };
  const dns = monitor.type === "dns" ? parseDns(monitor.url) : { name: "", recordType: "A", resolver: "" };
  return {
    type: monitor.type,
    name: monitor.name,
    url: monitor.type === "http" ? monitor.url : "https://",
    tcpHost: tcp.host,
    tcpPort: tcp.port,
    dnsName: dns.name,
    dnsRecordType: dns.recordType,
    dnsResolver: dns.resolver,
    method: monitor.method,
    headers: Object.entries(monitor.headers).map(([name, value]) => ({ name, value })),
    body: monitor.body ?? "",
    intervalSeconds: String(monitor.intervalSeconds),
    timeoutMs: String(monitor.timeoutMs),
    expectedStatus: monitor.expectedStatus,
    regions: monitor.regions,
    authType: monitor.auth?.type ?? "none",
    authUsername: monitor.auth?.type === "basic" ? monitor.auth.username : "",
    authPassword: monitor.auth?.type === "basic" ? monitor.auth.password : "",
    authToken: monitor.auth?.type === "bearer" ? monitor.auth.token : "",
    followRedirects: monitor.followRedirects,
    maxRedirects: String(monitor.maxRedirects),
    ignoreTlsErrors: monitor.ignoreTlsErrors,
    userAgent: monitor.userAgent ?? "",
    graceSeconds: String(monitor.graceSeconds),
    confirmations: String(monitor.confirmations),
    quorum: String(monitor.quorum),
    recoveries: String(monitor.recoveries),
    retryIntervalSeconds: String(monitor.retryIntervalSeconds),
    channelIds: monitor.channelIds,
    reminderMinutes: monitor.reminderMinutes === null ? "" : String(monitor.reminderMinutes),
    assertions: monitor.assertions,
    tags: formatTags(monitor.tags),
    paused: monitor.paused,
  };
}

/** A number field: blank is left out (the API's default); anything else is sent as typed, for the API to judge. */
const num = (value: string): number | undefined => (value.trim() === "" ? undefined : Number(value));

/** The url the API expects for the type, composed from the type's own inputs. */
export function urlOf(form: MonitorForm): string | undefined {
  switch (form.type) {
    case "http":
      return form.url.trim();
    case "tcp": {
      const host = form.tcpHost.trim();
      return `tcp://${host.includes(":") ? `[${host}]` : host}:${form.tcpPort.trim()}`;
    }
    case "dns": {
      const resolver = form.dnsResolver.trim();
      const name = form.dnsName.trim();
      return `${resolver ? `dns://${resolver}/` : "dns:"}${name}?type=${form.dnsRecordType}`;
    }
    case "heartbeat":
      return undefined;
  }
}

type Body = Record<string, unknown>;

/** The create body for the form: only the fields that apply to its type; blanks left to the API's defaults. */
export function bodyFromForm(form: MonitorForm): Body {
  const body: Body = {
    type: form.type,
    name: form.name.trim() || undefined,
    intervalSeconds: num(form.intervalSeconds),
    confirmations: num(form.confirmations),
    recoveries: num(form.recoveries),
    channelIds: form.channelIds,
    reminderMinutes: form.reminderMinutes.trim() === "" ? null : Number(form.reminderMinutes),
    tags: parseTags(form.tags),
    paused: form.paused,
  };
  if (form.type === "heartbeat") {
    body.graceSeconds = num(form.graceSeconds);
  } else {
    Object.assign(body, {
      url: urlOf(form),
      timeoutMs: num(form.timeoutMs),
      regions: form.regions,
      quorum: num(form.quorum),
      retryIntervalSeconds: num(form.retryIntervalSeconds),
      assertions: form.assertions,
    });
  }
  if (form.type === "http") {
    Object.assign(body, {
      method: form.method,
      headers: Object.fromEntries(
        form.headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value]),
      ),
      body: form.body === "" ? null : form.body,
      expectedStatus: form.expectedStatus.trim(),
      auth:
        form.authType === "basic"
          ? { type: "basic", username: form.authUsername, password: form.authPassword }
          : form.authType === "bearer"
            ? { type: "bearer", token: form.authToken }
            : null,
      followRedirects: form.followRedirects,
      maxRedirects: num(form.maxRedirects),
      ignoreTlsErrors: form.ignoreTlsErrors,
      userAgent: form.userAgent.trim() === "" ? null : form.userAgent,
    });
  }
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

/** The update body: only what changed since the monitor was loaded (PUT is partial). */
export function changedFields(original: MonitorForm, current: MonitorForm): Body {
  const before = bodyFromForm(original);
  const after = bodyFromForm(current);
  const changed: Body = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key])) changed[key] = value;
  }
  return changed;
}

/** Every field the form shows an error under; the API's other complaints go to the top of the form. */
export const formFields = [
  "type",
  "name",
  "url",
  "method",
  "headers",
  "body",
  "intervalSeconds",
  "timeoutMs",
  "expectedStatus",
  "regions",
  "auth",
  "followRedirects",
  "maxRedirects",
  "ignoreTlsErrors",
  "userAgent",
  "graceSeconds",
  "confirmations",
  "quorum",
  "recoveries",
  "retryIntervalSeconds",
  "channelIds",
  "reminderMinutes",
  "assertions",
  "tags",
  "paused",
] as const;

export function newAssertion(type: Assertion["type"]): Assertion {
  switch (type) {
    case "status":
      return { type, ranges: "200-299" };
    case "responseTime":
      return { type, lessThanMs: 1000, degraded: false };
    case "body":
      return { type, operator: "contains", value: "", caseSensitive: false };
    case "jsonPath":
      return { type, path: "", operator: "equals", value: "" };
    case "header":
      return { type, name: "", operator: "exists" };
    case "certificate":
      return { type, minDaysValid: 14 };
    case "dns":
      return { type, operator: "contains", values: [] };
  }
}

/** The form's keys that hold text, so one input can bind to each. */
export type TextKey = {
  [K in keyof MonitorForm]: MonitorForm[K] extends string ? K : never;
}[keyof MonitorForm];

/** What a text or number input needs from the form for one key. */
export type BoundField = {
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error: string | undefined;
};
