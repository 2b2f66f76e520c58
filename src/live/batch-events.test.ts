import { describe, expect, it } from "vitest";
import type { MachineOutcome } from "../incidents/incident-machine.js";
import type { NewResult } from "../results/result-repository.js";
import { batchEvents } from "./batch-events.js";

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute));
const result = (monitorId: string, region: string, minute: number, status: NewResult["status"] = "up") => ({
  monitorId,
  region,
  scheduledAt: at(minute),
  checkedAt: at(minute),
  status,
  statusCode: 200,
  responseTimeMs: minute,
  error: null,
});
const monitor = (id: string, userId: string) => ({
  id,
  userId,
  status: "up" as const,
  paused: false,
  lastCheckedAt: at(9).getTime(),
});

describe("batchEvents", () => {
  it("coalesces a batch into one monitor event per monitor, with the newest result per region", () => {
    const outcome: MachineOutcome = { monitors: [monitor("m1", "u1"), monitor("m2", "u2")], incidents: [] };
    const events = batchEvents(
      [
        result("m1", "us-east", 5),
        result("m1", "eu-west", 7, "down"),
        result("m1", "eu-west", 3),
        result("m2", "eu-west", 1),
        result("m1", "us-east", 4),
      ],
      outcome,
    );
    expect(events.map((e) => [e.type, e.userId, e.data.monitorId])).toEqual([
      ["monitor", "u1", "m1"],
      ["monitor", "u2", "m2"],
    ]);
    expect(events[0]?.data).toEqual({
      monitorId: "m1",
      status: "up",
      paused: false,
      lastCheckedAt: at(9).toISOString(),
      results: [
        { region: "eu-west", status: "down", responseTimeMs: 7, scheduledAt: at(7).toISOString() },
        { region: "us-east", status: "up", responseTimeMs: 5, scheduledAt: at(5).toISOString() },
      ],
    });
  });

  it("says nothing of monitors the machine did not evaluate (deleted meanwhile), and adds incident transitions", () => {
    const outcome: MachineOutcome = {
      monitors: [{ ...monitor("m1", "u1"), lastCheckedAt: null }],
      incidents: [{ id: "i1", monitorId: "m1", userId: "u1", state: "open" }],
    };
    const events = batchEvents([result("m1", "eu-west", 1), result("gone", "eu-west", 1)], outcome);
    expect(events).toEqual([
      expect.objectContaining({ type: "monitor", data: expect.objectContaining({ lastCheckedAt: null }) }),
      { userId: "u1", type: "incident", data: { id: "i1", monitorId: "m1", state: "open" } },
    ]);
  });
});
