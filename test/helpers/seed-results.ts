import type { DatabaseHandle } from "../../src/db/client.js";
import { insertResults, type NewResult } from "../../src/results/result-repository.js";

/** A result `agoMs` before now, through the same repository function the ingester will use. */
export function result(monitorId: string, agoMs: number, overrides: Partial<NewResult> = {}): NewResult {
  return resultAt(monitorId, new Date(Date.now() - agoMs), overrides);
}

/** A result scheduled and checked at `at`. */
export function resultAt(monitorId: string, at: Date, overrides: Partial<NewResult> = {}): NewResult {
  return {
    monitorId,
    region: "eu-west",
    scheduledAt: at,
    checkedAt: at,
    status: "up",
    statusCode: 200,
    responseTimeMs: 100,
    error: null,
    ...overrides,
  };
}

export async function seed(handle: DatabaseHandle, results: NewResult[]): Promise<void> {
  await insertResults(handle.db, results);
}
