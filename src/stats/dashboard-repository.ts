import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { monitors } from "../db/schema/index.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** Just what the status counts need, for every monitor of the user. */
export async function monitorStates(db: Database, userId: string) {
  return db
    .select({ id: monitors.id, paused: monitors.paused, status: monitors.status })
    .from(monitors)
    .where(eq(monitors.userId, userId));
}

/** Unresolved incidents (open or acknowledged), and incidents opened since `sinceMs`, of the user's monitors. */
export async function incidentCounts(db: Database, userId: string, sinceMs: number) {
  const { rows } = await db.execute<{ open: number; today: number }>(sql`
    select count(*) filter (where state <> 'resolved')::int as open,
      count(*) filter (where opened_at >= ${iso(sinceMs)}::timestamptz)::int as today
    from incidents where user_id = ${userId}`);
  return rows[0] ?? { open: 0, today: 0 };
}
