import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { statusPageMonitors, statusPageSections, statusPages } from "../db/schema/index.js";
import { NotFoundError } from "../http/errors.js";
import { newId } from "../lib/ids.js";

export type StatusPageRow = typeof statusPages.$inferSelect;
export type NewStatusPageRow = typeof statusPages.$inferInsert;
export type StatusPagePatch = Partial<Omit<NewStatusPageRow, "id" | "userId" | "createdAt">>;
export type Section = { name: string; monitorIds: string[] };

const owned = (userId: string, id: string) => and(eq(statusPages.userId, userId), eq(statusPages.id, id));

/** The only way to read a page by id: another user's page is indistinguishable from a missing one. */
export async function findOwnedPage(db: Database, userId: string, id: string): Promise<StatusPageRow> {
  const [row] = await db.select().from(statusPages).where(owned(userId, id)).limit(1);
  if (!row) throw new NotFoundError("Status page");
  return row;
}

export async function insertPage(db: Database, row: NewStatusPageRow): Promise<StatusPageRow> {
  const [inserted] = await db.insert(statusPages).values(row).returning();
  if (!inserted) throw new Error("insert into status_pages returned no row");
  return inserted;
}

export async function listOwnedPages(
  db: Database,
  userId: string,
  limit: number,
  afterId: string | undefined,
): Promise<StatusPageRow[]> {
  return db
    .select()
    .from(statusPages)
    .where(and(eq(statusPages.userId, userId), afterId ? gt(statusPages.id, afterId) : undefined))
    .orderBy(asc(statusPages.id))
    .limit(limit);
}

export async function updateOwnedPage(
  db: Database,
  userId: string,
  id: string,
  patch: StatusPagePatch,
): Promise<StatusPageRow> {
  const [row] = await db.update(statusPages).set(patch).where(owned(userId, id)).returning();
  if (!row) throw new NotFoundError("Status page");
  return row;
}

export async function deleteOwnedPage(db: Database, userId: string, id: string): Promise<void> {
  const deleted = await db.delete(statusPages).where(owned(userId, id)).returning({ id: statusPages.id });
  if (deleted.length === 0) throw new NotFoundError("Status page");
}

/** Replaces the page's sections and their monitors, in the order given. Run it in the page's transaction. */
export async function replaceSections(db: Database, pageId: string, sections: Section[]): Promise<void> {
  await db.delete(statusPageSections).where(eq(statusPageSections.pageId, pageId));
  if (sections.length === 0) return;
  const built = sections.map((s, position) => ({
    row: { id: newId(), pageId, position, name: s.name },
    monitorIds: s.monitorIds,
  }));
  await db.insert(statusPageSections).values(built.map((b) => b.row));
  const monitors = built.flatMap(({ row, monitorIds }) =>
    monitorIds.map((monitorId, position) => ({ pageId, sectionId: row.id, monitorId, position })),
  );
  if (monitors.length > 0) await db.insert(statusPageMonitors).values(monitors);
}

/** Each page's sections in order, each with its monitors in order (deleted monitors are gone by cascade). */
export async function sectionsOf(db: Database, pageIds: string[]): Promise<Map<string, Section[]>> {
  const byPage = new Map<string, Section[]>(pageIds.map((id) => [id, []]));
  if (pageIds.length === 0) return byPage;
  const [sections, monitors] = await Promise.all([
    db
      .select()
      .from(statusPageSections)
      .where(inArray(statusPageSections.pageId, pageIds))
      .orderBy(asc(statusPageSections.pageId), asc(statusPageSections.position)),
    db
      .select({ sectionId: statusPageMonitors.sectionId, monitorId: statusPageMonitors.monitorId })
      .from(statusPageMonitors)
      .where(inArray(statusPageMonitors.pageId, pageIds))
      .orderBy(asc(statusPageMonitors.sectionId), asc(statusPageMonitors.position)),
  ]);
  const bySection = new Map<string, string[]>();
  for (const m of monitors) {
    const list = bySection.get(m.sectionId);
    if (list) list.push(m.monitorId);
    else bySection.set(m.sectionId, [m.monitorId]);
  }
  for (const s of sections) {
    byPage.get(s.pageId)?.push({ name: s.name, monitorIds: bySection.get(s.id) ?? [] });
  }
  return byPage;
}

/**
 * Marks the domain verified only while the page still claims it with the token that was checked, so a concurrent
 * change of domain does not inherit the proof. Undefined when it changed.
 */
export async function markDomainVerified(
  db: Database,
  page: Pick<StatusPageRow, "id" | "userId" | "customDomain" | "domainToken">,
  at: Date,
): Promise<StatusPageRow | undefined> {
  if (!page.customDomain || !page.domainToken) return undefined;
  const [row] = await db
    .update(statusPages)
    .set({
      domainVerifiedAt: sql`coalesce(${statusPages.domainVerifiedAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(
      and(
        owned(page.userId, page.id),
        eq(statusPages.customDomain, page.customDomain),
        eq(statusPages.domainToken, page.domainToken),
      ),
    )
    .returning();
  return row;
}
