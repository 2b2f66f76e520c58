import { z } from "zod";
import { httpMethods, monitorHealth, monitorTypes } from "../db/schema/index.js";
import { pageQuery } from "../http/common-schemas.js";
import { workerRegionNameField } from "../regions/region-schemas.js";
import { assertionsSchema } from "./assertions.js";
import { formatExpectedStatus, parseExpectedStatus } from "./expected-status.js";
import { httpAuthSchema } from "./http-auth.js";
import { tagField, tagsField } from "./tags.js";

export const monitorLimits = {
  intervalSeconds: { min: 30, max: 86_400, default: 180 },
  timeoutMs: { min: 100, max: 60_000, default: 10_000 },
  confirmations: { min: 1, max: 10 },
  quorum: { min: 1, max: 50 },
  recoveries: { min: 1, max: 10 },
  retryIntervalSeconds: { min: 5, max: 3600 },
  reminderMinutes: { min: 5, max: 10_080 },
  maxHeaders: 50,
  maxBodyChars: 64 * 1024,
} as const;

const urlField = z
  .string("url must be a string")
  .max(2048, "url must be at most 2048 characters")
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    if (url.protocol === "dns:") return true; // dns:name has no host; parseDnsUrl judges the rest
    return ["http:", "https:", "tcp:"].includes(url.protocol) && url.hostname !== "";
  }, "url must be an absolute http:// or https:// URL, tcp://host:port for tcp monitors, or dns:name?type=A for dns monitors");

// RFC 9110 token characters for names; values may not smuggle a line break into the request.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$/;
const headersField = z
  .record(
    z.string(),
    z
      .string("header values must be strings")
      .max(8192, "header values must be at most 8192 characters")
      .regex(/^[^\r\n\0]*$/, "header values may not contain line breaks"),
    "headers must be an object of header names to values",
  )
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > monitorLimits.maxHeaders) {
      ctx.addIssue({ code: "custom", message: `at most ${monitorLimits.maxHeaders} headers` });
    }
    for (const name of names.filter((n) => !headerName.test(n))) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `header names must be HTTP tokens: "${name}" is not`,
      });
    }
  });

const expectedStatusField = z
  .string('expectedStatus must be a string like "200-299,301"')
  .max(200)
  .transform((value, ctx) => {
    const parsed = parseExpectedStatus(value);
    if (typeof parsed === "string") {
      ctx.addIssue({ code: "custom", message: parsed });
      return z.NEVER;
    }
    return formatExpectedStatus(parsed);
  });

const { intervalSeconds, timeoutMs } = monitorLimits;

/** A whole number within its limit in monitorLimits. */
const count = (
  name: "confirmations" | "quorum" | "recoveries" | "retryIntervalSeconds" | "reminderMinutes",
) => {
  const { min, max } = monitorLimits[name];
  return z
    .number(`${name} must be a number`)
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);
};

const monitorFields = {
  type: z.enum(monitorTypes, `type must be one of ${monitorTypes.join(", ")}`),
  url: urlField,
  name: z.string("name must be a string").trim().min(1, "name must not be empty").max(200),
  method: z.enum(httpMethods, `method must be one of ${httpMethods.join(", ")}`),
  headers: headersField,
  body: z.string("body must be a string").max(monitorLimits.maxBodyChars).nullable(),
  intervalSeconds: z
    .number("intervalSeconds must be a number")
    .int("intervalSeconds must be a whole number")
    .min(intervalSeconds.min, `intervalSeconds must be at least ${intervalSeconds.min}`)
    .max(intervalSeconds.max, `intervalSeconds must be at most ${intervalSeconds.max}`),
  timeoutMs: z
    .number("timeoutMs must be a number")
    .int("timeoutMs must be a whole number")
    .min(timeoutMs.min, `timeoutMs must be at least ${timeoutMs.min}`)
    .max(timeoutMs.max, `timeoutMs must be at most ${timeoutMs.max}`),
  expectedStatus: expectedStatusField,
  regions: z
    .array(workerRegionNameField, "regions must be an array of region names")
    .min(1, "regions must name at least one region")
    .max(50)
    .refine((r) => new Set(r).size === r.length, "regions must not repeat a region"),
  paused: z.boolean("paused must be true or false"),
  auth: httpAuthSchema.nullable(),
  followRedirects: z.boolean("followRedirects must be true or false"),
  maxRedirects: z
    .number("maxRedirects must be a number")
    .int("maxRedirects must be a whole number")
    .min(0, "maxRedirects must be at least 0")
    .max(10, "maxRedirects must be at most 10"),
  ignoreTlsErrors: z.boolean("ignoreTlsErrors must be true or false"),
  assertions: assertionsSchema.superRefine((assertions, ctx) => {
    for (const [i, a] of assertions.entries()) {
      if (a.type !== "status") continue;
      const parsed = parseExpectedStatus(a.ranges);
      if (typeof parsed === "string") ctx.addIssue({ code: "custom", path: [i, "ranges"], message: parsed });
    }
  }),
  confirmations: count("confirmations"),
  quorum: count("quorum"),
  recoveries: count("recoveries"),
  retryIntervalSeconds: count("retryIntervalSeconds"),
  channelIds: z
    .array(
      z.uuid("channelIds must hold notification channel ids"),
      "channelIds must be an array of channel ids",
    )
    .max(50)
    .nullable(),
  reminderMinutes: count("reminderMinutes").nullable(),
  graceSeconds: z
    .number("graceSeconds must be a number")
    .int("graceSeconds must be a whole number")
    .min(0, "graceSeconds must be at least 0")
    .max(86_400, "graceSeconds must be at most 86400"),
  userAgent: z
    .string("userAgent must be a string")
    .min(1)
    .max(512)
    .regex(/^[^\r\n\0]*$/, "userAgent may not contain line breaks")
    .nullable(),
  tags: tagsField,
};

export const createMonitorBody = z.strictObject({
  ...monitorFields,
  type: monitorFields.type.default("http"),
  // Every type but heartbeat needs one; the service says so (a heartbeat's url is its ping URL, made by Vigil).
  url: monitorFields.url.optional(),
  name: monitorFields.name.optional(),
  method: monitorFields.method.default("GET"),
  headers: monitorFields.headers.default({}),
  body: monitorFields.body.default(null),
  intervalSeconds: monitorFields.intervalSeconds.default(intervalSeconds.default),
  timeoutMs: monitorFields.timeoutMs.default(timeoutMs.default),
  expectedStatus: expectedStatusField.default("200-399"),
  regions: monitorFields.regions.optional(),
  paused: monitorFields.paused.default(false),
  auth: monitorFields.auth.default(null),
  followRedirects: monitorFields.followRedirects.default(true),
  maxRedirects: monitorFields.maxRedirects.default(5),
  ignoreTlsErrors: monitorFields.ignoreTlsErrors.default(false),
  userAgent: monitorFields.userAgent.default(null),
  graceSeconds: monitorFields.graceSeconds.default(60),
  // confirmations and recoveries: default 2, or 1 for heartbeat monitors (their period plus grace is already the
  // tolerance, and one ping proves the job ran): see the service.
  confirmations: monitorFields.confirmations.optional(),
  quorum: monitorFields.quorum.default(1),
  recoveries: monitorFields.recoveries.optional(),
  retryIntervalSeconds: monitorFields.retryIntervalSeconds.default(10),
  channelIds: monitorFields.channelIds.default(null),
  reminderMinutes: monitorFields.reminderMinutes.default(null),
  assertions: monitorFields.assertions.default([]),
  tags: monitorFields.tags.default([]),
});
export type CreateMonitorInput = z.infer<typeof createMonitorBody>;

export const updateMonitorBody = z
  .strictObject(monitorFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, "send at least one field to change");
export type UpdateMonitorInput = z.infer<typeof updateMonitorBody>;

/** `tag`: only monitors carrying it; paging stays keyset by id. */
export const listMonitorsQuery = z.strictObject({ ...pageQuery, tag: tagField.optional() });

export const monitorSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(monitorTypes),
  url: z.string(),
  method: z.enum(httpMethods),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  intervalSeconds: z.number(),
  timeoutMs: z.number(),
  expectedStatus: z.string(),
  regions: z.array(z.string()),
  auth: httpAuthSchema.nullable(),
  followRedirects: z.boolean(),
  maxRedirects: z.number(),
  ignoreTlsErrors: z.boolean(),
  userAgent: z.string().nullable(),
  assertions: assertionsSchema,
  /** heartbeat monitors: a ping may come this late past the interval before the monitor is down. */
  graceSeconds: z.number(),
  /** The incident rule: see README "Incidents". channelIds null: every channel of the owner. */
  confirmations: z.number(),
  quorum: z.number(),
  recoveries: z.number(),
  retryIntervalSeconds: z.number(),
  channelIds: z.array(z.string()).nullable(),
  reminderMinutes: z.number().nullable(),
  /** Lower-cased, de-duplicated and sorted. */
  tags: z.array(z.string()),
  /** The stable identity of a monitor managed as code (POST /api/monitor/apply); null for the others. */
  key: z.string().nullable(),
  /** heartbeat monitors: the secret URL the job calls (GET or POST; append /fail to report a failure). */
  pingUrl: z.string().nullable(),
  paused: z.boolean(),
  status: z.enum([...monitorHealth, "paused", "maintenance"]),
  lastCheckedAt: z.string().nullable(),
  /** Earliest certificate expiry the regions' latest https checks saw, and whole days left until it. */
  certificateExpiresAt: z.string().nullable(),
  certificateDaysLeft: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MonitorJson = z.infer<typeof monitorSchema>;

/** GET /api/monitor items: the monitor plus its last 24 hours from the hour rollups (monitor-list-stats.ts). */
export const listMonitorItemSchema = monitorSchema.extend({
  uptime24h: z.number().nullable(),
  p95ResponseTimeMs24h: z.number().nullable(),
  /** Mean response time per hour, 24 values oldest first (the current hour last); null: no data that hour. */
  sparkline24h: z.array(z.number().nullable()),
});
export type MonitorListItem = z.infer<typeof listMonitorItemSchema>;
