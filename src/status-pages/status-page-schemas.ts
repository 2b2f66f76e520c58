import { z } from "zod";
import { pageQuery } from "../http/common-schemas.js";
import { plainText } from "./plain-text.js";

export const statusPageLimits = {
  sections: 20,
  /** Over all sections: every monitor costs two queries per render (at most one render per 5 s per format). */
  monitors: 100,
} as const;

export const historyDayChoices = [30, 60, 90] as const;

export const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Two or more labels, the last not numeric: a host name, never an IP address. */
export const hostnamePattern =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const slug = z
  .string("slug must be a string")
  .regex(
    slugPattern,
    "slug must be 1-64 lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  );

const hostname = z
  .string("customDomain must be a string")
  .trim()
  .toLowerCase()
  .max(253, "customDomain must be at most 253 characters")
  .regex(
    hostnamePattern,
    "customDomain must be a host name such as status.example.com, without scheme, port or path",
  );

const logoUrl = z
  .url({ protocol: /^https?$/, error: "logoUrl must be an http:// or https:// URL" })
  .max(2048, "logoUrl must be at most 2048 characters");

const section = z.strictObject({
  name: plainText("section name", 100),
  monitorIds: z
    .array(z.uuid("monitorIds must hold monitor UUIDs"), "monitorIds must be an array of monitor ids")
    .max(statusPageLimits.monitors, `a page may show at most ${statusPageLimits.monitors} monitors`),
});

const sections = z
  .array(section, "sections must be an array of { name, monitorIds }")
  .max(statusPageLimits.sections, `a page may have at most ${statusPageLimits.sections} sections`)
  .superRefine((list, ctx) => {
    const ids = list.flatMap((s) => s.monitorIds);
    if (ids.length > statusPageLimits.monitors) {
      ctx.addIssue({
        code: "custom",
        message: `a page may show at most ${statusPageLimits.monitors} monitors`,
      });
    }
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (repeated.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `a monitor may appear once per page: ${[...new Set(repeated)].join(", ")} appears more than once`,
      });
    }
  });

const fields = {
  slug,
  title: plainText("title", 200),
  logoUrl: logoUrl.nullable(),
  historyDays: z.union(
    historyDayChoices.map((d) => z.literal(d)),
    "historyDays must be 30, 60 or 90",
  ),
  sections,
  customDomain: hostname.nullable(),
  published: z.boolean("published must be true or false"),
};

export const createStatusPageBody = z.strictObject({
  slug: fields.slug,
  title: fields.title,
  logoUrl: fields.logoUrl.default(null),
  historyDays: fields.historyDays.default(90),
  sections: fields.sections.default([]),
  customDomain: fields.customDomain.default(null),
  published: fields.published.default(true),
});
export type CreateStatusPageInput = z.infer<typeof createStatusPageBody>;

/** Any subset; sections, when given, replace the page's sections whole. */
export const updateStatusPageBody = z
  .strictObject(fields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, "send at least one field to change");
export type UpdateStatusPageInput = z.infer<typeof updateStatusPageBody>;

export const listStatusPagesQuery = z.strictObject({ ...pageQuery });
export type ListStatusPagesQuery = z.infer<typeof listStatusPagesQuery>;

export const statusPageSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  logoUrl: z.string().nullable(),
  historyDays: z.number(),
  sections: z.array(z.object({ name: z.string(), monitorIds: z.array(z.string()) })),
  customDomain: z.string().nullable(),
  /** How to prove the custom domain is yours: a TXT record `record` holding `value`. Null without a domain. */
  domainVerification: z.object({ record: z.string(), value: z.string(), verified: z.boolean() }).nullable(),
  published: z.boolean(),
  /** Where the page is served: absolute when PUBLIC_URL is set. */
  url: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StatusPageJson = z.infer<typeof statusPageSchema>;
