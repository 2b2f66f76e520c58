import type { ChannelConfigs } from "../channel-types.js";
import { type Delivery, truncate } from "./delivery.js";
import type { HttpDelivery } from "./http-delivery.js";

/** Bot API sendMessage as plain text (no parse_mode, so nothing in a monitor's name needs escaping). */
export async function sendTelegram(
  config: ChannelConfigs["telegram"],
  { message }: Delivery,
  http: HttpDelivery,
): Promise<void> {
  const base = config.apiBaseUrl.replace(/\/+$/, "");
  await http.postJson(`${base}/bot${config.botToken}/sendMessage`, {
    chat_id: config.chatId,
    text: truncate(`${message.title}\n\n${message.text}`, 4096),
    disable_web_page_preview: true,
  });
}
