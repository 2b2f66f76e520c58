import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { TargetPolicy } from "../checks/target-guard.js";
import type { Database } from "../db/client.js";
import { notificationChannels } from "../db/schema/index.js";
import { heartbeatDeadline, newHeartbeatToken, pingPath, pushRegion } from "../heartbeats/heartbeat-token.js";
import { ValidationError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { newId } from "../lib/ids.js";
import { monitorsInMaintenance } from "../maintenance/maintenance-query.js";
import { findMissingRegions, listRegions } from "../regions/region-repository.js";
import { monitorListStats } from "./monitor-list-stats.js";
import {
  deleteOwnedMonitor,
  findOwnedMonitor,
  insertMonitor,
  listOwnedMonitors,
  type MonitorRow,
  updateOwnedMonitor,
} from "./monitor-repository.js";
import type {
  CreateMonitorInput,
  MonitorJson,
  MonitorListItem,
  UpdateMonitorInput,
} from "./monitor-schemas.js";
import { assertTimeoutFitsInterval, validateTarget } from "./monitor-target.js";
import { maskAuth, maskBody, maskHeaders, unmaskAuth, unmaskBody, unmaskHeaders } from "./secret-masking.js";

export function toMonitorJson(
  row: MonitorRow,
  publicUrl: string | undefined,
  inMaintenance = false,
): MonitorJson {
  const pingUrl = row.heartbeatToken ? `${publicUrl ?? ""}${pingPath(row.heartbeatToken)}` : null;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    // A heartbeat monitor's target is its own ping URL.
    url: pingUrl ?? row.url,
    method: row.method,
    headers: maskHeaders(row.headers),
    body: maskBody(row.body),
    intervalSeconds: row.intervalSeconds,
    timeoutMs: row.timeoutMs,
    expectedStatus: row.expectedStatus,
    regions: row.regions,
    auth: maskAuth(row.auth),
    followRedirects: row.followRedirects,
    maxRedirects: row.maxRedirects,
    ignoreTlsErrors: row.ignoreTlsErrors,
    userAgent: row.userAgent,
    assertions: row.assertions,
    graceSeconds: row.graceSeconds,
    confirmations: row.confirmations,
    quorum: row.quorum,
    recoveries: row.recoveries,
    retryIntervalSeconds: row.retryIntervalSeconds,
    channelIds: row.channelIds,
    reminderMinutes: row.reminderMinutes,
    pingUrl,
    paused: row.paused,
    // Maintenance is a matter of the clock, not of results: derived when read, so it starts and ends on time.
    status: row.paused ? "paused" : inMaintenance ? "maintenance" : row.status,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    certificateExpiresAt: row.certExpiresAt?.toISOString() ?? null,
    // Whole days, rounded down: "0" means it expires within a day; negative means it has expired.
    certificateDaysLeft: row.certExpiresAt
      ? Math.floor((row.certExpiresAt.getTime() - Date.now()) / 86_400_000)
      : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function assertRegionsExist(db: Database, regions: string[]): Promise<void> {
  const missing = await findMissingRegions(db, regions);
  if (missing.length > 0) {
    throw new ValidationError(`Unknown region${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`, {
      path: "regions",
      unknown: missing,
    });
  }
}

/** A quorum larger than the region count could never be met: refused rather than silently capped. */
function assertQuorumFits(quorum: number, regions: string[]): void {
  if (quorum > regions.length) {
    throw new ValidationError(
      `quorum (${quorum}) must not exceed the number of regions (${regions.length})`,
      {
        path: "quorum",
      },
    );
  }
}

/** Channel ids must name the caller's own channels; others' are reported as unknown, like missing ones. */
async function assertChannelsOwned(db: Database, userId: string, channelIds: string[] | null | undefined) {
  if (!channelIds || channelIds.length === 0) return;
  const owned = await db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.userId, userId), inArray(notificationChannels.id, channelIds)));
  const known = new Set(owned.map((c) => c.id));
  const unknown = channelIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown notification channel${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`,
      {
        path: "channelIds",
        unknown,
      },
    );
  }
}

export type MonitorServiceDeps = { targets: TargetPolicy; publicUrl: string | undefined };

export function createMonitorService(db: Database, { targets, publicUrl }: MonitorServiceDeps) {
  const toJson = (row: MonitorRow, inMaintenance = false) => toMonitorJson(row, publicUrl, inMaintenance);
  /** Rows as JSON, with the maintenance windows in force now applied to their status. */
  const withMaintenance = async (rows: MonitorRow[]) => {
    const inMaintenance = await monitorsInMaintenance(
      db,
      rows.map((r) => r.id),
      new Date(),
    );
    return (row: MonitorRow) => toJson(row, inMaintenance.has(row.id));
  };

  async function createHeartbeat(userId: string, input: CreateMonitorInput): Promise<MonitorJson> {
    if (input.url !== undefined) {
      throw new ValidationError("heartbeat monitors take no url: the job calls the monitor's pingUrl", {
        path: "url",
      });
    }
    if (input.regions !== undefined) {
      throw new ValidationError("heartbeat monitors take no regions: their pings arrive at the API", {
        path: "regions",
      });
    }
    assertQuorumFits(input.quorum, [pushRegion]);
    await assertChannelsOwned(db, userId, input.channelIds);
    const row = await insertMonitor(db, {
      ...input,
      confirmations: input.confirmations ?? 1,
      recoveries: input.recoveries ?? 1,
      id: newId(),
      userId,
      url: "",
      name: input.name ?? "Heartbeat",
      regions: [pushRegion],
      heartbeatToken: newHeartbeatToken(),
      // Silence from creation counts too: a job that never starts pinging is down after one period plus grace.
      nextCheckAt: heartbeatDeadline(Date.now(), input),
    });
    return toJson(row);
  }

  return {
    async create(userId: string, input: CreateMonitorInput): Promise<MonitorJson> {
      if (input.type === "heartbeat") return createHeartbeat(userId, input);
      if (input.url === undefined) {
        throw new ValidationError(`${input.type} monitors need a url`, { path: "url" });
      }
      const { defaultName } = validateTarget(input.type, input.url, targets);
      assertTimeoutFitsInterval(input.timeoutMs, input.intervalSeconds);
      let regions = input.regions;
      if (regions) await assertRegionsExist(db, regions);
      else regions = (await listRegions(db)).map((r) => r.name);
      if (regions.length === 0)
        throw new ValidationError("No region exists yet: an admin must add one first");
      assertQuorumFits(input.quorum, regions);
      await assertChannelsOwned(db, userId, input.channelIds);
      const row = await insertMonitor(db, {
        ...input,
        confirmations: input.confirmations ?? 2,
        recoveries: input.recoveries ?? 2,
        url: input.url,
        id: newId(),
        userId,
        name: input.name ?? defaultName,
        regions,
      });
      return toJson(row);
    },

    async get(userId: string, id: string): Promise<MonitorJson> {
      const row = await findOwnedMonitor(db, userId, id);
      return (await withMaintenance([row]))(row);
    },

    /** Each item with its last 24 hours: one query for the whole page (monitor-list-stats.ts). */
    async list(userId: string, limit: number, cursor: string | undefined) {
      const afterId = cursor ? decodeCursor(cursor, z.uuid()) : undefined;
      const rows = await listOwnedMonitors(db, userId, limit + 1, afterId);
      const ids = rows.slice(0, limit).map((r) => r.id);
      const [toItem, statsOf] = await Promise.all([
        withMaintenance(rows),
        monitorListStats(db, ids, new Date()),
      ]);
      const withStats = (row: MonitorRow): MonitorListItem => ({ ...toItem(row), ...statsOf(row.id) });
      return toPage(rows, limit, withStats, (row) => row.id);
    },

    async update(userId: string, id: string, patch: UpdateMonitorInput): Promise<MonitorJson> {
      const current = await findOwnedMonitor(db, userId, id);
      const type = patch.type ?? current.type;
      if ((type === "heartbeat") !== (current.type === "heartbeat")) {
        throw new ValidationError("a monitor cannot change to or from heartbeat: create a new monitor", {
          path: "type",
        });
      }
      if (type === "heartbeat") {
        if (patch.url !== undefined || patch.regions !== undefined) {
          const path = patch.url !== undefined ? "url" : "regions";
          throw new ValidationError(`heartbeat monitors take no ${path}`, { path });
        }
      } else if (patch.url || patch.type) {
        validateTarget(type, patch.url ?? current.url, targets);
      }
      assertTimeoutFitsInterval(
        patch.timeoutMs ?? current.timeoutMs,
        patch.intervalSeconds ?? current.intervalSeconds,
      );
      if (patch.regions) await assertRegionsExist(db, patch.regions);
      if (patch.quorum !== undefined || patch.regions !== undefined) {
        assertQuorumFits(patch.quorum ?? current.quorum, patch.regions ?? current.regions);
      }
      await assertChannelsOwned(db, userId, patch.channelIds);
      const now = new Date();
      // Any edit but a pause gets an immediate check, so the user sees the effect of the change at once; a heartbeat
      // gets a fresh period instead, as its check is the next ping.
      const nextCheckAt =
        patch.paused === true
          ? {}
          : {
              nextCheckAt:
                type === "heartbeat"
                  ? heartbeatDeadline(now.getTime(), {
                      intervalSeconds: patch.intervalSeconds ?? current.intervalSeconds,
                      graceSeconds: patch.graceSeconds ?? current.graceSeconds,
                    })
                  : now,
              // A pending retry of the old settings must not turn this check into a partial one.
              retryRegions: [],
            };
      // Masked secrets sent back unchanged keep their stored values.
      const secrets = {
        ...(patch.headers && { headers: unmaskHeaders(patch.headers, current.headers) }),
        ...(patch.auth !== undefined && { auth: unmaskAuth(patch.auth, current.auth) }),
        ...(patch.body !== undefined && { body: unmaskBody(patch.body, current.body) }),
      };
      const changes = { ...patch, ...secrets, ...nextCheckAt, updatedAt: now };
      return toJson(await updateOwnedMonitor(db, userId, id, changes));
    },

    remove: (userId: string, id: string) => deleteOwnedMonitor(db, userId, id),
  };
}

export type MonitorService = ReturnType<typeof createMonitorService>;
