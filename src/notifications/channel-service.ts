import { z } from "zod";
import { type TargetPolicy, urlTargetError } from "../checks/target-guard.js";
import type { Database } from "../db/client.js";
import type { ChannelType } from "../db/schema/index.js";
import { AppError, ValidationError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { newId } from "../lib/ids.js";
import {
  channelTarget,
  maskConfig,
  parseChannelConfig,
  readableConfig,
  splitConfig,
  unmaskConfig,
} from "./channel-config.js";
import {
  type ChannelRow,
  deleteOwnedChannel,
  findOwnedChannel,
  insertChannel,
  listOwnedChannels,
  updateOwnedChannel,
} from "./channel-repository.js";
import type { ChannelJson, CreateChannelInput, UpdateChannelInput } from "./channel-schemas.js";
import type { ChannelSender } from "./channel-sender.js";
import { urlFields } from "./channel-types.js";
import type { NotificationMessage } from "./notification-message.js";
import type { SecretBox } from "./secret-box.js";

export type ChannelServiceDeps = { box: SecretBox; sender: ChannelSender; targets: TargetPolicy };

/** The SSRF guard's early refusal, at the API, for outbound URLs that name a blocked address outright. */
function assertUrlsAllowed(type: ChannelType, config: Record<string, unknown>, targets: TargetPolicy): void {
  for (const field of urlFields[type]) {
    const url = config[field];
    const problem = typeof url === "string" ? urlTargetError(url, targets) : undefined;
    if (problem) {
      throw new ValidationError(`Invalid body: config.${field}: ${problem}`, [
        { in: "body", path: `config.${field}`, message: problem },
      ]);
    }
  }
}

function testMessage(channel: ChannelRow): NotificationMessage {
  return {
    event: "test",
    title: `Test notification from Vigil: ${channel.name}`,
    text: `This is a test of the ${channel.type} channel "${channel.name}". If you can read it, notifications will reach you here.`,
    occurredAt: new Date().toISOString(),
    monitor: null,
    incident: null,
  };
}

export function createChannelService(db: Database, { box, sender, targets }: ChannelServiceDeps) {
  const toJson = (row: ChannelRow): ChannelJson => ({
    id: row.id,
    name: row.name,
    type: row.type,
    enabled: row.enabled,
    config: maskConfig(row.type, readableConfig(row, box)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });

  /** Validated (masked secrets refused), vetted by the SSRF guard, split into settings and sealed secrets. */
  function prepareConfig(type: ChannelType, config: Record<string, unknown>) {
    const parsed = parseChannelConfig(type, config);
    assertUrlsAllowed(type, parsed, targets);
    return splitConfig(type, parsed, box);
  }

  return {
    async create(userId: string, input: CreateChannelInput): Promise<ChannelJson> {
      const row = await insertChannel(db, {
        id: newId(),
        userId,
        name: input.name,
        type: input.type,
        enabled: input.enabled,
        ...prepareConfig(input.type, input.config),
      });
      return toJson(row);
    },

    async get(userId: string, id: string): Promise<ChannelJson> {
      return toJson(await findOwnedChannel(db, userId, id));
    },

    async list(userId: string, limit: number, cursor: string | undefined) {
      const afterId = cursor ? decodeCursor(cursor, z.uuid()) : undefined;
      const rows = await listOwnedChannels(db, userId, limit + 1, afterId);
      return toPage(rows, limit, toJson, (row) => row.id);
    },

    async update(userId: string, id: string, patch: UpdateChannelInput): Promise<ChannelJson> {
      const current = await findOwnedChannel(db, userId, id);
      // A config replaces the stored one whole; secrets sent back masked keep their stored values.
      const config =
        patch.config &&
        prepareConfig(current.type, unmaskConfig(current.type, patch.config, readableConfig(current, box)));
      const row = await updateOwnedChannel(db, userId, id, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        ...config,
        updatedAt: new Date(),
      });
      return toJson(row);
    },

    remove: (userId: string, id: string) => deleteOwnedChannel(db, userId, id),

    /** Sends a test message now, through the real sender (a disabled channel too: the user asked for it). */
    async test(userId: string, id: string): Promise<{ ok: true }> {
      const channel = await findOwnedChannel(db, userId, id);
      const deliveryId = newId();
      try {
        await sender.send(channelTarget(channel, box), {
          id: deliveryId,
          idempotencyKey: `test:${deliveryId}`,
          message: testMessage(channel),
        });
      } catch (err) {
        throw new AppError(
          "delivery_failed",
          `Delivery failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return { ok: true };
    },
  };
}

export type ChannelService = ReturnType<typeof createChannelService>;
