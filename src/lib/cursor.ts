import { z } from "zod";

/** Epoch ms in a cursor: bounded to what a Date can hold, so a forged cursor is a 400, never a RangeError. */
export const timeCursorField = z.number().int().min(0).max(8.64e15);

import { ValidationError } from "../http/errors.js";

/** Opaque keyset cursors: base64url JSON, validated on the way back in so a forged one is a 400, not a 500. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new ValidationError("Invalid cursor: pass back the nextCursor of a previous page");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError("Invalid cursor: pass back the nextCursor of a previous page");
  return parsed.data;
}

/** Rows were fetched with limit + 1: the extra row only says that another page exists. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => unknown,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}
