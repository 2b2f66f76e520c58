import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { notificationChannels } from "../db/schema/index.js";
import { ValidationError } from "../http/errors.js";
import { findMissingRegions } from "../regions/region-repository.js";

/** The rules of a monitor the schemas cannot check alone: they need the regions and the owner's channels. */

export function assertNoUnknownRegions(missing: string[]): void {
  if (missing.length > 0) {
    throw new ValidationError(`Unknown region${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`, {
      path: "regions",
      unknown: missing,
    });
  }
}

export async function assertRegionsExist(db: Database, regions: string[]): Promise<void> {
  assertNoUnknownRegions(await findMissingRegions(db, regions));
}

/** A quorum larger than the region count could never be met: refused rather than silently capped. */
export function assertQuorumFits(quorum: number, regions: string[]): void {
  if (quorum > regions.length) {
    throw new ValidationError(
      `quorum (${quorum}) must not exceed the number of regions (${regions.length})`,
      { path: "quorum" },
    );
  }
}

export function assertNoUnknownChannels(unknown: string[]): void {
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown notification channel${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`,
      { path: "channelIds", unknown },
    );
  }
}

/** The ids among channelIds that are the user's own channels. */
export async function ownedChannelIds(
  db: Database,
  userId: string,
  channelIds: string[],
): Promise<Set<string>> {
  if (channelIds.length === 0) return new Set();
  const owned = await db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.userId, userId), inArray(notificationChannels.id, channelIds)));
  return new Set(owned.map((c) => c.id));
}

/** Channel ids must name the caller's own channels; others' are reported as unknown, like missing ones. */
export async function assertChannelsOwned(
  db: Database,
  userId: string,
  channelIds: string[] | null | undefined,
): Promise<void> {
  if (!channelIds || channelIds.length === 0) return;
  const known = await ownedChannelIds(db, userId, channelIds);
  assertNoUnknownChannels(channelIds.filter((id) => !known.has(id)));
}
