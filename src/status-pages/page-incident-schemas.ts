import { z } from "zod";
import { type StatusPageIncidentState, statusPageIncidentStates } from "../db/schema/index.js";
import { pageQuery } from "../http/common-schemas.js";
import { timeCursorField } from "../lib/cursor.js";
import { plainText } from "./plain-text.js";

const state = z.enum(statusPageIncidentStates, `state must be one of ${statusPageIncidentStates.join(", ")}`);

/** How pages and feeds name each state. */
export const incidentStateText: Record<StatusPageIncidentState, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export const createPageIncidentBody = z.strictObject({
  title: plainText("title", 200),
  message: plainText("message", 5000, { multiline: true }),
  state: state.default("investigating"),
});
export type CreatePageIncidentInput = z.infer<typeof createPageIncidentBody>;

/** Appends an update; the incident takes its state (the current one when left out). */
export const addPageIncidentUpdateBody = z.strictObject({
  message: plainText("message", 5000, { multiline: true }),
  state: state.optional(),
});
export type AddPageIncidentUpdateInput = z.infer<typeof addPageIncidentUpdateBody>;

export const pageIncidentParams = z.strictObject({
  id: z.uuid("id must be a UUID"),
  incidentId: z.uuid("incidentId must be a UUID"),
});

export const listPageIncidentsQuery = z.strictObject({ ...pageQuery });
export type ListPageIncidentsQuery = z.infer<typeof listPageIncidentsQuery>;

export const pageIncidentsCursor = z.object({ t: timeCursorField, id: z.uuid() });

export const pageIncidentUpdateSchema = z.object({
  id: z.string(),
  state: state,
  message: z.string(),
  createdAt: z.string(),
});

export const pageIncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  state: state,
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** Newest first. */
  updates: z.array(pageIncidentUpdateSchema),
});
export type PageIncidentJson = z.infer<typeof pageIncidentSchema>;
