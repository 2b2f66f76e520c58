import type { ServerResponse } from "node:http";
import type { LiveEvent } from "./live-events.js";

export type EventStreamOptions = {
  /** A `: ping` comment this often keeps proxies from timing the stream out and lets clients notice a dead one. */
  pingIntervalMs: number;
  /**
   * A stream whose unsent output exceeds this is closed instead of written to: a client that stopped reading
   * must not make the server buffer without bound. The EventSource reconnects and the dashboard refetches.
   */
  maxBufferedBytes: number;
};

/** How long a browser waits before reconnecting a dropped stream. */
export const retryMs = 3_000;

const frame = (event: LiveEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;

/**
 * One Server-Sent Events response: `retry:` first, then events and pings as they come. `onClose` runs once, when
 * the client goes, the stream is dropped for backpressure, or the server closes it.
 */
export function openEventStream(
  res: ServerResponse,
  /** Headers the request's hooks set (security, CORS, rate limit) besides the stream's own. */
  headers: Record<string, string | number | string[] | undefined>,
  options: EventStreamOptions,
  onClose: () => void,
) {
  let closed = false;
  const ping = setInterval(() => write(": ping\n\n"), options.pingIntervalMs);
  ping.unref();

  function ended(): void {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    onClose();
  }
  res.once("close", ended);

  function write(chunk: string): void {
    if (closed || res.destroyed) return;
    if (res.writableLength > options.maxBufferedBytes) close();
    else res.write(chunk);
  }

  /**
   * Cuts the connection (nothing is left to say, and a client that does not read would hold a graceful end up)
   * and lets go of the stream at once rather than when the socket's close event comes.
   */
  function close(): void {
    res.destroy();
    ended();
  }

  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    // Proxies such as nginx would otherwise buffer the stream.
    "x-accel-buffering": "no",
  });
  res.write(`retry: ${retryMs}\n\n`);
  // The client may have gone while the request was authenticated: its close event has fired already.
  if (!res.socket || res.socket.destroyed) queueMicrotask(ended);

  return {
    /** One chunk per batch: the buffer check bounds memory to the limit plus one batch. */
    send(events: LiveEvent[]): void {
      write(events.map(frame).join(""));
    },
    close,
  };
}
