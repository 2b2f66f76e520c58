import { type SmtpConfig, smtpTransport } from "../../lib/smtp-transport.js";
import type { ChannelConfigs } from "../channel-types.js";
import { type Delivery, DeliveryError } from "./delivery.js";

/** One message to every address of the channel, through the SMTP server the operator configured. */
export async function sendEmail(
  config: ChannelConfigs["email"],
  { message, idempotencyKey }: Delivery,
  smtp: SmtpConfig | undefined,
  timeoutMs: number,
): Promise<void> {
  if (!smtp) throw new DeliveryError("SMTP is not configured (set SMTP_HOST)");
  const transport = smtpTransport(smtp, timeoutMs);
  try {
    await transport.sendMail({
      from: smtp.from,
      to: config.to,
      subject: message.title.replace(/[\r\n]+/g, " "),
      text: message.text,
      // Stable across retries, so mail clients can fold duplicates of one notification.
      messageId: `<${idempotencyKey.replace(/[^\w.-]/g, ".")}@vigil>`,
      headers: { "X-Vigil-Event": message.event },
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DeliveryError(`SMTP delivery failed: ${reason}`, { cause: err });
  } finally {
    transport.close();
  }
}
