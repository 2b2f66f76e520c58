import { z } from "zod";

export const idParams = z.strictObject({ id: z.uuid("id must be a UUID") });

export const pageQuery = {
  limit: z.coerce
    .number("limit must be a number")
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(1000, "limit must be at most 1000")
    .default(100),
  cursor: z.string().max(512, "cursor is too long").optional(),
};

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** Query-string booleans: only the words, so `?force=yes` is an error rather than a silent false. */
export const queryBool = z.enum(["true", "false"]).transform((v) => v === "true");

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
