import { z } from "zod";
import { createMonitorBody, monitorSchema } from "./monitor-schemas.js";
import { tagField } from "./tags.js";

/** One request changes at most this many monitors: large enough for a migration, small enough for one statement. */
export const bulkLimits = { maxItems: 1000 } as const;

export const bulkCreateBody = z.strictObject({
  monitors: z
    .array(createMonitorBody, "monitors must be an array of monitors")
    .min(1, "monitors must hold at least one monitor")
    .max(bulkLimits.maxItems, `monitors must hold at most ${bulkLimits.maxItems} monitors`),
});
export type BulkCreateInput = z.infer<typeof bulkCreateBody>;

export const bulkCreateResponse = z.object({ items: z.array(monitorSchema) });

/** Which monitors a bulk pause, resume or delete acts on: listed ids, or every monitor carrying a tag. */
export const monitorSelectorBody = z
  .strictObject({
    ids: z
      .array(z.uuid("ids must hold monitor UUIDs"), "ids must be an array of monitor ids")
      .min(1, "ids must name at least one monitor")
      .max(bulkLimits.maxItems, `ids must name at most ${bulkLimits.maxItems} monitors`)
      .optional(),
    tag: tagField.optional(),
  })
  .refine((b) => (b.ids === undefined) !== (b.tag === undefined), "send exactly one of ids and tag");
export type MonitorSelectorInput = z.infer<typeof monitorSelectorBody>;

export const bulkCountResponse = z.object({
  /** Monitors that changed: a pause does not count monitors already paused, nor a resume active ones. */
  count: z.number(),
});
