import { and, arrayContains, asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { maintenanceWindows, monitors } from "../db/schema/index.js";
import { NotFoundError } from "../http/errors.js";

export type MaintenanceRow = typeof maintenanceWindows.$inferSelect;
export type NewMaintenanceRow = typeof maintenanceWindows.$inferInsert;
export type MaintenancePatch = Partial<Omit<NewMaintenanceRow, "id" | "userId" | "createdAt">>;

const owned = (userId: string, id: string) =>
  and(eq(maintenanceWindows.userId, userId), eq(maintenanceWindows.id, id));

/** The only way to read a window by id: another user's window is indistinguishable from a missing one. */
export async function findOwnedWindow(db: Database, userId: string, id: string): Promise<MaintenanceRow> {
  const [row] = await db.select().from(maintenanceWindows).where(owned(userId, id)).limit(1);
  if (!row) throw new NotFoundError("Maintenance window");
  return row;
}

export async function insertWindow(db: Database, row: NewMaintenanceRow): Promise<MaintenanceRow> {
  const [inserted] = await db.insert(maintenanceWindows).values(row).returning();
  if (!inserted) throw new Error("insert into maintenance_windows returned no row");
  return inserted;
}

export async function listOwnedWindows(
  db: Database,
  userId: string,
  {
    limit,
    afterId,
    monitorId,
  }: { limit: number; afterId: string | undefined; monitorId: string | undefined },
): Promise<MaintenanceRow[]> {
  return db
    .select()
    .from(maintenanceWindows)
    .where(
      and(
        eq(maintenanceWindows.userId, userId),
        afterId ? gt(maintenanceWindows.id, afterId) : undefined,
        monitorId ? arrayContains(maintenanceWindows.monitorIds, [monitorId]) : undefined,
      ),
    )
    .orderBy(asc(maintenanceWindows.id))
    .limit(limit);
}

export async function updateOwnedWindow(
  db: Database,
  userId: string,
  id: string,
  patch: MaintenancePatch,
): Promise<MaintenanceRow> {
  const [row] = await db.update(maintenanceWindows).set(patch).where(owned(userId, id)).returning();
  if (!row) throw new NotFoundError("Maintenance window");
  return row;
}

export async function deleteOwnedWindow(db: Database, userId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(maintenanceWindows)
    .where(owned(userId, id))
    .returning({ id: maintenanceWindows.id });
  if (deleted.length === 0) throw new NotFoundError("Maintenance window");
}

/** Which of these monitor ids are the user's: someone else's monitor counts as missing. */
export async function ownedMonitorIds(db: Database, userId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: monitors.id })
    .from(monitors)
    .where(and(eq(monitors.userId, userId), sql`${monitors.id} = any(${sql.param(ids)}::uuid[])`));
  return new Set(rows.map((r) => r.id));
}
