import { z } from "zod";
import type { ChannelType } from "../db/schema/index.js";

/**
 * What each channel type is configured with. One `config` object per channel at the API; the fields named in
 * `secretFields` are split off, encrypted into `notification_channels.secrets` and never returned, the rest is stored
 * as plain `settings`. `urlFields` are the outbound URLs the SSRF guard vets when the channel is saved.
 */

const httpUrl = (name: string) =>
  z
    .string(`${name} must be a string`)
    .max(2048, `${name} must be at most 2048 characters`)
    .refine((value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    }, `${name} must be an absolute http:// or https:// URL`);

const configObject = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === "invalid_type" ? "config must be an object" : undefined),
  });

// Headers Vigil sets itself on a webhook delivery (or that would break the request): not for users to override.
const reservedHeader =
  /^(content-type|content-length|host|connection|transfer-encoding|idempotency-key|x-vigil-.*)$/i;
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$/;
const webhookHeaders = z
  .record(
    z.string(),
    z
      .string("headers values must be strings")
      .max(4096, "headers values must be at most 4096 characters")
      .regex(/^[^\r\n\0]*$/, "headers values may not contain line breaks"),
    "headers must be an object of header names to values",
  )
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 20) ctx.addIssue({ code: "custom", message: "headers: at most 20 headers" });
    for (const name of names) {
      if (!headerName.test(name)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `header names must be HTTP tokens: "${name}" is not`,
        });
      } else if (reservedHeader.test(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `Vigil sets the ${name} header itself` });
      }
    }
  });

const emailAddress = z.email("to must hold email addresses like ops@example.com");

export const channelConfigSchemas = {
  email: configObject({
    // One address or a list; stored as a list.
    to: z.preprocess(
      (value) => (typeof value === "string" ? [value] : value),
      z
        .array(emailAddress, "to must be an email address or a list of them")
        .min(1, "to must name at least one address")
        .max(20, "to may name at most 20 addresses"),
    ),
  }),
  webhook: configObject({
    url: httpUrl("url"),
    /** Signs each delivery (x-vigil-signature); without it deliveries are unsigned. */
    secret: z
      .string("secret must be a string")
      .min(16, "secret must be at least 16 characters")
      .max(256, "secret must be at most 256 characters")
      .optional(),
    headers: webhookHeaders.optional(),
  }),
  slack: configObject({ webhookUrl: httpUrl("webhookUrl") }),
  discord: configObject({ webhookUrl: httpUrl("webhookUrl") }),
  telegram: configObject({
    botToken: z
      .string("botToken must be a string")
      .regex(/^\d{1,20}:[\w-]{20,100}$/, "botToken must be the token BotFather gave, like 123456:ABC-DEF..."),
    chatId: z.preprocess(
      (value) => (typeof value === "number" && Number.isInteger(value) ? String(value) : value),
      z
        .string("chatId must be a chat id (a number) or @channelname")
        .regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/, "chatId must be a chat id (a number) or @channelname"),
    ),
    apiBaseUrl: httpUrl("apiBaseUrl").default("https://api.telegram.org"),
  }),
  ntfy: configObject({
    serverUrl: httpUrl("serverUrl").default("https://ntfy.sh"),
    topic: z
      .string("topic must be a string")
      .regex(/^[-_A-Za-z0-9]{1,64}$/, "topic must be 1-64 letters, digits, dashes or underscores"),
    token: z
      .string("token must be a string")
      .min(1)
      .max(512, "token must be at most 512 characters")
      .optional(),
  }),
  pagerduty: configObject({
    routingKey: z
      .string("routingKey must be a string")
      .regex(
        /^[A-Za-z0-9]{32}$/,
        "routingKey must be the 32-character integration key of an Events API v2 integration",
      ),
    eventsUrl: httpUrl("eventsUrl").default("https://events.pagerduty.com/v2/enqueue"),
  }),
} as const satisfies Record<ChannelType, z.ZodType>;

export type ChannelConfigs = { [T in ChannelType]: z.output<(typeof channelConfigSchemas)[T]> };

/** A channel with its whole config (secrets decrypted), typed by its type: what a sender receives. */
export type ChannelTarget = {
  [T in ChannelType]: { id: string; name: string; type: T; config: ChannelConfigs[T] };
}[ChannelType];

export const secretFields: Record<ChannelType, readonly string[]> = {
  email: [],
  // Headers often carry credentials (Authorization, API keys), so they are stored encrypted with the secret.
  webhook: ["secret", "headers"],
  slack: ["webhookUrl"],
  discord: ["webhookUrl"],
  telegram: ["botToken"],
  ntfy: ["token"],
  pagerduty: ["routingKey"],
};

export const urlFields: Record<ChannelType, readonly string[]> = {
  email: [],
  webhook: ["url"],
  slack: ["webhookUrl"],
  discord: ["webhookUrl"],
  telegram: ["apiBaseUrl"],
  ntfy: ["serverUrl"],
  pagerduty: ["eventsUrl"],
};
