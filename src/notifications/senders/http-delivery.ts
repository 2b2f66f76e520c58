import type { Readable } from "node:stream";
import { Agent, request } from "undici";
import { addressGuard, BlockedTargetError, type TargetPolicy } from "../../checks/target-guard.js";
import { createTimedConnector, errorCode } from "../../checks/timed-connector.js";
import { DeliveryError, truncate } from "./delivery.js";

export const deliveryTimeoutMs = 10_000;
export const userAgent = "Vigil/0.1 (+notifications)";
const snippetChars = 200;

export type HttpDelivery = {
  /** POSTs `body` and resolves on a 2xx answer; anything else throws a DeliveryError. */
  post(url: string, body: string, headers: Record<string, string>): Promise<void>;
  postJson(url: string, payload: unknown, headers?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
};

/**
 * Outbound HTTP for the senders. Connections go through the same SSRF guard as checks, applied to every address
 * a name resolves to when it is dialled (so DNS rebinding after the API accepted the URL gets nowhere). Redirects
 * are not followed: a 3xx is a failure, so a receiver cannot bounce a delivery, and its secrets, elsewhere.
 */
export function createHttpDelivery(targets: TargetPolicy, timeoutMs = deliveryTimeoutMs): HttpDelivery {
  const guard = addressGuard(targets);
  const agent = new Agent({
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    // One connector per connection, as createTimedConnector asks; its timings are not needed here.
    connect: (options, callback) =>
      createTimedConnector(guard ? { beforeConnect: guard } : {}).connect(options, callback),
  });

  async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(url, {
        method: "POST",
        headers: { "user-agent": userAgent, ...headers },
        body,
        dispatcher: agent,
        signal,
      });
      if (response.statusCode >= 200 && response.statusCode < 300) {
        await response.body.dump();
        return;
      }
      const snippet = await readSnippet(response.body);
      throw new DeliveryError(`HTTP ${response.statusCode}${snippet ? `: ${snippet}` : ""}`);
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      throw new DeliveryError(describeFailure(err, signal, timeoutMs), { cause: err });
    }
  }

  return {
    post,
    postJson: (url, payload, headers = {}) =>
      post(url, JSON.stringify(payload), { "content-type": "application/json", ...headers }),
    // Destroy, not close: callers stop sending first, and a receiver holding a request must not hold shutdown.
    close: () => agent.destroy(),
  };
}

function describeFailure(err: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `No answer within ${timeoutMs / 1000} s`;
  if (err instanceof BlockedTargetError) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  const code = errorCode(err);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** The start of an error answer, on one line: receivers usually say what they disliked. */
async function readSnippet(body: Readable): Promise<string> {
  let text = "";
  for await (const chunk of body as AsyncIterable<Buffer>) {
    text += chunk.toString("utf8");
    if (text.length >= snippetChars) break;
  }
  body.destroy();
  return truncate(text.replace(/\s+/g, " ").trim(), snippetChars);
}
