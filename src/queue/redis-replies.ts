/**
 * Typed parsers for the stream replies ioredis hands back as loosely typed nested arrays (RESP2). Each parser
 * checks the shape it relies on and throws UnexpectedReplyError otherwise, so a protocol surprise fails loudly
 * at the boundary instead of surfacing later as `undefined` deep inside a worker.
 */

export class UnexpectedReplyError extends Error {
  constructor(what: string, value: unknown) {
    super(`unexpected Redis reply for ${what}: ${JSON.stringify(value)?.slice(0, 200)}`);
    this.name = "UnexpectedReplyError";
  }
}

/** A stream entry as Redis returns it; fields are null when the entry was deleted or trimmed (Redis 6.2). */
export type RawEntry = { id: string; fields: Record<string, string> | null };

export type RawGroupInfo = { name: string; pending: number; lastDeliveredId: string; lag: number | null };

export type RawConsumerInfo = { name: string; pending: number; idleMs: number };

export function asString(value: unknown, what: string): string {
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString();
  throw new UnexpectedReplyError(what, value);
}

export function asArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new UnexpectedReplyError(what, value);
}

export function asInteger(value: unknown, what: string): number {
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number === "number" && Number.isInteger(number)) return number;
  throw new UnexpectedReplyError(what, value);
}

/** `[field, value, field, value, ...]` as a record. */
export function parseFields(value: unknown): Record<string, string> {
  const flat = asArray(value, "entry fields");
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    fields[asString(flat[i], "field name")] = asString(flat[i + 1], "field value");
  }
  return fields;
}

/** `[[id, [field, value, ...] | null], ...]`. */
export function parseEntries(value: unknown): RawEntry[] {
  return asArray(value, "entries").map((item) => {
    const [id, fields] = asArray(item, "entry");
    return { id: asString(id, "entry id"), fields: fields === null ? null : parseFields(fields) };
  });
}

/** XREADGROUP with one stream: null on timeout, else `[[stream, entries]]`. */
export function parseReadGroupReply(value: unknown): RawEntry[] {
  if (value === null) return [];
  const [first] = asArray(value, "XREADGROUP");
  if (first === undefined) return [];
  const [, entries] = asArray(first, "XREADGROUP stream");
  return parseEntries(entries);
}

/** XAUTOCLAIM on Redis 7: `[cursor, entries, deletedIds]`; Redis 6.2 has no third element. */
export function parseAutoClaimReply(value: unknown): {
  cursor: string;
  entries: RawEntry[];
  deletedIds: string[];
} {
  const [cursor, entries, deleted] = asArray(value, "XAUTOCLAIM");
  return {
    cursor: asString(cursor, "XAUTOCLAIM cursor"),
    entries: parseEntries(entries),
    deletedIds:
      deleted === undefined ? [] : asArray(deleted, "XAUTOCLAIM deleted").map((id) => asString(id, "id")),
  };
}

/** XPENDING key group start end count: `[[id, consumer, idleMs, deliveries], ...]`; the delivery count of `id`. */
export function parsePendingDeliveries(value: unknown, id: string): number | undefined {
  for (const item of asArray(value, "XPENDING")) {
    const [entryId, , , deliveries] = asArray(item, "XPENDING entry");
    if (asString(entryId, "XPENDING id") === id) return asInteger(deliveries, "XPENDING deliveries");
  }
  return undefined;
}

/** XINFO replies are lists of flat `[key, value, ...]` records. */
function parseRecords(value: unknown, what: string): Map<string, unknown>[] {
  return asArray(value, what).map((item) => {
    const flat = asArray(item, what);
    const record = new Map<string, unknown>();
    for (let i = 0; i + 1 < flat.length; i += 2) record.set(asString(flat[i], `${what} key`), flat[i + 1]);
    return record;
  });
}

/** XINFO GROUPS; `lag` is null when Redis cannot tell it (or is older than 7.0). */
export function parseGroupsInfo(value: unknown): RawGroupInfo[] {
  return parseRecords(value, "XINFO GROUPS").map((record) => {
    const lag = record.get("lag");
    return {
      name: asString(record.get("name"), "group name"),
      pending: asInteger(record.get("pending"), "group pending"),
      lastDeliveredId: asString(record.get("last-delivered-id"), "group last-delivered-id"),
      lag: lag === null || lag === undefined ? null : asInteger(lag, "group lag"),
    };
  });
}

/** XINFO CONSUMERS. */
export function parseConsumersInfo(value: unknown): RawConsumerInfo[] {
  return parseRecords(value, "XINFO CONSUMERS").map((record) => ({
    name: asString(record.get("name"), "consumer name"),
    pending: asInteger(record.get("pending"), "consumer pending"),
    idleMs: asInteger(record.get("idle"), "consumer idle"),
  }));
}

/** Redis error replies start with an upper-case code: "NOGROUP ...", "BUSYGROUP ...", "ERR no such key". */
export function isReplyError(err: unknown, code: string): boolean {
  return err instanceof Error && err.message.startsWith(code);
}

/** Flattens a message for XADD: `{a: "1"}` → `["a", "1"]`. */
export function flattenFields(fields: Record<string, string>): string[] {
  return Object.entries(fields).flat();
}

/** What a pipeline or MULTI's exec() returned, throwing the first per-command error (or an aborted MULTI). */
export function commandResults(results: [Error | null, unknown][] | null, what: string): unknown[] {
  if (results === null) throw new Error(`${what}: transaction aborted`);
  return results.map(([err, result]) => {
    if (err) throw err;
    return result;
  });
}

/** A heartbeat value (a JSON object) as string fields; undefined for anything setHeartbeat did not write. */
export function parseHeartbeat(json: string | null): Record<string, string> | undefined {
  if (json === null) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, String(field)]));
  } catch {
    // Not JSON: skipped rather than failing the whole listing.
    return undefined;
  }
}
