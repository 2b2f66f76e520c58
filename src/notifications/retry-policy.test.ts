import { describe, expect, it } from "vitest";
import { backoffMs, nextAttemptAt, retryPolicy } from "./retry-policy.js";

const middle = () => 0.5;

describe("retry policy", () => {
  it("doubles from 10 s and stops growing at 1 h", () => {
    expect([1, 2, 3, 4, 9, 10, 30].map((n) => backoffMs(n, middle))).toEqual([
      10_000, 20_000, 40_000, 80_000, 2_560_000, 3_600_000, 3_600_000,
    ]);
  });

  it("jitters each delay by at most 20% either way", () => {
    expect(backoffMs(1, () => 0)).toBe(8_000);
    expect(backoffMs(1, () => 0.999_999)).toBeCloseTo(12_000, -1);
    expect(backoffMs(12, () => 0)).toBe(0.8 * retryPolicy.maxRetryMs);
  });

  it("retries while the next try falls within 24 h of enqueueing, then gives up", () => {
    const createdAt = 0;
    expect(nextAttemptAt(60_000, 1, createdAt, middle)).toBe(70_000);
    const lateFailure = retryPolicy.horizonMs - 30 * 60_000;
    expect(nextAttemptAt(lateFailure, 20, createdAt, middle)).toBeNull();
    expect(nextAttemptAt(lateFailure, 2, createdAt, middle)).toBe(lateFailure + 20_000);
  });
});
