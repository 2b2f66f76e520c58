import { describe, expect, it } from "vitest";
import { firstSlotFrom, nextSlotAfter, phaseMs, planCheck, slotAtOrBefore } from "./slots.js";

const minute = 60_000;

describe("slots", () => {
  it("gives a stable phase inside the interval", () => {
    const id = "01a20877-e231-760f-8a44-2cb101215655";
    expect(phaseMs(id, 3 * minute)).toBe(phaseMs(id, 3 * minute));
    expect(phaseMs(id, 3 * minute)).toBeGreaterThanOrEqual(0);
    expect(phaseMs(id, 3 * minute)).toBeLessThan(3 * minute);
  });

  it("spreads many monitors evenly over the interval", () => {
    const interval = 3 * minute;
    const buckets = new Array(18).fill(0);
    for (let i = 0; i < 18_000; i++) {
      const id = `0190${i.toString(16).padStart(4, "0")}-0000-7000-8000-${(i * 7919).toString(16).padStart(12, "0")}`;
      buckets[Math.floor(phaseMs(id, interval) / (interval / 18))]++;
    }
    // 1,000 per 10-second bucket on average: no bucket should be far off, i.e. no burst.
    expect(Math.min(...buckets)).toBeGreaterThan(800);
    expect(Math.max(...buckets)).toBeLessThan(1200);
  });

  it("finds the slots around a time", () => {
    expect(nextSlotAfter(1000, 100, 300)).toBe(1300);
    expect(nextSlotAfter(1300, 100, 300)).toBe(1600);
    expect(slotAtOrBefore(1300, 100, 300)).toBe(1300);
    expect(slotAtOrBefore(1299, 100, 300)).toBe(1000);
  });

  it("keeps a grid check on the grid", () => {
    const id = "a";
    const interval = minute;
    const phase = phaseMs(id, interval);
    const slot = 100 * interval + phase;
    const plan = planCheck(id, interval, slot, slot + 200);
    expect(plan).toEqual({ scheduledAt: slot, deadlineAt: slot + interval, nextDueAt: slot + interval });
  });

  it("follows an immediate check with the first grid slot half an interval later", () => {
    const id = "b";
    const interval = minute;
    const now = 1_000_000_123;
    const plan = planCheck(id, interval, now, now);
    expect(plan.scheduledAt).toBe(now);
    expect(plan.nextDueAt - now).toBeGreaterThan(interval / 2);
    expect(plan.nextDueAt - now).toBeLessThanOrEqual(1.5 * interval);
    expect((plan.nextDueAt - phaseMs(id, interval)) % interval).toBe(0);
  });

  it("publishes a stale due time once, as the current slot, after the scheduler was down", () => {
    const id = "c";
    const interval = minute;
    const phase = phaseMs(id, interval);
    const due = 10 * interval + phase;
    const now = due + 5 * interval + 1234;
    const plan = planCheck(id, interval, due, now);
    expect(plan.scheduledAt).toBe(15 * interval + phase);
    expect(plan.deadlineAt).toBeGreaterThan(now);
    expect(plan.nextDueAt).toBe(16 * interval + phase);
  });
});

describe("firstSlotFrom", () => {
  it("is the monitor's first grid slot at or after now, within one interval", () => {
    const id = "01a20877-e231-760f-8a44-2cb101215655";
    const interval = minute;
    const phase = phaseMs(id, interval);
    for (const now of [0, 1_700_000_000_123, 1_700_000_000_000 + phase]) {
      const at = firstSlotFrom(id, interval, now);
      expect(at).toBeGreaterThanOrEqual(now);
      expect(at).toBeLessThan(now + interval);
      expect((at - phase) % interval).toBe(0);
    }
    // A slot that falls exactly on now is taken, not skipped.
    expect(firstSlotFrom(id, interval, 1_700_000_040_000 + phase)).toBe(1_700_000_040_000 + phase);
  });
});
