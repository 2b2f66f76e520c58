import { z } from "zod";
import { type TargetPolicy, urlTargetError } from "../checks/target-guard.js";
import type { Database } from "../db/client.js";
import type { MonitorType } from "../db/schema/index.js";
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
import { maskAuth, maskBody, maskHeaders, unmaskAuth, unmaskBody, unmaskHeaders } from "./secret-masking.js";

export function toMonitorJson(row: MonitorRow): MonitorJson {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    url: row.url,
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

/** A check must finish before the next one is due, or checks of one monitor would pile up. */
function assertTimeoutFitsInterval(timeoutMs: number, intervalSeconds: number): void {
  if (timeoutMs > intervalSeconds * 1000) {
    throw new ValidationError(
      `timeoutMs (${timeoutMs}) must not exceed the interval (${intervalSeconds} s = ${intervalSeconds * 1000} ms)`,
      { path: "timeoutMs" },
    );
  }
}

/** http monitors take http(s) URLs; tcp monitors take tcp://host:port. */
function assertUrlFitsType(type: MonitorType, url: string): void {
  const parsed = new URL(url);
  const ok = type === "tcp" ? parsed.protocol === "tcp:" && parsed.port !== "" : parsed.protocol !== "tcp:";
  if (!ok) {
    const message =
      type === "tcp"
        ? "tcp monitors need a url like tcp://host:port"
        : "http monitors need an http:// or https:// url";
    throw new ValidationError(message, { path: "url" });
  }
}

/** The SSRF guard's early word: a URL naming a blocked address is refused before it is ever scheduled. */
function assertTargetAllowed(url: string, targets: TargetPolicy): void {
  const reason = urlTargetError(url, targets);
  if (reason) throw new ValidationError(reason, { path: "url" });
}

export function createMonitorService(db: Database, targets: TargetPolicy) {
  return {
    async create(userId: string, input: CreateMonitorInput): Promise<MonitorJson> {
      assertUrlFitsType(input.type, input.url);
      assertTargetAllowed(input.url, targets);
      assertTimeoutFitsInterval(input.timeoutMs, input.intervalSeconds);
      let regions = input.regions;
      if (regions) await assertRegionsExist(db, regions);
      else regions = (await listRegions(db)).map((r) => r.name);
      if (regions.length === 0)
        throw new ValidationError("No region exists yet: an admin must add one first");
      const row = await insertMonitor(db, {
        ...input,
        id: newId(),
        userId,
        name: input.name ?? new URL(input.url).hostname,
        regions,
      });
      return toMonitorJson(row);
    },

    async get(userId: string, id: string): Promise<MonitorJson> {
      return toMonitorJson(await findOwnedMonitor(db, userId, id));
    },

    async list(userId: string, limit: number, cursor: string | undefined) {
      const afterId = cursor ? decodeCursor(cursor, z.uuid()) : undefined;
      const rows = await listOwnedMonitors(db, userId, limit + 1, afterId);
      return toPage(rows, limit, toMonitorJson, (row) => row.id);
    },

    async update(userId: string, id: string, patch: UpdateMonitorInput): Promise<MonitorJson> {
      const current = await findOwnedMonitor(db, userId, id);
      if (patch.url || patch.type) assertUrlFitsType(patch.type ?? current.type, patch.url ?? current.url);
      if (patch.url) assertTargetAllowed(patch.url, targets);
      assertTimeoutFitsInterval(
        patch.timeoutMs ?? current.timeoutMs,
        patch.intervalSeconds ?? current.intervalSeconds,
      );
      if (patch.regions) await assertRegionsExist(db, patch.regions);
      const now = new Date();
      // Any edit but a pause gets an immediate check, so the user sees the effect of the change at once.
      const nextCheckAt = patch.paused === true ? {} : { nextCheckAt: now };
      // Masked secrets sent back unchanged keep their stored values.
      const secrets = {
        ...(patch.headers && { headers: unmaskHeaders(patch.headers, current.headers) }),
        ...(patch.auth !== undefined && { auth: unmaskAuth(patch.auth, current.auth) }),
        ...(patch.body !== undefined && { body: unmaskBody(patch.body, current.body) }),
      };
      const changes = { ...patch, ...secrets, ...nextCheckAt, updatedAt: now };
      return toMonitorJson(await updateOwnedMonitor(db, userId, id, changes));
    },

    remove: (userId: string, id: string) => deleteOwnedMonitor(db, userId, id),
  };
}

export type MonitorService = ReturnType<typeof createMonitorService>;
