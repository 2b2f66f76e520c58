import { and, arrayContains, asc, eq, gt } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { monitors } from "../db/schema/index.js";
import { NotFoundError } from "../http/errors.js";

export type MonitorRow = typeof monitors.$inferSelect;
export type NewMonitorRow = typeof monitors.$inferInsert;
export type MonitorPatch = Partial<Omit<NewMonitorRow, "id" | "userId" | "createdAt">>;

const owned = (userId: string, id: string) => and(eq(monitors.userId, userId), eq(monitors.id, id));

/** The only way to read a monitor by id: another user's monitor is indistinguishable from a missing one. */
export async function findOwnedMonitor(db: Database, userId: string, id: string): Promise<MonitorRow> {
  const [row] = await db.select().from(monitors).where(owned(userId, id)).limit(1);
  if (!row) throw new NotFoundError("Monitor");
  return row;
}

export async function insertMonitor(db: Database, row: NewMonitorRow): Promise<MonitorRow> {
  const [inserted] = await db.insert(monitors).values(row).returning();
  if (!inserted) throw new Error("insert into monitors returned no row");
  return inserted;
}

/** The owner's monitors in creation order, after `afterId`; with `tag`, only those carrying it (GIN index). */
export async function listOwnedMonitors(
  db: Database,
  userId: string,
  limit: number,
  afterId?: string,
  tag?: string,
): Promise<MonitorRow[]> {
  return db
    .select()
    .from(monitors)
    .where(
      and(
        eq(monitors.userId, userId),
        afterId ? gt(monitors.id, afterId) : undefined,
        tag ? arrayContains(monitors.tags, [tag]) : undefined,
      ),
    )
    .orderBy(asc(monitors.id))
    .limit(limit);
}

export async function updateOwnedMonitor(
  db: Database,
  userId: string,
  id: string,
  patch: MonitorPatch,
): Promise<MonitorRow> {
  const [row] = await db.update(monitors).set(patch).where(owned(userId, id)).returning();
  if (!row) throw new NotFoundError("Monitor");
  return row;
}

export async function deleteOwnedMonitor(db: Database, userId: string, id: string): Promise<void> {
  const deleted = await db.delete(monitors).where(owned(userId, id)).returning({ id: monitors.id });
  if (deleted.length === 0) throw new NotFoundError("Monitor");
}
