import { z } from "zod";

/** C0 controls and DEL; with `lineBreaks`, tab, LF and CR are allowed. */
function hasControlChars(value: string, lineBreaks: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (lineBreaks && (code === 0x9 || code === 0xa || code === 0xd)) continue;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Text a page's visitors read: trimmed, not empty, and free of control characters (which no page shows and XML 1.0
 * cannot carry); `multiline` allows line breaks and tabs.
 */
export const plainText = (name: string, max: number, { multiline = false } = {}) =>
  z
    .string(`${name} must be a string`)
    .trim()
    .min(1, `${name} must not be empty`)
    .max(max, `${name} must be at most ${max} characters`)
    .refine(
      (v) => !hasControlChars(v, multiline),
      `${name} must not contain control characters${multiline ? "" : " or line breaks"}`,
    );
