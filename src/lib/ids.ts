import { v7 } from "uuid";

/** UUIDv7: unique without coordination and ordered by creation time, so ids double as keyset cursors. */
export const newId = (): string => v7();
