import type { TargetPolicy } from "../checks/target-guard.js";
import type { SmtpConfig } from "../lib/smtp-transport.js";
import { type ChannelTarget, secretFields } from "./channel-types.js";
import { type Delivery, DeliveryError } from "./senders/delivery.js";
import { sendDiscord } from "./senders/discord.js";
import { sendEmail } from "./senders/email.js";
import { createHttpDelivery, deliveryTimeoutMs } from "./senders/http-delivery.js";
import { sendNtfy } from "./senders/ntfy.js";
import { sendPagerDuty } from "./senders/pagerduty.js";
import { sendSlack } from "./senders/slack.js";
import { sendTelegram } from "./senders/telegram.js";
import { sendWebhook } from "./senders/webhook.js";

export type ChannelSenderDeps = {
  /** The SSRF policy outbound URLs are held to at connect time (the same as checks'). */
  targets: TargetPolicy;
  smtp: SmtpConfig | undefined;
  timeoutMs?: number;
};

export type ChannelSender = {
  /** Delivers one message; throws a DeliveryError whose message is safe to store and show. */
  send(channel: ChannelTarget, delivery: Delivery): Promise<void>;
  close(): Promise<void>;
};

/** Every secret string of the channel (header values included), to scrub from error messages. */
function secretValues(channel: ChannelTarget): string[] {
  const config = channel.config as Record<string, unknown>;
  return secretFields[channel.type].flatMap((field) => {
    const value = config[field];
    if (typeof value === "string") return [value];
    if (typeof value === "object" && value !== null) return Object.values(value).map(String);
    return [];
  });
}

function scrub(message: string, secrets: string[]): string {
  return secrets
    .filter((s) => s.length >= 4)
    .reduce((text, secret) => text.split(secret).join("********"), message);
}

/** Sends through the channel's type; one per process part (API, dispatcher), sharing connections. */
export function createChannelSender({
  targets,
  smtp,
  timeoutMs = deliveryTimeoutMs,
}: ChannelSenderDeps): ChannelSender {
  const http = createHttpDelivery(targets, timeoutMs);

  function dispatch(channel: ChannelTarget, delivery: Delivery): Promise<void> {
    switch (channel.type) {
      case "email":
        return sendEmail(channel.config, delivery, smtp, timeoutMs);
      case "webhook":
        return sendWebhook(channel.config, delivery, http);
      case "slack":
        return sendSlack(channel.config, delivery, http);
      case "discord":
        return sendDiscord(channel.config, delivery, http);
      case "telegram":
        return sendTelegram(channel.config, delivery, http);
      case "ntfy":
        return sendNtfy(channel.config, delivery, http);
      case "pagerduty":
        return sendPagerDuty(channel.config, delivery, http);
    }
  }

  return {
    async send(channel, delivery) {
      try {
        await dispatch(channel, delivery);
      } catch (err) {
        // A URL or token can surface in a library's error text (Telegram's token is in its URL): never pass it on.
        const message = err instanceof Error ? err.message : String(err);
        throw new DeliveryError(scrub(message, secretValues(channel)), { cause: err });
      }
    },
    close: () => http.close(),
  };
}
