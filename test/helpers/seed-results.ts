import type { DatabaseHandle } from "../../src/db/client.js";
import { insertResults, type NewResult } from "../../src/results/result-repository.js";

/** A result `agoMs` before now, through the same repository function the ingester will use. */
export function result(monitorId: string, agoMs: number, overrides: Partial<NewResult> = {}): NewResult {
  const at = new Date(Date.now() - agoMs);
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
