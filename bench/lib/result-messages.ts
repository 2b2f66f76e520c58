import type { CheckResultMessage } from "../../src/queue/messages.js";

export const benchRegion = "bench";

/**
 * `count` results spread over the monitors the way the pipeline produces them: slot after slot, every monitor once
 * per slot (30 s apart), so each batch touches many monitors like real traffic does. About 2% are failures.
 */
export function buildResultMessages(
  monitorIds: string[],
  count: number,
  startAt: number,
): CheckResultMessage[] {
  const messages: CheckResultMessage[] = [];
  for (let i = 0; i < count; i++) {
    const monitorId = monitorIds[i % monitorIds.length];
    if (monitorId === undefined) throw new Error("no monitors to build results for");
    const slot = Math.floor(i / monitorIds.length);
    const scheduledAt = startAt + slot * 30_000 + (i % 1_000) * 30;
    const down = i % 50 === 0;
    const totalMs = 20 + (i % 80);
    messages.push({
      monitorId,
      region: benchRegion,
      scheduledAt,
      checkedAt: scheduledAt + 5 + (i % 40),
      status: down ? "down" : "up",
      statusCode: down ? 503 : 200,
      responseTimeMs: totalMs,
      error: down ? "HTTP 503 (expected 200-299)" : null,
      timings: { dnsMs: 1.2, connectMs: 2.5, tlsMs: 8.1, firstByteMs: totalMs - 3, downloadMs: 1, totalMs },
      finalUrl: null,
      remoteAddress: "203.0.113.7",
      certificate: null,
      failedAssertion: null,
      workerId: "bench-worker",
    });
  }
  return messages;
}

/** The ingester's own mapping (message → row), to feed insertResults without Redis. */
export { toNewResult } from "../../src/ingest/ingester.js";

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
