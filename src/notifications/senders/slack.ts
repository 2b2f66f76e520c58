import type { ChannelConfigs } from "../channel-types.js";
import { type Delivery, truncate } from "./delivery.js";
import type { HttpDelivery } from "./http-delivery.js";

/** Slack's mrkdwn treats these three as markup; everything else may stay as it is. */
const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** An incoming-webhook message: `text` is the fallback shown in notifications, the block the message itself. */
export async function sendSlack(
  config: ChannelConfigs["slack"],
  { message }: Delivery,
  http: HttpDelivery,
): Promise<void> {
  const body = `*${escapeMrkdwn(message.title)}*\n${escapeMrkdwn(message.text)}`;
  await http.postJson(config.webhookUrl, {
    text: truncate(message.title, 3000),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(body, 3000) } }],
  });
}
