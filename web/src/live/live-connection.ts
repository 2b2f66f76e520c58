import type { CheckStatus, IncidentState, MonitorStatus } from "../api/types";

/**
 * Live updates from `GET /api/events` (Server-Sent Events, session cookie). The browser's EventSource reconnects by
 * itself after a dropped connection; when the server refuses the stream (an error status, or no such route on an
 * older server) the connection falls back to polling: a `resync` every `pollMs`, while it retries the stream with
 * backoff. Every (re)connection also sends `resync`, since events may have been missed in between.
 */

export type MonitorEvent = {
  monitorId: string;
  status: MonitorStatus;
  lastCheckedAt: string | null;
  paused: boolean;
  results: { region: string; status: CheckStatus; responseTimeMs: number | null; scheduledAt: string }[];
};
export type IncidentEvent = { id: string; monitorId: string; state: IncidentState };
export type MonitorChange = "created" | "updated" | "deleted" | "paused" | "resumed";
export type MonitorChangedEvent = { monitorId: string; change: MonitorChange };

export type LiveEvent =
  | { type: "monitor"; data: MonitorEvent }
  | { type: "incident"; data: IncidentEvent }
  | { type: "monitor-changed"; data: MonitorChangedEvent }
  /** Refetch what is on screen: after a reconnection, or a poll tick while the stream is unavailable. */
  | { type: "resync" };

/** live: the stream is open; connecting: opening or reconnecting; polling: no stream, refetching periodically. */
export type LiveMode = "connecting" | "live" | "polling";

export type LiveOptions = {
  url?: string;
  pollMs?: number;
  maxBackoffMs?: number;
  onEvent: (event: LiveEvent) => void;
  onMode?: (mode: LiveMode) => void;
  createSource?: (url: string) => EventSource;
};

const namedEvents = ["monitor", "incident", "monitor-changed"] as const;

export function connectLive({
  url = "/api/events",
  pollMs = 10_000,
  maxBackoffMs = 60_000,
  onEvent,
  onMode,
  createSource = (u) => new EventSource(u, { withCredentials: true }),
}: LiveOptions): { close(): void } {
  let source: EventSource | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let backoffMs = 5_000;
  let everOpened = false;
  let closed = false;
  let mode: LiveMode | undefined;

  const setMode = (next: LiveMode) => {
    if (next === mode) return;
    mode = next;
    onMode?.(next);
  };
  const stopPolling = () => {
    if (pollTimer !== undefined) clearInterval(pollTimer);
    pollTimer = undefined;
  };
  const startPolling = () => {
    setMode("polling");
    if (pollTimer === undefined) pollTimer = setInterval(() => onEvent({ type: "resync" }), pollMs);
  };

  const open = () => {
    if (closed) return;
    if (mode !== "polling") setMode("connecting");
    const es = createSource(url);
    source = es;
    es.onopen = () => {
      backoffMs = 5_000;
      stopPolling();
      setMode("live");
      if (everOpened) onEvent({ type: "resync" });
      everOpened = true;
    };
    es.onerror = () => {
      if (closed || source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        // Refused (an error status or not an event stream): poll meanwhile and try the stream again later.
        es.close();
        startPolling();
        retryTimer = setTimeout(open, backoffMs);
        backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
      } else if (mode === "live") {
        setMode("connecting");
      }
    };
    for (const name of namedEvents) {
      es.addEventListener(name, (message) => {
        try {
          const data: unknown = JSON.parse((message as MessageEvent<string>).data);
          onEvent({ type: name, data } as LiveEvent);
        } catch {
          // A malformed event is skipped; the next resync brings the state back in line.
        }
      });
    }
  };

  open();
  return {
    close() {
      closed = true;
      stopPolling();
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      source?.close();
    },
  };
}
