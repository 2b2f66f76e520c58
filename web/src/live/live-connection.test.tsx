import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectLive, type LiveEvent, type LiveMode } from "./live-connection";

/** An EventSource the test drives: open, fail (as a refused stream), or deliver a named event. */
class FakeSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = FakeSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  open() {
    this.readyState = FakeSource.OPEN;
    this.onopen?.();
  }
  refuse() {
    this.readyState = FakeSource.CLOSED;
    this.onerror?.();
  }
  drop() {
    this.readyState = FakeSource.CONNECTING;
    this.onerror?.();
  }
  send(type: string, data: string) {
    this.dispatchEvent(new MessageEvent(type, { data }));
  }
  close() {
    this.closed = true;
    this.readyState = FakeSource.CLOSED;
  }
}

let sources: FakeSource[];
let events: LiveEvent[];
let modes: LiveMode[];

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal("EventSource", FakeSource);
  sources = [];
  events = [];
  modes = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const connect = () =>
  connectLive({
    pollMs: 10_000,
    onEvent: (e) => events.push(e),
    onMode: (m) => modes.push(m),
    createSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source as unknown as EventSource;
    },
  });

describe("connectLive", () => {
  it("passes on the named events with their JSON data and skips malformed ones", () => {
    connect();
    const source = sources[0] as FakeSource;
    expect(source.url).toBe("/api/events");
    source.open();
    source.send(
      "monitor",
      JSON.stringify({ monitorId: "m1", status: "down", lastCheckedAt: null, paused: false, results: [] }),
    );
    source.send("monitor-changed", JSON.stringify({ monitorId: "m2", change: "deleted" }));
    source.send("incident", "{not json");
    expect(events).toEqual([
      {
        type: "monitor",
        data: { monitorId: "m1", status: "down", lastCheckedAt: null, paused: false, results: [] },
      },
      { type: "monitor-changed", data: { monitorId: "m2", change: "deleted" } },
    ]);
    expect(modes).toEqual(["connecting", "live"]);
  });

  it("polls while the server refuses the stream, and goes live again when it accepts", () => {
    const live = connect();
    (sources[0] as FakeSource).refuse();
    expect(modes.at(-1)).toBe("polling");
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual([{ type: "resync" }]);
    // The retry after 5 s opened a new stream; it is accepted this time.
    expect(sources).toHaveLength(2);
    (sources[1] as FakeSource).open();
    expect(modes.at(-1)).toBe("live");
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual([{ type: "resync" }]); // no more polling
    live.close();
    expect((sources[1] as FakeSource).closed).toBe(true);
  });

  it("asks for a resync after a dropped connection comes back", () => {
    connect();
    const source = sources[0] as FakeSource;
    source.open();
    source.drop();
    expect(modes.at(-1)).toBe("connecting");
    source.open(); // the browser's own reconnection
    expect(events).toEqual([{ type: "resync" }]);
    expect(modes.at(-1)).toBe("live");
  });

  it("backs off between retries of a refused stream", () => {
    connect();
    (sources[0] as FakeSource).refuse();
    vi.advanceTimersByTime(5_000);
    (sources[1] as FakeSource).refuse();
    vi.advanceTimersByTime(9_999);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);
  });
});
