import { z } from "zod";
import type { Database } from "../db/client.js";
import type { NotificationState } from "../db/schema/index.js";
import { decodeCursor, timeCursorField, toPage } from "../lib/cursor.js";
import type { NotificationJson } from "./channel-schemas.js";
import { listOwnedNotifications, type NotificationRow } from "./outbox-repository.js";

const outboxCursor = z.strictObject({ t: timeCursorField, id: z.uuid() });

export function toNotificationJson(row: NotificationRow): NotificationJson {
  return {
    id: row.id,
    channelId: row.channelId,
    incidentId: row.incidentId,
    event: row.message.event,
    title: row.message.title,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    nextAttemptAt: row.state === "pending" ? row.nextAttemptAt.toISOString() : null,
  };
}

/** The caller's outbox, for seeing what was sent, what is waiting to be retried and what gave up. */
export function createOutboxService(db: Database) {
  return {
    async list(
      userId: string,
      query: { state?: NotificationState | undefined; limit: number; cursor?: string | undefined },
    ) {
      const cursor = query.cursor ? decodeCursor(query.cursor, outboxCursor) : undefined;
      const rows = await listOwnedNotifications(
        db,
        userId,
        { state: query.state, before: cursor && { createdAt: new Date(cursor.t), id: cursor.id } },
        query.limit + 1,
      );
      return toPage(rows, query.limit, toNotificationJson, (row) => ({
        t: row.createdAt.getTime(),
        id: row.id,
      }));
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
