import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { newId } from "../lib/ids.js";
import type { NotificationMessage } from "./notification-message.js";

export type Enqueue = {
  userId: string;
  /** The channels to notify; null: every enabled channel of the user. */
  channelIds: string[] | null;
  incidentId: string | null;
  /** Names the event once ("incident:<id>:down"); the channel id is appended per row. */
  idempotencyKey: string;
  message: NotificationMessage;
};

/**
 * Writes one outbox row per channel, in the caller's transaction, so a notification exists exactly when the state
 * change that caused it committed. A key already enqueued is skipped: replaying the same transition is harmless.
 * Returns how many rows were new.
 */
export async function enqueueNotifications(tx: Database, item: Enqueue): Promise<number> {
  const chosen =
    item.channelIds === null ? sql`true` : sql`c.id = any(${sql.param(item.channelIds)}::uuid[])`;
  const { rows: channels } = await tx.execute<{ id: string }>(sql`
    select c.id from notification_channels c where c.user_id = ${item.userId}::uuid and c.enabled and ${chosen}`);
  if (channels.length === 0) return 0;
  // One new id per row: an id computed once in SQL text would repeat for every channel.
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into notifications (id, user_id, channel_id, incident_id, idempotency_key, message)
    select t.id, ${item.userId}::uuid, t.channel_id, ${item.incidentId}::uuid,
      ${item.idempotencyKey} || ':' || t.channel_id::text, ${JSON.stringify(item.message)}::jsonb
    from unnest(
      ${sql.param(channels.map(() => newId()))}::uuid[],
      ${sql.param(channels.map((c) => c.id))}::uuid[]
    ) as t(id, channel_id)
    on conflict (idempotency_key) do nothing
    returning id`);
  return rows.length;
}
