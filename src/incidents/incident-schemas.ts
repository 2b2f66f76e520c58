import { z } from "zod";
import { incidentEventKinds, incidentStates } from "../db/schema/index.js";
import { pageQuery } from "../http/common-schemas.js";
import { timeCursorField } from "../lib/cursor.js";
import { failedAssertionSchema } from "../monitors/assertions.js";

export const listIncidentsQuery = z.strictObject({
  ...pageQuery,
  monitorId: z.uuid("monitorId must be a UUID").optional(),
  state: z.enum(incidentStates, `state must be one of ${incidentStates.join(", ")}`).optional(),
});
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuery>;

export const incidentsCursor = z.object({ t: timeCursorField, id: z.uuid() });

const causeSchema = z.object({
  regions: z.array(z.string()),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  failedAssertion: failedAssertionSchema.nullable(),
});

export const incidentSchema = z.object({
  id: z.string(),
  monitorId: z.string(),
  monitorName: z.string(),
  state: z.enum(incidentStates),
  firstFailureAt: z.string(),
  openedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** From the confirmation to the resolution (or now, while open). */
  durationSeconds: z.number(),
  cause: causeSchema,
  /** The cause in one line: failing assertion, error or status code, and the failing regions. */
  rootCause: z.string(),
});
export type IncidentJson = z.infer<typeof incidentSchema>;

export const incidentDetailSchema = incidentSchema.extend({
  openedByResultId: z.number().nullable(),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.enum(incidentEventKinds),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});
export type IncidentDetailJson = z.infer<typeof incidentDetailSchema>;
