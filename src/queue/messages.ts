import { z } from "zod";
import { httpMethods, monitorTypes } from "../db/schema/index.js";
import { assertionsSchema, failedAssertionSchema } from "../monitors/assertions.js";
import { httpAuthSchema } from "../monitors/http-auth.js";
import { type CheckTimings, certificateSchema, checkTimingsSchema } from "./check-timings.js";

/**
 * A check job: everything a worker needs, so workers never read the database.
 * Published by the scheduler to `{prefix}:checks:{region}`; acked by the worker that hands over its result
 * (ackAndAdd). Idempotency key of its result: (monitorId, region, scheduledAt).
 */
export const checkJobSchema = z.object({
  monitorId: z.string(),
  region: z.string(),
  type: z.enum(monitorTypes).default("http"),
  url: z.string(),
  method: z.enum(httpMethods),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  timeoutMs: z.number().int(),
  expectedStatus: z.string(),
  // Later fields carry defaults, so jobs published by an older scheduler still decode.
  auth: httpAuthSchema.nullable().default(null),
  followRedirects: z.boolean().default(true),
  maxRedirects: z.number().int().default(5),
  ignoreTlsErrors: z.boolean().default(false),
  userAgent: z.string().nullable().default(null),
  assertions: assertionsSchema.default([]),
  /** Epoch ms the check was due. */
  scheduledAt: z.number().int(),
  /** Epoch ms after which the check is worthless (scheduledAt + interval): reported as missed, not run. */
  deadlineAt: z.number().int(),
});
export type CheckJob = z.infer<typeof checkJobSchema>;
/** A job as a publisher writes it: fields with defaults may be left out. */
export type CheckJobInput = z.input<typeof checkJobSchema>;

export const resultStatuses = ["up", "degraded", "down", "missed"] as const;
export type ResultStatus = (typeof resultStatuses)[number];

export { type CheckTimings, checkTimingsSchema };

/**
 * A check result: added to `{prefix}:results` by a worker in the same MULTI that acks its job; read by group
 * `ingesters`, acked once the row is stored. Stored once per (monitorId, region, scheduledAt).
 */
export const checkResultSchema = z.object({
  monitorId: z.string(),
  region: z.string(),
  scheduledAt: z.number().int(),
  checkedAt: z.number().int(),
  status: z.enum(resultStatuses),
  statusCode: z.number().int().nullable(),
  responseTimeMs: z.number().nullable(),
  error: z.string().nullable(),
  timings: checkTimingsSchema.nullable(),
  /** URL of the last hop after redirects; address that answered; certificate over https. */
  finalUrl: z.string().nullable().default(null),
  remoteAddress: z.string().nullable().default(null),
  certificate: certificateSchema.nullable().default(null),
  failedAssertion: failedAssertionSchema.nullable().default(null),
  /** The worker that ran the check, for debugging. */
  workerId: z.string(),
});
export type CheckResultMessage = z.infer<typeof checkResultSchema>;

/** What running a check found: the part of a result the check itself decides. */
export type CheckOutcome = Pick<
  CheckResultMessage,
  | "status"
  | "statusCode"
  | "responseTimeMs"
  | "error"
  | "timings"
  | "finalUrl"
  | "remoteAddress"
  | "certificate"
  | "failedAssertion"
>;

/** Messages travel as one JSON field, so a stream entry is `{ m: "<json>" }`. */
export const encodeMessage = (message: CheckJobInput | CheckResultMessage): Record<string, string> => ({
  m: JSON.stringify(message),
});

export function decodeMessage<T>(fields: Record<string, string>, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(fields.m ?? ""));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: the entry is garbage, and the caller acks it away rather than retrying forever.
    return undefined;
  }
}
