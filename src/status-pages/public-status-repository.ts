import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import {
  maintenanceWindows,
  monitors,
  statusPageMonitors,
  statusPageSections,
  statusPages,
} from "../db/schema/index.js";
import type { StatusPageRow } from "./status-page-repository.js";

export async function findPublishedPageBySlug(
  db: Database,
  slug: string,
): Promise<StatusPageRow | undefined> {
  const [row] = await db
    .select()
    .from(statusPages)
    .where(and(eq(statusPages.slug, slug), eq(statusPages.published, true)))
    .limit(1);
  return row;
}

/** The published page served on this host: only once its owner proved the domain theirs. */
export async function findPublishedPageByDomain(
  db: Database,
  host: string,
): Promise<StatusPageRow | undefined> {
  const [row] = await db
    .select()
    .from(statusPages)
    .where(
      and(
        eq(statusPages.customDomain, host),
        isNotNull(statusPages.domainVerifiedAt),
        eq(statusPages.published, true),
      ),
    )
    .limit(1);
  return row;
}

export type PageMonitorRow = {
  sectionId: string;
  sectionName: string;
  /** Null for a section without monitors. */
  monitorId: string | null;
  name: string | null;
  status: (typeof monitors.$inferSelect)["status"] | null;
  paused: boolean | null;
};

/** The page's sections and monitors in order, with just the monitor columns a visitor may see. */
export async function pageMonitorRows(db: Database, pageId: string): Promise<PageMonitorRow[]> {
  const s = statusPageSections;
  const pm = statusPageMonitors;
  return db
    .select({
      sectionId: s.id,
      sectionName: s.name,
      monitorId: monitors.id,
      name: monitors.name,
      status: monitors.status,
      paused: monitors.paused,
    })
    .from(s)
    .leftJoin(pm, eq(pm.sectionId, s.id))
    .leftJoin(monitors, eq(monitors.id, pm.monitorId))
    .where(eq(s.pageId, pageId))
    .orderBy(asc(s.position), asc(pm.position));
}

/** The owner's maintenance windows covering any of these monitors. */
export async function windowsCovering(db: Database, userId: string, monitorIds: string[]) {
  if (monitorIds.length === 0) return [];
  const w = maintenanceWindows;
  return db
    .select()
    .from(w)
    .where(and(eq(w.userId, userId), sql`${w.monitorIds} && ${sql.param(monitorIds)}::uuid[]`));
}
