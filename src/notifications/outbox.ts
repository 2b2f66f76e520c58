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
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into notifications (id, user_id, channel_id, incident_id, idempotency_key, message)
    select ${newId()}::uuid, c.user_id, c.id, ${item.incidentId}::uuid, ${item.idempotencyKey} || ':' || c.id::text,
      ${JSON.stringify(item.message)}::jsonb
    from notification_channels c
    where c.user_id = ${item.userId}::uuid and c.enabled and ${chosen}
    on conflict (idempotency_key) do nothing
    returning id`);
  return rows.length;
}
