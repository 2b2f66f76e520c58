import { timestamp } from "drizzle-orm/pg-core";

// Millisecond precision: JavaScript dates carry milliseconds, so keyset cursors built from them round-trip exactly.
export const timestampMs = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: "date" });
