import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import {
  type IncidentEventKind,
  type IncidentState,
  incidentEvents,
  incidents,
  monitors,
} from "../db/schema/index.js";
import { NotFoundError } from "../http/errors.js";

const incidentColumns = {
  incident: incidents,
  monitorName: monitors.name,
};

export type IncidentRow = { incident: typeof incidents.$inferSelect; monitorName: string };
export type IncidentEventRow = typeof incidentEvents.$inferSelect;

export type IncidentFilter = {
  monitorId?: string | undefined;
  state?: IncidentState | undefined;
  before?: { openedAt: Date; id: string } | undefined;
};

/** Newest first, keyset-paged on (opened_at, id); always scoped to the owner. */
export async function listOwnedIncidents(
  db: Database,
  userId: string,
  filter: IncidentFilter,
  limit: number,
): Promise<IncidentRow[]> {
  const { before } = filter;
  return db
    .select(incidentColumns)
    .from(incidents)
    .innerJoin(monitors, eq(monitors.id, incidents.monitorId))
    .where(
      and(
        eq(incidents.userId, userId),
        filter.monitorId ? eq(incidents.monitorId, filter.monitorId) : undefined,
        filter.state ? eq(incidents.state, filter.state) : undefined,
        before
          ? sql`(${incidents.openedAt}, ${incidents.id}) < (${before.openedAt.toISOString()}::timestamptz, ${before.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(incidents.openedAt), desc(incidents.id))
    .limit(limit);
}

export async function findOwnedIncident(db: Database, userId: string, id: string): Promise<IncidentRow> {
  const [row] = await db
    .select(incidentColumns)
    .from(incidents)
    .innerJoin(monitors, eq(monitors.id, incidents.monitorId))
    .where(and(eq(incidents.userId, userId), eq(incidents.id, id)))
    .limit(1);
  if (!row) throw new NotFoundError("Incident");
  return row;
}

export async function incidentTimeline(db: Database, incidentId: string): Promise<IncidentEventRow[]> {
  return db
    .select()
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, incidentId))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
}

export type NewIncidentEvent = {
  at: Date;
  kind: IncidentEventKind;
  message: string;
  details?: Record<string, unknown> | null;
};

/**
 * Appends to an incident's timeline in one statement: the one writer of incident_events (the state machine, the
 * dispatcher, acknowledgement). Nothing is written for an incident deleted meanwhile (its events went with it).
 */
export async function addIncidentEvents(tx: Database, incidentId: string, events: NewIncidentEvent[]) {
  if (events.length === 0) return;
  const col = <T>(pick: (e: NewIncidentEvent) => T) => sql.param(events.map(pick));
  await tx.execute(sql`
    insert into incident_events (incident_id, at, kind, message, details)
    select i.id, e.at, e.kind, e.message, e.details
    from incidents i cross join unnest(
      ${col((e) => e.at.toISOString())}::timestamptz[],
      ${col((e) => e.kind)}::text[],
      ${col((e) => e.message)}::text[],
      ${col((e) => (e.details ? JSON.stringify(e.details) : null))}::jsonb[]
    ) with ordinality as e(at, kind, message, details, n)
    where i.id = ${incidentId}::uuid
    order by e.n`);
}

/** Acknowledges an open incident; returns false when it was not open (already acknowledged or resolved). */
export async function acknowledgeIncident(
  db: Database,
  id: string,
  userId: string,
  at: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(incidents)
      .set({ state: "acknowledged", acknowledgedAt: at, acknowledgedBy: userId })
      .where(and(eq(incidents.id, id), eq(incidents.state, "open")))
      .returning({ id: incidents.id });
    if (updated.length === 0) return false;
    await addIncidentEvents(tx, id, [{ at, kind: "acknowledged", message: "Acknowledged" }]);
    return true;
  });
}
