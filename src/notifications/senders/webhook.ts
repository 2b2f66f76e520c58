import { createHmac } from "node:crypto";
import type { ChannelConfigs } from "../channel-types.js";
import type { Delivery } from "./delivery.js";
import type { HttpDelivery } from "./http-delivery.js";

/** The webhook body: the notification as enqueued, plus the delivery id. Documented in docs/notifications.md. */
export function webhookPayload({ id, message }: Delivery) {
  return {
    id,
    event: message.event,
    occurredAt: message.occurredAt,
    title: message.title,
    text: message.text,
    monitor: message.monitor,
    incident: message.incident,
    ...(message.certificate ? { certificate: message.certificate } : {}),
  };
}

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. The timestamp is signed with the body, so a
 * receiver that also rejects timestamps older than a few minutes cannot be fed a replayed delivery.
 */
export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestampSeconds}.${rawBody}`).digest("hex")}`;
}

/** POSTs the JSON body; signed when the channel has a secret. */
export async function sendWebhook(
  config: ChannelConfigs["webhook"],
  delivery: Delivery,
  http: HttpDelivery,
): Promise<void> {
  const rawBody = JSON.stringify(webhookPayload(delivery));
  // Wall-clock time, whatever clock the dispatcher runs on: the receiver compares it with its own.
  const timestamp = Math.floor(Date.now() / 1000);
  await http.post(config.url, rawBody, {
    ...config.headers,
    "content-type": "application/json",
    "x-vigil-event": delivery.message.event,
    "x-vigil-delivery": delivery.id,
    "idempotency-key": delivery.idempotencyKey,
    "x-vigil-timestamp": String(timestamp),
    ...(config.secret ? { "x-vigil-signature": webhookSignature(config.secret, timestamp, rawBody) } : {}),
  });
}
