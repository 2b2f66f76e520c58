import { z } from "zod";
import { queryBool } from "../http/common-schemas.js";
import { tagField } from "../monitors/tags.js";

export const applyQuery = z.strictObject({
  /** true: plan only, write nothing. */
  dryRun: queryBool.default(false),
  /** true: delete the monitors carrying the document's tag that it does not list (needs a `tag`). */
  prune: queryBool.default(false),
});

export const applyResultSchema = z.object({
  plan: z.object({
    create: z.array(z.string()),
    update: z.array(z.object({ key: z.string(), changes: z.array(z.string()) })),
    delete: z.array(z.string()),
    unchanged: z.array(z.string()),
  }),
  /** false for a dry run. */
  applied: z.boolean(),
});
export type ApplyResultJson = z.infer<typeof applyResultSchema>;

/** The response header of an export counting the secrets written as placeholders (read by `vigil export`). */
export const placeholderCountHeader = "vigil-secret-placeholders";

export const exportQuery = z.strictObject({
  format: z.enum(["yaml", "json"], "format must be yaml or json").default("yaml"),
  tag: tagField.optional(),
});
