import { z } from "zod";

/**
 * What a check must find, besides answering. All assertions of a monitor must hold; the first that fails makes
 * the result `down` (or `degraded`, for a response-time assertion marked so) and is reported with its actual value.
 * Evaluated in the worker (checks/evaluate-assertions.ts); the job carries them.
 */
const text = z.string().max(10_000);

export const assertionSchema = z.discriminatedUnion("type", [
  /** The status code is in the ranges ("200-299,301"); `expectedStatus` is its shorthand. */
  z.strictObject({ type: z.literal("status"), ranges: z.string().max(200) }),
  /** The whole check took less than this; `degraded: true` marks a slow answer degraded instead of down. */
  z.strictObject({
    type: z.literal("responseTime"),
    lessThanMs: z.number().int().min(1).max(60_000),
    degraded: z.boolean().default(false),
  }),
  /** The body (first 1 MiB, as UTF-8) contains or does not contain a keyword. */
  z.strictObject({
    type: z.literal("body"),
    operator: z.enum(["contains", "notContains"]),
    value: text.min(1),
    caseSensitive: z.boolean().default(false),
  }),
  /** A value in the JSON body at a path like `data.items[0].status` (a leading `$.` is allowed). */
  z.strictObject({
    type: z.literal("jsonPath"),
    path: z.string().min(1).max(500),
    operator: z.enum(["equals", "notEquals", "contains", "lessThan", "greaterThan", "exists"]),
    value: z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]).optional(),
  }),
  /** A response header (name case-insensitive). */
  z.strictObject({
    type: z.literal("header"),
    name: z.string().min(1).max(100),
    operator: z.enum(["equals", "notEquals", "contains", "exists"]),
    value: text.optional(),
  }),
  /** https only: the certificate is valid (trusted, unexpired) and expires in more than this many days. */
  z.strictObject({ type: z.literal("certificate"), minDaysValid: z.number().int().min(0).max(3650) }),
  /**
   * dns only: the answer's records (addresses; names for CNAME/NS; "10 mx.example.com" for MX; joined strings for
   * TXT) equal this set exactly, or contain every value given. Names compare case-insensitively.
   */
  z.strictObject({
    type: z.literal("dns"),
    operator: z.enum(["equals", "contains"]),
    values: z.array(z.string().min(1).max(1_000)).min(1).max(50),
  }),
]);
export type Assertion = z.infer<typeof assertionSchema>;

export const assertionsSchema = z.array(assertionSchema).max(20, "at most 20 assertions");

/** The assertion that failed and what was found instead: stored with the result and shown to the user. */
export const failedAssertionSchema = z.object({
  index: z.number().int(),
  type: z.string(),
  expected: z.string(),
  actual: z.string(),
});
export type FailedAssertion = z.infer<typeof failedAssertionSchema>;
