/**
 * A small JSON path reader for assertions: `data.items[0].status`, `$.data.items[0].status`, `$["weird key"].x`,
 * `a.b.0`. No wildcards, filters or negative indexes: an assertion names one value.
 */
export type JsonPathResult = { found: true; value: unknown } | { found: false };

type Segment = { kind: "key"; key: string } | { kind: "index"; index: number };

/**
 * The value at `path` in `document`. Missing keys, out-of-range indexes, stepping into a primitive and unparsable
 * paths all read as not found, so a bad path shows up as a failing assertion rather than a crash.
 */
export function readJsonPath(document: unknown, path: string): JsonPathResult {
  const segments = parseJsonPath(path);
  if (segments === null) return { found: false };
  let current: unknown = document;
  for (const segment of segments) {
    const next = step(current, segment);
    if (!next.found) return next;
    current = next.value;
  }
  return { found: true, value: current };
}

function step(current: unknown, segment: Segment): JsonPathResult {
  if (Array.isArray(current)) {
    const index = segment.kind === "index" ? segment.index : arrayIndex(segment.key);
    if (index === null || index >= current.length) return { found: false };
    return { found: true, value: current[index] };
  }
  if (typeof current === "object" && current !== null) {
    const key = segment.kind === "key" ? segment.key : String(segment.index);
    // Own properties only: `constructor` or `__proto__` must not resolve to something the body never had.
    if (!Object.hasOwn(current, key)) return { found: false };
    return { found: true, value: (current as Record<string, unknown>)[key] };
  }
  return { found: false };
}

/** `a.b.0` addresses an array element with a dotted segment; only plain non-negative integers qualify. */
function arrayIndex(key: string): number | null {
  return /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : null;
}

/** The segments of `path`, or null when it does not parse. `$` alone is the whole document. */
function parseJsonPath(path: string): Segment[] | null {
  if (path === "") return null;
  const segments: Segment[] = [];
  let i = 0;
  if (path.startsWith("$")) {
    i = 1;
    if (path.length === 1) return segments;
    if (path[i] !== "." && path[i] !== "[") return null;
  }
  // A bare name may open the path; after that, names need a leading dot.
  let expectName = i === 0;
  while (i < path.length) {
    const char = path[i];
    if (char === "[") {
      const bracket = parseBracket(path, i);
      if (bracket === null) return null;
      segments.push(bracket.segment);
      i = bracket.end;
      expectName = false;
      continue;
    }
    if (char === ".") {
      if (expectName) return null;
      i += 1;
    } else if (!expectName) {
      return null;
    }
    let end = i;
    while (end < path.length && path[end] !== "." && path[end] !== "[") end += 1;
    if (end === i) return null;
    segments.push({ kind: "key", key: path.slice(i, end) });
    i = end;
    expectName = false;
  }
  return segments;
}

/** Parses `[12]`, `["key"]` or `['key']` starting at `start`; returns the segment and the index after `]`. */
function parseBracket(path: string, start: number): { segment: Segment; end: number } | null {
  const close = path.indexOf("]", start);
  const quote = path[start + 1];
  if (quote === '"' || quote === "'") {
    let key = "";
    let i = start + 2;
    while (i < path.length && path[i] !== quote) {
      // A backslash lets a quoted key hold its own quote character or a backslash.
      if (path[i] === "\\" && i + 1 < path.length) i += 1;
      key += path.charAt(i);
      i += 1;
    }
    if (i >= path.length || path[i + 1] !== "]") return null;
    return { segment: { kind: "key", key }, end: i + 2 };
  }
  if (close === -1) return null;
  const index = arrayIndex(path.slice(start + 1, close).trim());
  if (index === null) return null;
  return { segment: { kind: "index", index }, end: close + 1 };
}
