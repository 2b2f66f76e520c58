import { and, eq, gt, lte, or, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { maintenanceWindows } from "../db/schema/index.js";
import { isActive, scheduleOf } from "./maintenance-schedule.js";

/**
 * Which of these monitors are in maintenance at `at`: their checks still count, but no incident opens and nothing is
 * notified. One query per call (the GIN index on monitor_ids answers the overlap; one-off windows not on at `at` are
 * left out in SQL), the weekly schedules are judged in memory: cheap enough for the ingester to call per batch.
 */
export async function monitorsInMaintenance(
  db: Database,
  monitorIds: string[],
  at: Date,
): Promise<Set<string>> {
  const inMaintenance = new Set<string>();
  if (monitorIds.length === 0) return inMaintenance;
  const w = maintenanceWindows;
  const rows = await db
    .select({
      monitorIds: w.monitorIds,
      kind: w.kind,
      startsAt: w.startsAt,
      endsAt: w.endsAt,
      weekdays: w.weekdays,
      startTime: w.startTime,
      durationMinutes: w.durationMinutes,
      timeZone: w.timeZone,
    })
    .from(w)
    .where(
      and(
        sql`${w.monitorIds} && ${sql.param(monitorIds)}::uuid[]`,
        or(eq(w.kind, "weekly"), and(lte(w.startsAt, at), gt(w.endsAt, at))),
      ),
    );
  const asked = new Set(monitorIds);
  for (const row of rows) {
    if (!isActive(scheduleOf(row), at)) continue;
    for (const id of row.monitorIds) if (asked.has(id)) inMaintenance.add(id);
  }
  return inMaintenance;
}
