import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { monitors, regions } from "../db/schema/index.js";

export type RegionRow = typeof regions.$inferSelect;

export async function listRegions(db: Database): Promise<RegionRow[]> {
  return db.select().from(regions).orderBy(asc(regions.name));
}

/** Inserts the names that are missing; returns the rows it created. */
export async function insertRegions(db: Database, names: string[]): Promise<RegionRow[]> {
  if (names.length === 0) return [];
  return db
    .insert(regions)
    .values(names.map((name) => ({ name })))
    .onConflictDoNothing()
    .returning();
}

export async function findMissingRegions(db: Database, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const found = await db.select({ name: regions.name }).from(regions).where(inArray(regions.name, names));
  const known = new Set(found.map((r) => r.name));
  return names.filter((n) => !known.has(n));
}

export async function countMonitorsInRegion(db: Database, name: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(monitors)
    .where(sql`${name} = any(${monitors.regions})`);
  return row?.n ?? 0;
}

/**
 * Removes the region from every monitor's list, pausing monitors left with no region (nothing could check them),
 * then deletes the region. Results already stored keep their region name.
 */
export async function deleteRegionAndDetach(db: Database, name: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx
      .update(monitors)
      .set({
        regions: sql`array_remove(${monitors.regions}, ${name})`,
        paused: sql`${monitors.paused} or ${monitors.regions} = array[${name}]::text[]`,
        updatedAt: new Date(),
      })
      .where(sql`${name} = any(${monitors.regions})`);
    const deleted = await tx.delete(regions).where(eq(regions.name, name)).returning();
    return deleted.length > 0;
  });
}
