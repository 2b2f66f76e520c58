import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { useLiveEvents } from "../live/live-context";
import { createMonitorStore, type MonitorListState, type MonitorStore } from "./monitor-store";

const statsRefreshMs = 120_000;

const StoreContext = createContext<MonitorStore | undefined>(undefined);

/** The monitor list of the signed-in user, loaded once per session and kept live across pages. */
export function MonitorStoreProvider({
  children,
  store: given,
}: {
  children: ReactNode;
  store?: MonitorStore;
}) {
  const [store] = useState(() => given ?? createMonitorStore());
  useEffect(() => {
    void store.load();
    // Live events carry status, not the 24-hour uptime, p95 and sparkline: those are refetched now and then.
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void store.load();
    }, statsRefreshMs);
    return () => {
      clearInterval(timer);
      store.dispose();
    };
  }, [store]);
  useLiveEvents((event) => store.handleLive(event));
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useMonitorStore(): MonitorStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useMonitorStore outside MonitorStoreProvider");
  return store;
}

export function useMonitorList(): MonitorListState {
  const store = useMonitorStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
