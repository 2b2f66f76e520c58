import type { ChannelConfigs } from "../channel-types.js";
import type { NotificationEvent } from "../notification-message.js";
import { type Delivery, truncate } from "./delivery.js";
import type { HttpDelivery } from "./http-delivery.js";

type Action = "trigger" | "resolve";

const severities: Record<NotificationEvent, "critical" | "error" | "warning" | "info"> = {
  down: "critical",
  reminder: "critical",
  recovered: "info",
  certificate_expiry: "warning",
  system_error: "error",
  test: "info",
};

/**
 * The PagerDuty alert a notification belongs to. An incident's down, reminders and recovery share its id, so PagerDuty
 * keeps one alert open and the recovery resolves it; a certificate's warnings share one per monitor.
 */
function dedupKey({ message, idempotencyKey }: Delivery): string {
  if (message.incident) return message.incident.id;
  if (message.event === "certificate_expiry" && message.monitor) return `certificate:${message.monitor.id}`;
  return idempotencyKey;
}

/** Events API v2: trigger on down, reminder and warnings, resolve on recovery; a test triggers and resolves at once. */
export async function sendPagerDuty(
  config: ChannelConfigs["pagerduty"],
  delivery: Delivery,
  http: HttpDelivery,
): Promise<void> {
  const { message } = delivery;
  const key = dedupKey(delivery);
  const event = (action: Action) => ({
    routing_key: config.routingKey,
    event_action: action,
    dedup_key: key,
    ...(action === "trigger" && {
      payload: {
        summary: truncate(message.title, 1024),
        source: message.monitor?.url || "vigil",
        severity: severities[message.event],
        timestamp: message.occurredAt,
        custom_details: { text: message.text, monitor: message.monitor, incident: message.incident },
      },
    }),
  });
  switch (message.event) {
    case "down":
    case "reminder":
    case "certificate_expiry":
    case "system_error":
      return http.postJson(config.eventsUrl, event("trigger"));
    case "recovered":
      return http.postJson(config.eventsUrl, event("resolve"));
    case "test":
      // Triggered to prove the integration works, then resolved so nobody is left with an alert to close.
      await http.postJson(config.eventsUrl, event("trigger"));
      return http.postJson(config.eventsUrl, event("resolve"));
  }
}
