/**
 * Monitor tags as the API takes them (src/monitors/tags.ts): letters, digits and _ . : / -, at most 50 characters,
 * at most 20 a monitor, compared lower-cased. The API is the judge; these rules only let the form say so early.
 */
export const tagLimits = { maxLength: 50, perMonitor: 20 } as const;

const tagPattern = /^[A-Za-z0-9_.:/-]+$/;

/** Comma-separated text as the API stores it: trimmed, lower-cased, without blanks or repeats, sorted. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(",")
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)].sort();
}

export const formatTags = (tags: readonly string[]): string => tags.join(", ");

/** What the API would refuse in these tags, in words; undefined when they are fine. */
export function tagProblem(tags: readonly string[]): string | undefined {
  const quoted = (list: string[]) => list.map((tag) => `"${tag}"`).join(", ");
  const invalid = tags.filter((tag) => !tagPattern.test(tag));
  if (invalid.length > 0) return `Tags may hold only letters, digits and _ . : / - (not ${quoted(invalid)})`;
  const long = tags.filter((tag) => tag.length > tagLimits.maxLength);
  if (long.length > 0) return `Tags must be at most ${tagLimits.maxLength} characters (not ${quoted(long)})`;
  if (tags.length > tagLimits.perMonitor) return `A monitor may have at most ${tagLimits.perMonitor} tags`;
  return undefined;
}

const tagWordPrefix = "tag:";

/**
 * A filter text split into `tag:name` words (the tags a row must carry, lower-cased) and the other words. A bare
 * `tag:` (still being typed) filters nothing.
 */
export function splitTagWords(words: readonly string[]): { tags: string[]; terms: string[] } {
  const tags: string[] = [];
  const terms: string[] = [];
  for (const word of words) {
    if (!word.startsWith(tagWordPrefix)) terms.push(word);
    else if (word.length > tagWordPrefix.length) tags.push(word.slice(tagWordPrefix.length).toLowerCase());
  }
  return { tags, terms };
}
