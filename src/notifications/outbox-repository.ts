import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { type IncidentEventKind, type NotificationState, notifications } from "../db/schema/index.js";
import { addIncidentEvents } from "../incidents/incident-repository.js";
import type { NotificationMessage } from "./notification-message.js";

export type NotificationRow = typeof notifications.$inferSelect;

/** An outbox row the dispatcher holds the lease of, with `attempts` already counting this attempt. */
export type ClaimedNotification = {
  id: string;
  channelId: string;
  incidentId: string | null;
  idempotencyKey: string;
  message: NotificationMessage;
  attempts: number;
  createdAt: Date;
};

export type ClaimOptions = {
  now: Date;
  /** How long a claim holds the row: a dispatcher that dies mid-send leaves it to be retried after this. */
  leaseMs: number;
  batchSize: number;
  /** Deliveries per channel per minute, counted from rows sent in the last minute by any process. */
  perChannelPerMinute: number;
};

/**
 * Takes up to batchSize due rows in one statement: rows another dispatcher holds are skipped (SKIP LOCKED), and a
 * claim moves next_attempt_at a lease ahead and counts the attempt before any send starts, so a crash mid-send
 * leaves the row pending and due again after the lease, and two dispatchers never send one row at once. Rows over
 * their channel's rate limit are not claimed but postponed to when the oldest send of the last minute ages out,
 * without counting an attempt: a busy channel delays notifications, it does not fail them.
 */
export async function claimDueNotifications(db: Database, o: ClaimOptions): Promise<ClaimedNotification[]> {
  const now = sql`${o.now.toISOString()}::timestamptz`;
  const { rows } = await db.execute<ClaimedNotification & { createdAt: Date | string }>(sql`
    with due as (
      select id, channel_id, next_attempt_at from notifications
      where state = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${o.batchSize}
      for update skip locked
    ),
    recent as (
      select channel_id, count(*)::int as sent, min(sent_at) as oldest from notifications
      where state = 'sent' and sent_at > ${now} - interval '1 minute'
        and channel_id in (select channel_id from due)
      group by channel_id
    ),
    ranked as (
      select d.id, r.oldest,
        coalesce(r.sent, 0) + row_number() over (partition by d.channel_id order by d.next_attempt_at, d.id) as slot
      from due d left join recent r on r.channel_id = d.channel_id
    ),
    postponed as (
      update notifications n set next_attempt_at = coalesce(k.oldest, ${now}) + interval '1 minute'
      from ranked k where n.id = k.id and k.slot > ${o.perChannelPerMinute}
      returning n.id
    )
    update notifications n
    set attempts = n.attempts + 1, next_attempt_at = ${now} + ${o.leaseMs} * interval '1 millisecond'
    from ranked k where n.id = k.id and k.slot <= ${o.perChannelPerMinute}
    returning n.id, n.channel_id as "channelId", n.incident_id as "incidentId",
      n.idempotency_key as "idempotencyKey", n.message, n.attempts, n.created_at as "createdAt"`);
  // Both drivers parse jsonb; timestamps come back as Date from one and as text from the other.
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
}

export type IncidentNote = { kind: IncidentEventKind; message: string; details: Record<string, unknown> };

/** Adds to the incident's timeline (nothing for a notification without one). */
async function noteOnIncident(
  tx: Database,
  incidentId: string | null,
  at: Date,
  note: IncidentNote | undefined,
) {
  if (!incidentId || !note) return;
  await addIncidentEvents(tx, incidentId, [{ at, ...note }]);
}

/** Delivered: sent whatever happened to the lease meanwhile, since the receiver has it. */
export async function markNotificationSent(
  db: Database,
  row: ClaimedNotification,
  at: Date,
  note: IncidentNote,
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(notifications)
      .set({ state: "sent", sentAt: at, lastError: null })
      .where(and(eq(notifications.id, row.id), eq(notifications.state, "pending")))
      .returning({ id: notifications.id });
    if (updated.length > 0) await noteOnIncident(tx, row.incidentId, at, note);
  });
}

/**
 * Failed: pending again until retryAt, or dead. Only while this attempt still holds the row (same attempt count):
 * if the lease ran out and another dispatcher took the row, its claim is not overwritten.
 */
export async function markNotificationFailed(
  db: Database,
  row: ClaimedNotification,
  outcome: { at: Date; error: string; state: Exclude<NotificationState, "sent">; retryAt: Date },
  note: IncidentNote | undefined,
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(notifications)
      .set({ state: outcome.state, nextAttemptAt: outcome.retryAt, lastError: outcome.error })
      .where(
        and(
          eq(notifications.id, row.id),
          eq(notifications.state, "pending"),
          eq(notifications.attempts, row.attempts),
        ),
      )
      .returning({ id: notifications.id });
    if (updated.length > 0) await noteOnIncident(tx, row.incidentId, outcome.at, note);
  });
}

/** The user's outbox, newest first, by keyset on (created_at, id). */
export async function listOwnedNotifications(
  db: Database,
  userId: string,
  filter: { state: NotificationState | undefined; before: { createdAt: Date; id: string } | undefined },
  limit: number,
): Promise<NotificationRow[]> {
  const { before } = filter;
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        filter.state ? eq(notifications.state, filter.state) : undefined,
        before
          ? sql`(${notifications.createdAt}, ${notifications.id}) < (${before.createdAt.toISOString()}::timestamptz, ${before.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}
