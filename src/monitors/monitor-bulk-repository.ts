import { and, arrayContains, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { monitors } from "../db/schema/index.js";
import type { MonitorRow, NewMonitorRow } from "./monitor-repository.js";

/** The monitors a bulk change acts on: listed ids, or every monitor carrying a tag. Always within one owner. */
export type MonitorSelector = { ids: string[] } | { tag: string };

function selected(userId: string, selector: MonitorSelector): SQL | undefined {
  return and(
    eq(monitors.userId, userId),
    "ids" in selector
      ? sql`${monitors.id} = any(${sql.param(selector.ids)}::uuid[])`
      : arrayContains(monitors.tags, [selector.tag]),
  );
}

/**
 * Inserts the rows in one multi-row statement (one round trip, one plan). Callers keep a batch to 1,000 rows: about
 * 30 parameters a row stays well under PostgreSQL's 65,535 per statement.
 */
export async function insertMonitors(db: Database, rows: NewMonitorRow[]): Promise<MonitorRow[]> {
  if (rows.length === 0) return [];
  return db.insert(monitors).values(rows).returning();
}

/** The ids among `ids` that are not the user's monitors (missing or another user's); locks the owned ones. */
export async function lockOwned(db: Database, userId: string, ids: string[]): Promise<string[]> {
  const rows = await db
    .select({ id: monitors.id })
    .from(monitors)
    .where(selected(userId, { ids }))
    .for("update");
  const owned = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !owned.has(id));
}

/** Pauses the selected active monitors; returns the ids that changed. */
export async function pauseSelected(
  db: Database,
  userId: string,
  selector: MonitorSelector,
  at: Date,
): Promise<string[]> {
  const rows = await db
    .update(monitors)
    .set({ paused: true, updatedAt: at })
    .where(and(selected(userId, selector), eq(monitors.paused, false)))
    .returning({ id: monitors.id });
  return rows.map((r) => r.id);
}

export type PausedMonitor = Pick<MonitorRow, "id" | "type" | "intervalSeconds" | "graceSeconds">;

/** The selected paused monitors, locked, with what their next due time depends on. */
export async function lockPausedSelected(
  db: Database,
  userId: string,
  selector: MonitorSelector,
): Promise<PausedMonitor[]> {
  return db
    .select({
      id: monitors.id,
      type: monitors.type,
      intervalSeconds: monitors.intervalSeconds,
      graceSeconds: monitors.graceSeconds,
    })
    .from(monitors)
    .where(and(selected(userId, selector), eq(monitors.paused, true)))
    .for("update");
}

/** Resumes monitors, each with its own next due time, in one statement; a stale retry is dropped. */
export async function resumeMonitors(
  db: Database,
  userId: string,
  next: { id: string; at: Date }[],
  at: Date,
): Promise<string[]> {
  if (next.length === 0) return [];
  const { rows } = await db.execute<{ id: string }>(sql`
    update monitors m set paused = false, next_check_at = x.at, retry_regions = '{}',
      updated_at = ${at.toISOString()}::timestamptz
    from unnest(
      ${sql.param(next.map((n) => n.id))}::uuid[],
      ${sql.param(next.map((n) => n.at.toISOString()))}::timestamptz[]
    ) as x(id, at)
    where m.id = x.id and m.user_id = ${userId} and m.paused
    returning m.id`);
  return rows.map((r) => r.id);
}

export async function deleteSelected(
  db: Database,
  userId: string,
  selector: MonitorSelector,
): Promise<string[]> {
  const rows = await db.delete(monitors).where(selected(userId, selector)).returning({ id: monitors.id });
  return rows.map((r) => r.id);
}
