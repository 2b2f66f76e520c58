export type StatusRange = readonly [low: number, high: number];

/**
 * Parses "200-299,301" into ranges. Codes are 100..599, a range is low-high with low <= high.
 * Returns a message instead of throwing so zod can report it as a field error.
 */
export function parseExpectedStatus(value: string): StatusRange[] | string {
  const parts = value.split(",").map((p) => p.trim());
  if (parts.length > 20) return "expectedStatus may list at most 20 codes or ranges";
  const ranges: StatusRange[] = [];
  for (const part of parts) {
    const match = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(part);
    if (!match?.[1]) return `expectedStatus: "${part}" is not a status code or a range like 200-299`;
    const low = Number(match[1]);
    const high = match[2] ? Number(match[2]) : low;
    if (low < 100 || high > 599) return `expectedStatus: "${part}" is outside 100-599`;
    if (low > high) return `expectedStatus: "${part}" has its bounds reversed`;
    ranges.push([low, high]);
  }
  return ranges;
}

/** The canonical text stored and returned: no spaces, single codes as "301", ranges as "200-299". */
export function formatExpectedStatus(ranges: StatusRange[]): string {
  return ranges.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(",");
}
