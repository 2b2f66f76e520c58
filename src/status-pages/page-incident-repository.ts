import { and, desc, eq, gte, inArray, lt, ne, or } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { statusPageIncidents, statusPageIncidentUpdates } from "../db/schema/index.js";
import { NotFoundError } from "../http/errors.js";

export type PageIncidentRow = typeof statusPageIncidents.$inferSelect;
export type PageIncidentUpdateRow = typeof statusPageIncidentUpdates.$inferSelect;
export type PageIncidentWithUpdates = PageIncidentRow & { updates: PageIncidentUpdateRow[] };

const i = statusPageIncidents;

/** An incident of this page; one of another page (even the caller's) is not found. */
export async function findPageIncident(db: Database, pageId: string, id: string): Promise<PageIncidentRow> {
  const [row] = await db
    .select()
    .from(i)
    .where(and(eq(i.pageId, pageId), eq(i.id, id)))
    .limit(1);
  if (!row) throw new NotFoundError("Incident");
  return row;
}

export async function insertPageIncident(
  db: Database,
  incident: typeof i.$inferInsert,
  update: typeof statusPageIncidentUpdates.$inferInsert,
): Promise<void> {
  await db.insert(i).values(incident);
  await db.insert(statusPageIncidentUpdates).values(update);
}

/** Appends an update and moves the incident to its state. Run it in a transaction. */
export async function appendPageIncidentUpdate(
  db: Database,
  update: typeof statusPageIncidentUpdates.$inferInsert & { createdAt: Date },
  resolvedAt: Date | null,
): Promise<void> {
  await db.insert(statusPageIncidentUpdates).values(update);
  await db
    .update(i)
    .set({ state: update.state, updatedAt: update.createdAt, resolvedAt })
    .where(eq(i.id, update.incidentId));
}

export async function deletePageIncident(db: Database, pageId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(i)
    .where(and(eq(i.pageId, pageId), eq(i.id, id)))
    .returning({ id: i.id });
  if (deleted.length === 0) throw new NotFoundError("Incident");
}

/** Newest first, keyset-paged on (createdAt, id). */
export async function listPageIncidents(
  db: Database,
  pageId: string,
  { limit, before }: { limit: number; before?: { t: number; id: string } | undefined },
): Promise<PageIncidentRow[]> {
  const beforeAt = before ? new Date(before.t) : undefined;
  return db
    .select()
    .from(i)
    .where(
      and(
        eq(i.pageId, pageId),
        before && beforeAt
          ? or(lt(i.createdAt, beforeAt), and(eq(i.createdAt, beforeAt), lt(i.id, before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(i.createdAt), desc(i.id))
    .limit(limit);
}

/** What a page shows: unresolved incidents, and those resolved since `resolvedSince`, newest first. */
export async function shownPageIncidents(
  db: Database,
  pageId: string,
  resolvedSince: Date,
  limit: number,
): Promise<PageIncidentRow[]> {
  return db
    .select()
    .from(i)
    .where(and(eq(i.pageId, pageId), or(ne(i.state, "resolved"), gte(i.resolvedAt, resolvedSince))))
    .orderBy(desc(i.createdAt), desc(i.id))
    .limit(limit);
}

/** The incidents with their updates, newest first. */
export async function withUpdates(db: Database, rows: PageIncidentRow[]): Promise<PageIncidentWithUpdates[]> {
  if (rows.length === 0) return [];
  const u = statusPageIncidentUpdates;
  const updates = await db
    .select()
    .from(u)
    .where(
      inArray(
        u.incidentId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(desc(u.createdAt), desc(u.id));
  const byIncident = new Map<string, PageIncidentUpdateRow[]>();
  for (const update of updates) {
    const list = byIncident.get(update.incidentId);
    if (list) list.push(update);
    else byIncident.set(update.incidentId, [update]);
  }
  return rows.map((row) => ({ ...row, updates: byIncident.get(row.id) ?? [] }));
}

/** The latest incidents of a page for its feeds, newest update first. */
export async function feedPageIncidents(db: Database, pageId: string, limit: number) {
  const rows = await db
    .select()
    .from(i)
    .where(eq(i.pageId, pageId))
    .orderBy(desc(i.updatedAt), desc(i.id))
    .limit(limit);
  return withUpdates(db, rows);
}
