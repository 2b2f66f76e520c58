import { z } from "zod";
import type { TargetPolicy } from "../checks/target-guard.js";
import type { Database } from "../db/client.js";
import { heartbeatDeadline, newHeartbeatToken, pingPath, pushRegion } from "../heartbeats/heartbeat-token.js";
import { ValidationError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { newId } from "../lib/ids.js";
import { findMissingRegions, listRegions } from "../regions/region-repository.js";
import {
  deleteOwnedMonitor,
  findOwnedMonitor,
  insertMonitor,
  listOwnedMonitors,
  type MonitorRow,
  updateOwnedMonitor,
} from "./monitor-repository.js";
import type { CreateMonitorInput, MonitorJson, UpdateMonitorInput } from "./monitor-schemas.js";
import { assertTimeoutFitsInterval, validateTarget } from "./monitor-target.js";
import { maskAuth, maskBody, maskHeaders, unmaskAuth, unmaskBody, unmaskHeaders } from "./secret-masking.js";

export function toMonitorJson(row: MonitorRow, publicUrl: string | undefined): MonitorJson {
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
    pingUrl,
    paused: row.paused,
    status: row.paused ? "paused" : row.status,
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

export type MonitorServiceDeps = { targets: TargetPolicy; publicUrl: string | undefined };

export function createMonitorService(db: Database, { targets, publicUrl }: MonitorServiceDeps) {
  const toJson = (row: MonitorRow) => toMonitorJson(row, publicUrl);

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
    const row = await insertMonitor(db, {
      ...input,
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
      const row = await insertMonitor(db, {
        ...input,
        url: input.url,
        id: newId(),
        userId,
        name: input.name ?? defaultName,
        regions,
      });
      return toJson(row);
    },

    async get(userId: string, id: string): Promise<MonitorJson> {
      return toJson(await findOwnedMonitor(db, userId, id));
    },

    async list(userId: string, limit: number, cursor: string | undefined) {
      const afterId = cursor ? decodeCursor(cursor, z.uuid()) : undefined;
      const rows = await listOwnedMonitors(db, userId, limit + 1, afterId);
      return toPage(rows, limit, toJson, (row) => row.id);
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
