import type { ChannelConfigs } from "../channel-types.js";
import type { NotificationEvent } from "../notification-message.js";
import { type Delivery, truncate } from "./delivery.js";
import type { HttpDelivery } from "./http-delivery.js";

// ntfy priorities run 1 (min) to 5 (max); tags naming an emoji show as that emoji.
const priorities: Record<NotificationEvent, number> = {
  down: 5,
  reminder: 4,
  recovered: 3,
  certificate_expiry: 4,
  system_error: 4,
  test: 3,
};
const tags: Record<NotificationEvent, string> = {
  down: "rotating_light",
  reminder: "bell",
  recovered: "white_check_mark",
  certificate_expiry: "lock",
  system_error: "warning",
  test: "test_tube",
};

/** Header values must be one line of ASCII: anything else goes RFC 2047-encoded, which ntfy decodes. */
function headerText(text: string): string {
  const oneLine = truncate(text.replace(/[\r\n]+/g, " "), 250);
  return /^[\x20-\x7e]*$/.test(oneLine) ? oneLine : `=?UTF-8?B?${Buffer.from(oneLine).toString("base64")}?=`;
}

/** A plain-text publish to serverUrl/topic, with the title, priority and tags as headers. */
export async function sendNtfy(
  config: ChannelConfigs["ntfy"],
  { message }: Delivery,
  http: HttpDelivery,
): Promise<void> {
  const url = `${config.serverUrl.replace(/\/+$/, "")}/${config.topic}`;
  await http.post(url, truncate(message.text, 4096), {
    "content-type": "text/plain; charset=utf-8",
    Title: headerText(message.title),
    Priority: String(priorities[message.event]),
    Tags: tags[message.event],
    ...(config.token ? { Authorization: `Bearer ${config.token}` } : {}),
  });
}
