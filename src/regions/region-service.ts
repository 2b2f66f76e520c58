import type { Database } from "../db/client.js";
import { AppError, NotFoundError } from "../http/errors.js";
import {
  countMonitorsInRegion,
  deleteRegionAndDetach,
  insertRegions,
  listRegions,
  type RegionRow,
} from "./region-repository.js";

const toRegionJson = (row: RegionRow) => ({ name: row.name, createdAt: row.createdAt.toISOString() });

/** onRegionAdded creates the region's consumer group, so jobs published before its first worker starts wait for it. */
export function createRegionService(
  db: Database,
  onRegionAdded: (name: string) => Promise<void> = async () => undefined,
) {
  return {
    async list() {
      return { items: (await listRegions(db)).map(toRegionJson), nextCursor: null };
    },

    async create(name: string) {
      const [row] = await insertRegions(db, [name]);
      if (!row) throw new AppError("conflict", `Region ${name} already exists`);
      await onRegionAdded(name);
      return toRegionJson(row);
    },

    /** Refuses while monitors use the region unless forced; forcing removes it from their lists. */
    async remove(name: string, force: boolean): Promise<void> {
      if (!force) {
        const inUse = await countMonitorsInRegion(db, name);
        if (inUse > 0) {
          throw new AppError(
            "region_in_use",
            `${inUse} monitor${inUse > 1 ? "s use" : " uses"} region ${name}: pass ?force=true to remove it from them`,
            { monitors: inUse },
          );
        }
      }
      if (!(await deleteRegionAndDetach(db, name))) throw new NotFoundError("Region");
    },

    /**
     * Every region named in REGIONS exists after start-up: a listed region an admin deleted comes back, so remove it
     * from REGIONS too. Regions added through the API are left alone.
     */
    ensure: (names: string[]) => insertRegions(db, names),
  };
}

export type RegionService = ReturnType<typeof createRegionService>;
