import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { connectLive, type LiveEvent, type LiveMode } from "./live-connection";

type Listener = (event: LiveEvent) => void;
type LiveContextValue = { mode: LiveMode; subscribe: (listener: Listener) => () => void };

const LiveContext = createContext<LiveContextValue>({ mode: "connecting", subscribe: () => () => undefined });

/** One event stream per signed-in tab, shared by every page. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<LiveMode>("connecting");
  const listeners = useRef(new Set<Listener>());
  const [value] = useState(() => ({
    subscribe: (listener: Listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  }));

  useEffect(() => {
    const connection = connectLive({
      onEvent: (event) => {
        for (const listener of listeners.current) listener(event);
      },
      onMode: setMode,
    });
    return () => connection.close();
  }, []);

  return <LiveContext.Provider value={{ mode, subscribe: value.subscribe }}>{children}</LiveContext.Provider>;
}

export const useLiveMode = () => useContext(LiveContext).mode;

/** Calls `handler` for every live event while the component is mounted (the latest handler, no resubscribing). */
export function useLiveEvents(handler: Listener): void {
  const { subscribe } = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => subscribe((event) => ref.current(event)), [subscribe]);
}
