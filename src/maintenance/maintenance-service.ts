import { z } from "zod";
import type { Database } from "../db/client.js";
import { ValidationError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { newId } from "../lib/ids.js";
import {
  deleteOwnedWindow,
  findOwnedWindow,
  insertWindow,
  listOwnedWindows,
  type MaintenanceRow,
  type NewMaintenanceRow,
  ownedMonitorIds,
  updateOwnedWindow,
} from "./maintenance-repository.js";
import { isActive, nextOccurrence, scheduleOf } from "./maintenance-schedule.js";
import {
  type CreateMaintenanceInput,
  createMaintenanceBody,
  type ListMaintenanceQuery,
  type MaintenanceJson,
  type UpdateMaintenanceInput,
} from "./maintenance-schemas.js";

export function toMaintenanceJson(
  row: MaintenanceRow,
  liveMonitorIds: Set<string>,
  at: Date,
): MaintenanceJson {
  const schedule = scheduleOf(row);
  const next = nextOccurrence(schedule, at);
  return {
    id: row.id,
    name: row.name,
    monitorIds: row.monitorIds.filter((id) => liveMonitorIds.has(id)),
    kind: row.kind,
    timeZone: row.timeZone,
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    weekdays: row.weekdays,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    active: isActive(schedule, at),
    next: next && { startsAt: next.startsAt.toISOString(), endsAt: next.endsAt.toISOString() },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The columns of a whole window: the other kind's columns are cleared, so a row never mixes both. */
function scheduleColumns(input: CreateMaintenanceInput) {
  const common = {
    name: input.name,
    monitorIds: input.monitorIds,
    kind: input.kind,
    timeZone: input.timeZone,
  };
  if (input.kind === "once") {
    const once = { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) };
    return { ...common, ...once, weekdays: null, startTime: null, durationMinutes: null };
  }
  const { weekdays, startTime, durationMinutes } = input;
  return { ...common, startsAt: null, endsAt: null, weekdays, startTime, durationMinutes };
}

/** The stored window as a request body, so a partial change can be merged into it and checked as a whole. */
function asInput(row: MaintenanceRow, kind: MaintenanceRow["kind"]): Record<string, unknown> {
  const common = { name: row.name, monitorIds: row.monitorIds, timeZone: row.timeZone, kind };
  // A change of kind keeps only the common fields: the new kind's must come with the change.
  if (kind !== row.kind) return common;
  if (row.kind === "once")
    return { ...common, startsAt: row.startsAt?.toISOString(), endsAt: row.endsAt?.toISOString() };
  const { weekdays, startTime, durationMinutes } = row;
  return { ...common, weekdays, startTime, durationMinutes };
}

/** Reports a failed whole-body check the way the error handler reports a failed request schema. */
function parseWhole(body: Record<string, unknown>): CreateMaintenanceInput {
  const parsed = createMaintenanceBody.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    in: "body",
    path: issue.path.join(".") || undefined,
    message: issue.message,
  }));
  const first = details[0];
  throw new ValidationError(
    `Invalid body: ${first?.path ? `${first.path}: ` : ""}${first?.message}`,
    details,
  );
}

export function createMaintenanceService(db: Database, now: () => Date = () => new Date()) {
  /** Every id must be one of the caller's monitors; another user's monitor is reported as unknown, like a missing one. */
  async function assertOwnedMonitors(userId: string, ids: string[]): Promise<void> {
    const owned = await ownedMonitorIds(db, userId, ids);
    const unknown = ids.filter((id) => !owned.has(id));
    if (unknown.length > 0) {
      throw new ValidationError(`Unknown monitor${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
        path: "monitorIds",
        unknown,
      });
    }
  }

  async function toJsonList(userId: string, rows: MaintenanceRow[], at = now()): Promise<MaintenanceJson[]> {
    const live = await ownedMonitorIds(db, userId, [...new Set(rows.flatMap((row) => row.monitorIds))]);
    return rows.map((row) => toMaintenanceJson(row, live, at));
  }

  const toJson = async (userId: string, row: MaintenanceRow) => {
    const [json] = await toJsonList(userId, [row]);
    if (!json) throw new Error("no JSON for a maintenance window");
    return json;
  };

  return {
    async create(userId: string, input: CreateMaintenanceInput): Promise<MaintenanceJson> {
      await assertOwnedMonitors(userId, input.monitorIds);
      const row: NewMaintenanceRow = { ...scheduleColumns(input), id: newId(), userId };
      return toJson(userId, await insertWindow(db, row));
    },

    async get(userId: string, id: string): Promise<MaintenanceJson> {
      return toJson(userId, await findOwnedWindow(db, userId, id));
    },

    /** Keyset pages by id. `active` is computed, not stored: rows are read in batches until a page is full. */
    async list(userId: string, query: ListMaintenanceQuery) {
      const want = query.limit + 1;
      let afterId = query.cursor ? decodeCursor(query.cursor, z.uuid()) : undefined;
      const at = now();
      const matches: MaintenanceRow[] = [];
      for (;;) {
        const rows = await listOwnedWindows(db, userId, { limit: want, afterId, monitorId: query.monitorId });
        for (const row of rows) {
          if (query.active === undefined || isActive(scheduleOf(row), at) === query.active) matches.push(row);
        }
        afterId = rows.at(-1)?.id;
        if (matches.length >= want || rows.length < want) break;
      }
      const page = toPage(
        matches,
        query.limit,
        (row) => row,
        (row) => row.id,
      );
      return { items: await toJsonList(userId, page.items, at), nextCursor: page.nextCursor };
    },

    async update(userId: string, id: string, patch: UpdateMaintenanceInput): Promise<MaintenanceJson> {
      const current = await findOwnedWindow(db, userId, id);
      const whole = parseWhole({ ...asInput(current, patch.kind ?? current.kind), ...patch });
      if (patch.monitorIds) await assertOwnedMonitors(userId, patch.monitorIds);
      const row = await updateOwnedWindow(db, userId, id, { ...scheduleColumns(whole), updatedAt: now() });
      return toJson(userId, row);
    },

    remove: (userId: string, id: string) => deleteOwnedWindow(db, userId, id),
  };
}

export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
