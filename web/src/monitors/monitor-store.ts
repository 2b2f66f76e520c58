import { fetchAllPages, get } from "../api/client";
import type { CheckStatus, Monitor, MonitorListItem, MonitorStatus } from "../api/types";
import type { LiveEvent, MonitorEvent } from "../live/live-connection";

/** A list row: the API's item plus what live events told us since (each region's latest result). */
export type ListedMonitor = MonitorListItem & {
  regionStatus?: Record<string, { status: CheckStatus; responseTimeMs: number | null }>;
};

export type MonitorListState = {
  items: ListedMonitor[];
  /** Until the first page arrives. */
  loading: boolean;
  /** Every page is in. */
  complete: boolean;
  error: unknown;
};

/** A monitor from GET /api/monitor/:id as a list row, keeping the list's 24-hour figures if we had them. */
export function asListed(monitor: Monitor, previous?: ListedMonitor): ListedMonitor {
  return {
    uptime24h: null,
    p95ResponseTimeMs24h: null,
    sparkline24h: [],
    ...previous,
    ...monitor,
  };
}

/**
 * The status to show after a live event. The event carries the stored status, without the overlay the API's reads
 * apply: paused wins, and a monitor in a maintenance window stays shown so until the next read says otherwise.
 */
export function liveStatus(current: MonitorStatus, event: MonitorEvent): MonitorStatus {
  if (event.paused) return "paused";
  if (current === "maintenance") return current;
  return event.status;
}

function applyMonitorEvent(item: ListedMonitor, event: MonitorEvent): ListedMonitor {
  const regionStatus = { ...item.regionStatus };
  for (const result of event.results) {
    regionStatus[result.region] = { status: result.status, responseTimeMs: result.responseTimeMs };
  }
  return {
    ...item,
    status: liveStatus(item.status, event),
    lastCheckedAt: event.lastCheckedAt,
    paused: event.paused,
    regionStatus,
  };
}

/**
 * The signed-in user's monitors for the list, kept current by live events. Live changes are batched (at most one
 * new array per `flushMs`), so thousands of monitors checked every minute cost a few renders a second.
 */
export function createMonitorStore({ flushMs = 250 }: { flushMs?: number } = {}) {
  let state: MonitorListState = { items: [], loading: true, complete: false, error: undefined };
  let index = new Map<string, number>();
  const listeners = new Set<() => void>();
  const pending = new Map<string, (item: ListedMonitor) => ListedMonitor>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let loading: Promise<void> | undefined;
  const fetching = new Set<string>();
  let statsTimer: ReturnType<typeof setTimeout> | undefined;
  let lastLoadAt = 0;

  const emit = (next: MonitorListState) => {
    state = next;
    index = new Map(next.items.map((item, i) => [item.id, i]));
    for (const listener of listeners) listener();
  };

  const flush = () => {
    flushTimer = undefined;
    if (pending.size === 0) return;
    const items = state.items.slice();
    for (const [id, change] of pending) {
      const i = index.get(id);
      const current = i === undefined ? undefined : items[i];
      if (i !== undefined && current) items[i] = change(current);
    }
    pending.clear();
    emit({ ...state, items });
  };

  const queue = (id: string, change: (item: ListedMonitor) => ListedMonitor) => {
    const before = pending.get(id);
    pending.set(id, before ? (item) => change(before(item)) : change);
    flushTimer ??= setTimeout(flush, flushMs);
  };

  /** Fetch one monitor (created or changed elsewhere) and put it in the list. */
  const fetchOne = async (id: string) => {
    if (fetching.has(id)) return;
    fetching.add(id);
    try {
      upsert(await get<Monitor>(`/api/monitor/${id}`));
    } catch {
      // Gone or not ours: the next resync settles it.
    } finally {
      fetching.delete(id);
    }
  };

  const upsert = (monitor: Monitor) => {
    const i = index.get(monitor.id);
    const items = state.items.slice();
    if (i === undefined) items.push(asListed(monitor));
    else items[i] = asListed(monitor, items[i]);
    emit({ ...state, items });
  };

  const remove = (id: string) => {
    if (!index.has(id)) return;
    pending.delete(id);
    emit({ ...state, items: state.items.filter((item) => item.id !== id) });
  };

  /** Loads every page; the first page shows while the rest arrive. A refresh keeps the old rows until done. */
  const load = (): Promise<void> => {
    loading ??= (async () => {
      const refreshing = state.complete;
      const received: ListedMonitor[] = [];
      try {
        await fetchAllPages<MonitorListItem>("/api/monitor", {
          onPage: (items, done) => {
            // What live events told us per region stays until the next event.
            received.push(...items.map((item) => ({ ...item, regionStatus: find(item.id)?.regionStatus })));
            if (!refreshing || done) {
              pending.clear();
              emit({ items: received.slice(), loading: false, complete: done, error: undefined });
            }
          },
        });
      } catch (error) {
        emit({ ...state, loading: false, error });
      } finally {
        loading = undefined;
        lastLoadAt = Date.now();
      }
    })();
    return loading;
  };

  const find = (id: string): ListedMonitor | undefined => {
    const i = index.get(id);
    return i === undefined ? undefined : state.items[i];
  };

  /**
   * A monitor's first results have no 24-hour figures in the list yet: reload the list soon, at most every 15 s,
   * rather than once per new monitor.
   */
  const refreshStatsSoon = () => {
    if (statsTimer !== undefined) return;
    statsTimer = setTimeout(
      () => {
        statsTimer = undefined;
        void load();
      },
      Math.max(5_000, lastLoadAt + 15_000 - Date.now()),
    );
  };

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    load,
    upsert,
    remove,
    get: find,
    handleLive(event: LiveEvent) {
      switch (event.type) {
        case "monitor":
          if (index.has(event.data.monitorId)) {
            const data = event.data;
            queue(data.monitorId, (item) => applyMonitorEvent(item, data));
            if (find(data.monitorId)?.uptime24h === null) refreshStatsSoon();
          } else if (state.complete) {
            void fetchOne(event.data.monitorId);
          }
          return;
        case "monitor-changed":
          if (event.data.change === "deleted") remove(event.data.monitorId);
          else void fetchOne(event.data.monitorId);
          return;
        case "resync":
          void load();
          return;
        case "incident":
          return;
      }
    },
    dispose() {
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      if (statsTimer !== undefined) clearTimeout(statsTimer);
      listeners.clear();
    },
  };
}

export type MonitorStore = ReturnType<typeof createMonitorStore>;
