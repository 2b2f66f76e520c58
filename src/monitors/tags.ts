import { z } from "zod";

/**
 * Tags group monitors (`env:prod`, `team/payments`) for filtering and bulk changes. They are compared lower-cased:
 * a tag is stored trimmed and lower-cased, and a monitor's tags are de-duplicated and sorted, so two spellings of
 * one tag are one tag and a monitor's tags compare equal whatever order they were sent in.
 */
export const tagLimits = { maxLength: 50, perMonitor: 20 } as const;

const tagPattern = /^[A-Za-z0-9_.:/-]+$/;

export const tagField = z
  .string("a tag must be a string")
  .trim()
  .min(1, "a tag must not be empty")
  .max(tagLimits.maxLength, `a tag must be at most ${tagLimits.maxLength} characters`)
  .regex(tagPattern, "a tag may hold only letters, digits and _ . : / -")
  .toLowerCase();

/** Tags as stored: normalized, without repeats, sorted. */
export const normalizeTags = (tags: readonly string[]): string[] =>
  [...new Set(tags.map((t) => t.trim().toLowerCase()))].sort();

export const tagsField = z
  .array(tagField, "tags must be an array of strings")
  .max(tagLimits.perMonitor, `a monitor may have at most ${tagLimits.perMonitor} tags`)
  .transform(normalizeTags);
