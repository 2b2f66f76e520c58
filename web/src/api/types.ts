/**
 * The API's JSON as the dashboard reads it. These mirror the response schemas in src/ (monitor-schemas.ts,
 * result-schemas.ts, incident-schemas.ts, timeline-schemas.ts, ...); the OpenAPI document at /openapi.json is the
 * reference.
 */

export const monitorTypes = ["http", "tcp", "dns", "heartbeat"] as const;
export type MonitorType = (typeof monitorTypes)[number];
export const httpMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof httpMethods)[number];
export const monitorStatuses = ["down", "degraded", "pending", "up", "maintenance", "paused"] as const;
export type MonitorStatus = (typeof monitorStatuses)[number];
export type CheckStatus = "up" | "degraded" | "down" | "missed";

export type HttpAuth =
  | { type: "basic"; username: string; password: string }
  | { type: "bearer"; token: string };

export type Assertion =
  | { type: "status"; ranges: string }
  | { type: "responseTime"; lessThanMs: number; degraded?: boolean }
  | { type: "body"; operator: "contains" | "notContains"; value: string; caseSensitive?: boolean }
  | {
      type: "jsonPath";
      path: string;
      operator: "equals" | "notEquals" | "contains" | "lessThan" | "greaterThan" | "exists";
      value?: string | number | boolean | null;
    }
  | { type: "header"; name: string; operator: "equals" | "notEquals" | "contains" | "exists"; value?: string }
  | { type: "certificate"; minDaysValid: number }
  | { type: "dns"; operator: "equals" | "contains"; values: string[] };
export type AssertionType = Assertion["type"];

export type Monitor = {
  id: string;
  name: string;
  type: MonitorType;
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | null;
  intervalSeconds: number;
  timeoutMs: number;
  expectedStatus: string;
  regions: string[];
  auth: HttpAuth | null;
  followRedirects: boolean;
  maxRedirects: number;
  ignoreTlsErrors: boolean;
  userAgent: string | null;
  assertions: Assertion[];
  graceSeconds: number;
  confirmations: number;
  quorum: number;
  recoveries: number;
  retryIntervalSeconds: number;
  channelIds: string[] | null;
  reminderMinutes: number | null;
  /** Lower-cased, without repeats, sorted (src/monitors/tags.ts). */
  tags: string[];
  pingUrl: string | null;
  paused: boolean;
  status: MonitorStatus;
  lastCheckedAt: string | null;
  certificateExpiresAt: string | null;
  certificateDaysLeft: number | null;
  createdAt: string;
  updatedAt: string;
};

export type MonitorListItem = Monitor & {
  uptime24h: number | null;
  p95ResponseTimeMs24h: number | null;
  /** 24 hourly mean response times, oldest first; null: no data that hour. */
  sparkline24h: (number | null)[];
};

export type CheckTimings = {
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  downloadMs: number | null;
  totalMs: number;
};

export type FailedAssertion = { index: number; type: string; expected: string; actual: string };

export type CheckResult = {
  id: number;
  monitorId: string;
  region: string;
  status: CheckStatus;
  statusCode: number | null;
  responseTimeMs: number | null;
  error: string | null;
  timings: CheckTimings | null;
  finalUrl: string | null;
  remoteAddress: string | null;
  certificate: { issuer: string; subject: string; expiresAt: string } | null;
  failedAssertion: FailedAssertion | null;
  scheduledAt: string;
  checkedAt: string;
};

export type TimelinePoint = {
  t: string;
  checks: number;
  up: number;
  degraded: number;
  down: number;
  uptime: number | null;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
};

export type Timeline = {
  monitorId: string;
  from: string;
  to: string;
  step: string;
  regions: { region: string; points: TimelinePoint[] }[];
  overall: { points: TimelinePoint[] };
};

export type UptimeBar = {
  date: string;
  checks: number;
  up: number;
  degraded: number;
  down: number;
  uptime: number | null;
  status: "up" | "degraded" | "down" | "no-data";
};
export type UptimeBars = { monitorId: string; uptime: number | null; bars: UptimeBar[] };

export type DashboardSummary = {
  monitors: Record<"total" | "up" | "down" | "degraded" | "paused" | "pending" | "maintenance", number>;
  uptime24h: number | null;
  incidents: { open: number; today: number };
  p95ResponseTimeMs24h: number | null;
};

export type IncidentState = "open" | "acknowledged" | "resolved";
export type Incident = {
  id: string;
  monitorId: string;
  monitorName: string;
  state: IncidentState;
  firstFailureAt: string;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  durationSeconds: number;
  cause: {
    regions: string[];
    statusCode: number | null;
    error: string | null;
    failedAssertion: FailedAssertion | null;
  };
  rootCause: string;
};
export type IncidentDetail = Incident & {
  openedByResultId: number | null;
  timeline: { at: string; kind: string; message: string; details: Record<string, unknown> | null }[];
};

export const channelTypes = [
  "email",
  "webhook",
  "slack",
  "discord",
  "telegram",
  "ntfy",
  "pagerduty",
] as const;
export type ChannelType = (typeof channelTypes)[number];
export type Channel = {
  id: string;
  name: string;
  type: ChannelType;
  enabled: boolean;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

export type MaintenanceWindow = {
  id: string;
  name: string;
  monitorIds: string[];
  kind: "once" | "weekly";
  timeZone: string;
  startsAt: string | null;
  endsAt: string | null;
  weekdays: number[] | null;
  startTime: string | null;
  durationMinutes: number | null;
  active: boolean;
  next: { startsAt: string; endsAt: string } | null;
  createdAt: string;
  updatedAt: string;
};

export type UserRole = "admin" | "member";
export type User = {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  createdAt: string;
  /** Present once the account endpoints report it. */
  totpEnabled?: boolean;
};

export type AuthOptions = { signupOpen: boolean; passwordReset: boolean };

export type Region = { name: string; createdAt: string };

type Backlog = { length: number; pending: number; lag: number; consumers: number };
export type QueueStats = {
  regions: (Backlog & { region: string })[];
  results: Backlog;
  workers: {
    workerId: string;
    region: string;
    inFlight: number;
    done: number;
    missed: number;
    lastHeartbeatAt: string;
  }[];
};

export type StatusPageInput = {
  slug: string;
  title: string;
  logoUrl?: string | null;
  historyDays: 30 | 60 | 90;
  sections: { name: string; monitorIds: string[] }[];
  customDomain?: string | null;
  published: boolean;
};
export type StatusPage = StatusPageInput & {
  id: string;
  /** Where the page is served: absolute when the server knows its public URL. */
  url: string;
  /** The TXT record proving the custom domain is yours; null without a domain. */
  domainVerification: { record: string; value: string; verified: boolean } | null;
  createdAt: string;
  updatedAt: string;
};

export const statusPageIncidentStates = ["investigating", "identified", "monitoring", "resolved"] as const;
export type StatusPageIncidentState = (typeof statusPageIncidentStates)[number];
export type StatusPageIncidentUpdate = {
  id: string;
  state: StatusPageIncidentState;
  message: string;
  createdAt: string;
};
/** An incident written by hand on a status page (src/status-pages/page-incident-schemas.ts). */
export type StatusPageIncident = {
  id: string;
  title: string;
  state: StatusPageIncidentState;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** Newest first. */
  updates: StatusPageIncidentUpdate[];
};

/** A personal API token as listed: never its secret (src/api-tokens/api-token-schemas.ts). */
export type ApiToken = {
  id: string;
  name: string;
  /** `vgl_` and the first 8 characters: enough to recognize the token. */
  prefix: string;
  createdAt: string;
  /** null: lives until revoked. */
  expiresAt: string | null;
  lastUsedAt: string | null;
};
/** The answer to creating a token: the plaintext `token` is in this answer only. */
export type CreatedApiToken = { token: string; apiToken: ApiToken };
