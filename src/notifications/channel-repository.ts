import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { notificationChannels } from "../db/schema/index.js";
import { NotFoundError } from "../http/errors.js";

export type ChannelRow = typeof notificationChannels.$inferSelect;
export type NewChannelRow = typeof notificationChannels.$inferInsert;
export type ChannelPatch = Partial<
  Pick<NewChannelRow, "name" | "enabled" | "settings" | "secrets" | "updatedAt">
>;

const owned = (userId: string, id: string) =>
  and(eq(notificationChannels.userId, userId), eq(notificationChannels.id, id));

/** The only way to read a channel by id: another user's channel is indistinguishable from a missing one. */
export async function findOwnedChannel(db: Database, userId: string, id: string): Promise<ChannelRow> {
  const [row] = await db.select().from(notificationChannels).where(owned(userId, id)).limit(1);
  if (!row) throw new NotFoundError("Notification channel");
  return row;
}

export async function insertChannel(db: Database, row: NewChannelRow): Promise<ChannelRow> {
  const [inserted] = await db.insert(notificationChannels).values(row).returning();
  if (!inserted) throw new Error("insert into notification_channels returned no row");
  return inserted;
}

export async function listOwnedChannels(
  db: Database,
  userId: string,
  limit: number,
  afterId: string | undefined,
): Promise<ChannelRow[]> {
  return db
    .select()
    .from(notificationChannels)
    .where(
      and(
        eq(notificationChannels.userId, userId),
        afterId ? gt(notificationChannels.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(notificationChannels.id))
    .limit(limit);
}

export async function updateOwnedChannel(
  db: Database,
  userId: string,
  id: string,
  patch: ChannelPatch,
): Promise<ChannelRow> {
  const [row] = await db.update(notificationChannels).set(patch).where(owned(userId, id)).returning();
  if (!row) throw new NotFoundError("Notification channel");
  return row;
}

/** Deletes the channel; its outbox rows go with it (foreign key cascade). */
export async function deleteOwnedChannel(db: Database, userId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(notificationChannels)
    .where(owned(userId, id))
    .returning({ id: notificationChannels.id });
  if (deleted.length === 0) throw new NotFoundError("Notification channel");
}

/** Channels by id, across users: for the dispatcher, which delivers every user's outbox. */
export async function findChannels(db: Database, ids: string[]): Promise<ChannelRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(notificationChannels).where(inArray(notificationChannels.id, ids));
}
