import { describe, expect, it } from "vitest";
import { decide, type MachineSettings, type RecentResult, retryPlan } from "./incident-decision.js";

const settings: MachineSettings = {
  regions: ["a", "b", "c"],
  confirmations: 2,
  quorum: 2,
  recoveries: 2,
  retryIntervalSeconds: 10,
};

let nextId = 1;
/** Results of one region, given oldest first as "d" (down), "u" (up) or "g" (degraded); returned newest first. */
function history(region: string, marks: string, startMs = 0): RecentResult[] {
  return [...marks]
    .map((mark, i) => ({
      id: nextId++,
      region,
      status: mark === "d" ? ("down" as const) : mark === "g" ? ("degraded" as const) : ("up" as const),
      scheduledAt: startMs + i * 60_000,
      statusCode: mark === "d" ? 500 : 200,
      error: mark === "d" ? `fail ${region}${i}` : null,
      failedAssertion: null,
    }))
    .reverse();
}

const regions = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([r, marks]) => [r, history(r, marks)]));

describe("decide", () => {
  it("opens when quorum regions have confirmations failures in a row", () => {
    expect(decide(settings, regions({ a: "udd", b: "ud", c: "uu" }), null, false).kind).toBe("none");
    const opened = decide(settings, regions({ a: "udd", b: "dd", c: "uu" }), null, false);
    expect(opened).toMatchObject({ kind: "open", cause: { regions: ["a", "b"], statusCode: 500 } });
  });

  it("caps the quorum at the monitor's region count", () => {
    const single = { ...settings, regions: ["a"], quorum: 3 };
    expect(decide(single, regions({ a: "dd" }), null, false).kind).toBe("open");
  });

  it("names the newest confirming result as the one that opened it, and the oldest failure as the first", () => {
    const byRegion = new Map([
      ["a", history("a", "ddd", 0)],
      ["b", history("b", "dd", 30_000)],
    ]);
    const opened = decide({ ...settings, regions: ["a", "b"] }, byRegion, null, false);
    if (opened.kind !== "open") throw new Error("expected an incident");
    expect(opened.openedByResultId).toBe(byRegion.get("a")?.[0]?.id);
    expect(opened.firstFailureAt).toBe(0);
    expect(opened.firstFailure.region).toBe("a");
  });

  it("opens nothing in maintenance", () => {
    expect(decide(settings, regions({ a: "dd", b: "dd" }), null, true).kind).toBe("none");
  });

  it("resolves only when every confirming region passed `recoveries` times and no region is failing", () => {
    const open = {
      id: "i",
      firstFailureAt: 0,
      cause: { regions: ["a", "b"], statusCode: 500, error: null, failedAssertion: null },
    };
    expect(decide(settings, regions({ a: "ddu", b: "ddg" }), open, false).kind).toBe("none");
    expect(decide(settings, regions({ a: "dduu", b: "ddgu", c: "ud" }), open, false).kind).toBe("none");
    expect(decide(settings, regions({ a: "dduu", b: "ddgu", c: "uu" }), open, false).kind).toBe("resolve");
  });
});

describe("retryPlan", () => {
  it("re-checks only the regions whose newest result failed, one retry interval after the newest failure", () => {
    const byRegion = new Map([
      ["a", history("a", "ud", 0)],
      ["b", history("b", "du", 0)],
      ["c", history("c", "d", 90_000)],
    ]);
    expect(retryPlan(settings, byRegion)).toEqual({ regions: ["a", "c"], at: 100_000 });
    expect(retryPlan(settings, regions({ a: "u", b: "g" }))).toBeNull();
  });
});
