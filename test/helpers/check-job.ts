import type { CheckJob } from "../../src/queue/messages.js";

/** A complete check job with the defaults a monitor has, for tests that run checks directly. */
export function checkJob(url: string, overrides: Partial<CheckJob> = {}): CheckJob {
  const now = Date.now();
  return {
    monitorId: "mon_test",
    region: "local",
    type: "http",
    url,
    method: "GET",
    headers: {},
    body: null,
    timeoutMs: 5_000,
    expectedStatus: "200-399",
    auth: null,
    followRedirects: true,
    maxRedirects: 5,
    ignoreTlsErrors: false,
    userAgent: null,
    assertions: [],
    scheduledAt: now,
    deadlineAt: now + 60_000,
    ...overrides,
  };
}
