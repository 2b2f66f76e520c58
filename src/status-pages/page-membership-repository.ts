import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { statusPageMonitors, statusPageSections, statusPages } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";

/**
 * Status page membership one monitor at a time, for monitors as code (a monitor's `statusPages`). The page editor
 * (status-page-service.ts) replaces a page's sections whole instead.
 */

export type PageSections = {
  id: string;
  slug: string;
  sections: { id: string; name: string }[];
  /** Monitors the page shows now, over all its sections. */
  monitorCount: number;
};

/** The user's pages with their sections in order and their monitor counts. */
export async function listPagesWithSections(db: Database, userId: string): Promise<PageSections[]> {
  const pages = await db
    .select({ id: statusPages.id, slug: statusPages.slug })
    .from(statusPages)
    .where(eq(statusPages.userId, userId));
  if (pages.length === 0) return [];
  const ids = pages.map((p) => p.id);
  const [sections, counts] = await Promise.all([
    db
      .select({ id: statusPageSections.id, pageId: statusPageSections.pageId, name: statusPageSections.name })
      .from(statusPageSections)
      .where(inArray(statusPageSections.pageId, ids))
      .orderBy(asc(statusPageSections.pageId), asc(statusPageSections.position)),
    db
      .select({ pageId: statusPageMonitors.pageId, monitors: count() })
      .from(statusPageMonitors)
      .where(inArray(statusPageMonitors.pageId, ids))
      .groupBy(statusPageMonitors.pageId),
  ]);
  const countOf = new Map(counts.map((c) => [c.pageId, c.monitors]));
  return pages.map((page) => ({
    ...page,
    sections: sections.filter((s) => s.pageId === page.id).map(({ id, name }) => ({ id, name })),
    monitorCount: countOf.get(page.id) ?? 0,
  }));
}

export type Membership = { monitorId: string; pageId: string; sectionId: string };

/** Where the monitors appear, on the user's pages. */
export async function membershipsOf(db: Database, monitorIds: string[]): Promise<Membership[]> {
  if (monitorIds.length === 0) return [];
  return db
    .select({
      monitorId: statusPageMonitors.monitorId,
      pageId: statusPageMonitors.pageId,
      sectionId: statusPageMonitors.sectionId,
    })
    .from(statusPageMonitors)
    .where(sql`${statusPageMonitors.monitorId} = any(${sql.param(monitorIds)}::uuid[])`)
    .orderBy(asc(statusPageMonitors.pageId));
}

export async function removeFromPage(db: Database, pageId: string, monitorId: string): Promise<void> {
  await db
    .delete(statusPageMonitors)
    .where(and(eq(statusPageMonitors.pageId, pageId), eq(statusPageMonitors.monitorId, monitorId)));
}

/** A new section after the page's last one; returns its id. */
export async function appendSection(db: Database, pageId: string, name: string): Promise<string> {
  const id = newId();
  await db.execute(sql`
    insert into status_page_sections (id, page_id, position, name)
    select ${id}::uuid, ${pageId}::uuid, coalesce(max(position) + 1, 0), ${name}
    from status_page_sections where page_id = ${pageId}::uuid`);
  return id;
}

/** Shows the monitor at the end of the section. */
export async function appendToSection(
  db: Database,
  { pageId, sectionId, monitorId }: Membership,
): Promise<void> {
  await db.execute(sql`
    insert into status_page_monitors (page_id, section_id, monitor_id, position)
    select ${pageId}::uuid, ${sectionId}::uuid, ${monitorId}::uuid, coalesce(max(position) + 1, 0)
    from status_page_monitors where section_id = ${sectionId}::uuid`);
}
