import { z } from "zod";
import { bulkLimits } from "../monitors/monitor-bulk-schemas.js";
import { createMonitorBody } from "../monitors/monitor-schemas.js";
import { tagField } from "../monitors/tags.js";
import { plainText } from "../status-pages/plain-text.js";
import { slugPattern } from "../status-pages/status-page-schemas.js";

/**
 * The monitors-as-code document (YAML or JSON, one structure), version 1:
 *
 *   { version: 1, tag?, monitors: [{ key, ...every POST /api/monitor field but channelIds, channels?, statusPages? }] }
 *
 * `key` is a monitor's stable identity (unique per user). `tag` is added to every monitor of the document and
 * bounds `prune`. `channels` names notification channels (absent: every channel, like channelIds null; [] none).
 * `statusPages` lists page slugs, or `{slug, section}`; absent: the monitor's pages are left as they are.
 * Secrets may be placeholders (`${NAME}`): apply keeps the stored value (see secret-placeholders.ts).
 */

const keyPattern = /^[A-Za-z0-9_.:/-]{1,100}$/;

const monitorKeyField = z
  .string("key must be a string")
  .regex(keyPattern, "key must be 1-100 letters, digits or _ . : / -");

const slugField = z
  .string("a status page slug must be a string")
  .regex(slugPattern, "a status page slug is 1-64 lowercase letters, digits and hyphens");

const statusPageRefSchema = z.union([
  slugField,
  z.strictObject({ slug: slugField, section: plainText("section", 100) }),
]);
export type StatusPageRef = z.infer<typeof statusPageRefSchema>;

const noRepeats = <T>(values: T[], of: (v: T) => string) => new Set(values.map(of)).size === values.length;
export const refSlug = (ref: StatusPageRef): string => (typeof ref === "string" ? ref : ref.slug);

export const documentMonitorSchema = createMonitorBody.omit({ channelIds: true }).extend({
  key: monitorKeyField,
  channels: z
    .array(plainText("a channel name", 200), "channels must be an array of notification channel names")
    .max(50)
    .refine((names) => noRepeats(names, (n) => n), "channels must not repeat a channel")
    .optional(),
  statusPages: z
    .array(statusPageRefSchema, "statusPages must be an array of slugs or {slug, section}")
    .max(20)
    .refine((refs) => noRepeats(refs, refSlug), "statusPages must not repeat a page")
    .optional(),
});
export type DocumentMonitor = z.infer<typeof documentMonitorSchema>;
/** A monitor as written in a document, before defaults: what export writes. */
export type DocumentMonitorInput = z.input<typeof documentMonitorSchema>;

export const monitorDocumentSchema = z
  .strictObject({
    version: z.literal(1, "version must be 1"),
    tag: tagField.optional(),
    monitors: z
      .array(documentMonitorSchema, "monitors must be an array")
      .max(bulkLimits.maxItems, `a document holds at most ${bulkLimits.maxItems} monitors`),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    for (const [index, monitor] of doc.monitors.entries()) {
      if (seen.has(monitor.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["monitors", index, "key"],
          message: `key "${monitor.key}" appears more than once`,
        });
      }
      seen.add(monitor.key);
    }
  })
  .meta({
    title: "Vigil monitors",
    description: "Monitors as code: apply with `vigil apply <file>` or POST /api/monitor/apply.",
  });
export type MonitorDocument = z.infer<typeof monitorDocumentSchema>;
export type MonitorDocumentInput = z.input<typeof monitorDocumentSchema>;

/** The JSON Schema editors validate documents with, generated from the schema above so the two cannot drift. */
export function monitorDocumentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(monitorDocumentSchema, { io: "input", unrepresentable: "any" });
}
