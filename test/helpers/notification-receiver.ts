import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { afterAll } from "vitest";

export type ReceivedRequest = {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived, for signature checks. */
  rawBody: string;
  json(): any;
};

/** What the receiver answers: a status and body, or "hold" to keep the request open (a receiver that hangs). */
export type Reply = { status: number; body?: string } | "hold";

export type Receiver = {
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** How many requests got a 2xx answer. */
  succeeded(): number;
  /** Answers every request held so far. */
  release(reply: { status: number; body?: string }): void;
};

/**
 * A real HTTP server on 127.0.0.1 standing in for a webhook, Slack, Discord, Telegram, ntfy or PagerDuty endpoint.
 * `respond` decides each answer from the request and its 1-based number; by default 200 "ok". Closed after the
 * file, held requests included.
 */
export async function startReceiver(
  respond: (request: ReceivedRequest, n: number) => Reply | Promise<Reply> = () => ({
    status: 200,
    body: "ok",
  }),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let succeeded = 0;
  const held: ServerResponse[] = [];
  const answer = (res: ServerResponse, reply: Reply) => {
    if (reply === "hold") return void held.push(res);
    if (reply.status >= 200 && reply.status < 300) succeeded += 1;
    res.writeHead(reply.status, { "content-type": "text/plain" }).end(reply.body ?? "");
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const request: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "/",
        headers: req.headers,
        rawBody,
        json: () => JSON.parse(rawBody),
      };
      requests.push(request);
      Promise.resolve(respond(request, requests.length)).then(
        (reply) => answer(res, reply),
        (err: unknown) => answer(res, { status: 500, body: String(err) }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("receiver is not listening on TCP");
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    succeeded: () => succeeded,
    release: (reply) => {
      for (const res of held.splice(0)) answer(res, reply);
    },
  };
}
