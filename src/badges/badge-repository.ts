import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { MonitorHealth } from "../db/schema/index.js";

export type PublicMonitor = { id: string; status: MonitorHealth; paused: boolean };

/** The monitor when at least one published status page shows it; otherwise (or when missing) undefined. */
export async function findPublicMonitor(db: Database, monitorId: string): Promise<PublicMonitor | undefined> {
  const { rows } = await db.execute<PublicMonitor>(sql`
    select m.id, m.status, m.paused from monitors m
    where m.id = ${monitorId} and exists (
      select 1 from status_page_monitors spm join status_pages sp on sp.id = spm.page_id
      where spm.monitor_id = m.id and sp.published)`);
  return rows[0];
}
