import { z } from "zod";
import { dayStatuses } from "../stats/timeline-schemas.js";
import { pageIncidentSchema } from "./page-incident-schemas.js";

/** What a visitor sees of a monitor: paused and maintenance first, then the status of its latest results. */
export const publicMonitorStates = ["up", "degraded", "down", "pending", "paused", "maintenance"] as const;
export type PublicMonitorState = (typeof publicMonitorStates)[number];

export const overallStates = ["operational", "partial_outage", "major_outage", "maintenance"] as const;
export type OverallState = (typeof overallStates)[number];

/**
 * Everything a public status page shows, as served by GET /status/:slug/status.json and rendered as HTML and
 * feeds. Names only: never a monitor's URL, a check's error or anything else its owner did not write for visitors.
 */
export const publicStatusSchema = z.object({
  page: z.object({
    slug: z.string(),
    title: z.string(),
    logoUrl: z.string().nullable(),
    historyDays: z.number(),
  }),
  /** major_outage: every monitor that reports is down; partial_outage: some are down or degraded. */
  state: z.enum(overallStates),
  generatedAt: z.string(),
  sections: z.array(
    z.object({
      name: z.string(),
      monitors: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          state: z.enum(publicMonitorStates),
          /** Over the page's historyDays; null without checks. */
          uptime: z.number().nullable(),
          /** One per UTC day, oldest first (see GET /api/monitor/:id/uptime-bars). */
          bars: z.array(
            z.object({ date: z.string(), status: z.enum(dayStatuses), uptime: z.number().nullable() }),
          ),
        }),
      ),
    }),
  ),
  incidents: z.object({
    /** Not resolved, newest first. */
    active: z.array(pageIncidentSchema),
    /** Resolved within historyDays, newest first. */
    recent: z.array(pageIncidentSchema),
  }),
  /** Maintenance of the page's monitors on now or starting within 7 days, soonest first. */
  maintenance: z.array(
    z.object({
      name: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      active: z.boolean(),
      monitorIds: z.array(z.string()),
    }),
  ),
});
export type PublicStatus = z.infer<typeof publicStatusSchema>;
