import { z } from "zod";
import { channelTypes, notificationStates } from "../db/schema/index.js";
import { pageQuery } from "../http/common-schemas.js";
import { channelConfigSchemas } from "./channel-types.js";
import { notificationEvents } from "./notification-message.js";

const channelFields = {
  name: z
    .string("name must be a string")
    .trim()
    .min(1, "name must not be empty")
    .max(200, "name must be at most 200 characters"),
  enabled: z.boolean("enabled must be true or false"),
};

const createFor = <T extends (typeof channelTypes)[number]>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    name: channelFields.name,
    enabled: channelFields.enabled.default(true),
    config: channelConfigSchemas[type],
  });

/** A new channel: its type decides the shape of `config` (see channel-types.ts and docs/notifications.md). */
export const createChannelBody = z.discriminatedUnion(
  "type",
  [
    createFor("email"),
    createFor("webhook"),
    createFor("slack"),
    createFor("discord"),
    createFor("telegram"),
    createFor("ntfy"),
    createFor("pagerduty"),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union" ? `type must be one of ${channelTypes.join(", ")}` : undefined,
  },
);
export type CreateChannelInput = z.infer<typeof createChannelBody>;

/**
 * A change to any subset of name, enabled and config. A config replaces the stored one whole and is validated
 * against the channel's type; secrets sent back masked (********) keep their stored values. The type is fixed.
 */
export const updateChannelBody = z
  .strictObject({
    ...channelFields,
    config: z.record(z.string(), z.unknown(), "config must be an object"),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "send at least one field to change");
export type UpdateChannelInput = z.infer<typeof updateChannelBody>;

export const listChannelsQuery = z.strictObject(pageQuery);

export const channelSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(channelTypes),
  enabled: z.boolean(),
  /** The type's settings; secret fields present are shown as ********. */
  config: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelJson = z.infer<typeof channelSchema>;

export const testResultSchema = z.object({ ok: z.literal(true) });

export const listNotificationsQuery = z.strictObject({
  state: z.enum(notificationStates, `state must be one of ${notificationStates.join(", ")}`).optional(),
  ...pageQuery,
});

export const notificationSchema = z.object({
  id: z.string(),
  channelId: z.string(),
  incidentId: z.string().nullable(),
  event: z.enum(notificationEvents),
  title: z.string(),
  state: z.enum(notificationStates),
  /** Delivery attempts started so far (a claim counts, even if the process died before it finished). */
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** When the next attempt is due; null once the notification is sent or dead. */
  nextAttemptAt: z.string().nullable(),
});
export type NotificationJson = z.infer<typeof notificationSchema>;
