import { afterAll } from "vitest";
import { waitFor } from "../helpers/wait-for.js";

export type SseEvent = { event: string; data: any };

export type SseClient = {
  status: number;
  headers: Headers;
  /** Every block as it arrived: `retry: 3000`, `: ping`, `event: ...\ndata: ...`. */
  blocks: string[];
  events: SseEvent[];
  /** Resolves when the server ends or cuts the stream. */
  ended: Promise<void>;
  isEnded(): boolean;
  /** Waits for the first event matching, with a deadline. */
  waitForEvent(match: (event: SseEvent) => boolean, what: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
};

const open = new Set<SseClient>();
afterAll(() => {
  for (const client of open) client.close();
});

/** Parses one SSE block; comments and `retry:` lines are kept as blocks only. */
function parseEvent(block: string): SseEvent | undefined {
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event: ")) event = line.slice(7);
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  return event === undefined ? undefined : { event, data: JSON.parse(data.join("\n")) };
}

/** GET /api/events over real HTTP (fetch), read as it streams. */
export async function openEventStream(baseUrl: string, token: string | undefined): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/events`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  });
  const blocks: string[] = [];
  const events: SseEvent[] = [];
  let done = false;

  async function pump(): Promise<void> {
    const body = res.body;
    if (!body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          blocks.push(block);
          const event = parseEvent(block);
          if (event) events.push(event);
        }
      }
    } catch {
      // Aborted by close(), or cut by the server: either way the stream is over.
    } finally {
      done = true;
    }
  }

  const client: SseClient = {
    status: res.status,
    headers: res.headers,
    blocks,
    events,
    ended: pump(),
    isEnded: () => done,
    waitForEvent: (match, what, timeoutMs = 10_000) =>
      waitFor(() => events.find(match), { timeoutMs, message: what }),
    close() {
      controller.abort();
      open.delete(client);
    },
  };
  open.add(client);
  return client;
}

/** The events of one kind about one monitor (or incident's monitor). */
export const about = (client: SseClient, event: string, monitorId: string) =>
  client.events.filter((e) => e.event === event && e.data.monitorId === monitorId);
