import { z } from "zod";
import { checkStatuses } from "../db/schema/index.js";
import { pageQuery } from "../http/common-schemas.js";
import { timeCursorField } from "../lib/cursor.js";
import { failedAssertionSchema } from "../monitors/assertions.js";
import { checkTimingsSchema } from "../queue/check-timings.js";
import { regionNameField } from "../regions/region-schemas.js";

export const monitorIdParams = z.strictObject({ monitorId: z.uuid("monitorId must be a UUID") });

const isoDate = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z` })
    .transform((v) => new Date(v));

export const listChecksQuery = z
  .strictObject({
    ...pageQuery,
    region: regionNameField.optional(),
    status: z.enum(checkStatuses, `status must be one of ${checkStatuses.join(", ")}`).optional(),
    from: isoDate("from").optional(),
    to: isoDate("to").optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "from must be before to", path: ["from"] });
export type ListChecksQuery = z.infer<typeof listChecksQuery>;

export const cleanupQuery = z.strictObject({
  days: z.coerce
    .number("days must be a number")
    .int("days must be a whole number")
    .min(0, "days must be at least 0")
    .max(36_500, "days must be at most 36500")
    .default(90),
});

export const resultSchema = z.object({
  id: z.number(),
  monitorId: z.string(),
  region: z.string(),
  status: z.enum(checkStatuses),
  statusCode: z.number().nullable(),
  responseTimeMs: z.number().nullable(),
  error: z.string().nullable(),
  timings: checkTimingsSchema.nullable(),
  finalUrl: z.string().nullable(),
  remoteAddress: z.string().nullable(),
  certificate: z.object({ issuer: z.string(), subject: z.string(), expiresAt: z.string() }).nullable(),
  failedAssertion: failedAssertionSchema.nullable(),
  scheduledAt: z.string(),
  checkedAt: z.string(),
});
export type ResultJson = z.infer<typeof resultSchema>;

export const checksCursor = z.object({ t: timeCursorField, id: z.number().int() });
