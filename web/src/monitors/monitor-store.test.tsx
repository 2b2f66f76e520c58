import { afterEach, describe, expect, it, vi } from "vitest";
import type { MonitorListItem } from "../api/types";
import type { LiveEvent } from "../live/live-connection";
import { createMonitorStore } from "./monitor-store";

const monitor = (id: string, status: MonitorListItem["status"] = "up") =>
  ({
    id,
    name: id,
    status,
    paused: false,
    lastCheckedAt: null,
    regions: ["eu"],
    uptime24h: 1,
  }) as MonitorListItem;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function stubApi(pages: MonitorListItem[][], single: Record<string, unknown> = {}) {
  vi.stubGlobal("fetch", async (input: string) => {
    const url = new URL(input, "http://vigil.test");
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    if (url.pathname === "/api/monitor") {
      const index = Number(url.searchParams.get("cursor") ?? 0);
      return json({
        items: pages[index] ?? [],
        nextCursor: index + 1 < pages.length ? String(index + 1) : null,
      });
    }
    const id = url.pathname.split("/").at(-1) ?? "";
    return single[id] ? json(single[id]) : json({ error: { code: "not_found", message: "no" } }, 404);
  });
}

describe("the monitor store", () => {
  it("applies live results in place, batched, and keeps the list's 24-hour figures", async () => {
    stubApi([[monitor("a"), monitor("b")]]);
    const store = createMonitorStore({ flushMs: 50 });
    await store.load();
    const renders = vi.fn();
    store.subscribe(renders);
    vi.useFakeTimers();
    const event = (status: "up" | "down"): LiveEvent => ({
      type: "monitor",
      data: {
        monitorId: "a",
        status,
        lastCheckedAt: "2026-01-01T00:00:00Z",
        paused: false,
        results: [{ region: "eu", status, responseTimeMs: 42, scheduledAt: "2026-01-01T00:00:00Z" }],
      },
    });
    store.handleLive(event("down"));
    store.handleLive(event("up"));
    store.handleLive(event("down"));
    expect(renders).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(renders).toHaveBeenCalledOnce();
    expect(store.get("a")).toMatchObject({
      status: "down",
      uptime24h: 1,
      regionStatus: { eu: { status: "down", responseTimeMs: 42 } },
    });
    expect(store.get("b")?.status).toBe("up");
  });

  it("adds a monitor created elsewhere and drops a deleted one", async () => {
    stubApi([[monitor("a")], [monitor("b")]], { c: monitor("c", "pending") });
    const store = createMonitorStore();
    await store.load();
    expect(store.getSnapshot().items.map((m) => m.id)).toEqual(["a", "b"]);
    store.handleLive({ type: "monitor-changed", data: { monitorId: "c", change: "created" } });
    await vi.waitFor(() => expect(store.get("c")?.status).toBe("pending"));
    expect(store.get("c")?.sparkline24h).toEqual([]);
    store.handleLive({ type: "monitor-changed", data: { monitorId: "a", change: "deleted" } });
    expect(store.getSnapshot().items.map((m) => m.id)).toEqual(["b", "c"]);
  });
});
