import type { ChannelConfigs } from "../channel-types.js";
import type { NotificationEvent } from "../notification-message.js";
import { type Delivery, truncate } from "./delivery.js";
import type { HttpDelivery } from "./http-delivery.js";

const colors: Record<NotificationEvent, number> = {
  down: 0xd93025,
  reminder: 0xd93025,
  recovered: 0x188038,
  certificate_expiry: 0xf29900,
  system_error: 0xf29900,
  test: 0x1a73e8,
};

/** A webhook message with one embed, within Discord's limits (content 2000, title 256, description 4096). */
export async function sendDiscord(
  config: ChannelConfigs["discord"],
  { message }: Delivery,
  http: HttpDelivery,
): Promise<void> {
  await http.postJson(config.webhookUrl, {
    content: truncate(message.title, 2000),
    embeds: [
      {
        title: truncate(message.title, 256),
        description: truncate(message.text, 4096),
        color: colors[message.event],
        timestamp: message.occurredAt,
      },
    ],
    // A monitor named "@everyone" must not ping the whole server.
    allowed_mentions: { parse: [] },
  });
}
