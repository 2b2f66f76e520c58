import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { MonitorHealth, MonitorType } from "../db/schema/index.js";
import type { IncidentCause } from "./incident-cause.js";
import type { RecentResult } from "./incident-decision.js";

export type MachineMonitor = {
  id: string;
  userId: string;
  name: string;
  type: MonitorType;
  url: string;
  status: MonitorHealth;
  regions: string[];
  confirmations: number;
  quorum: number;
  recoveries: number;
  retryIntervalSeconds: number;
  channelIds: string[] | null;
  reminderMinutes: number | null;
  nextCheckAt: number;
  lastRetryAt: number | null;
  retryRegions: string[];
  certWarned: string | null;
  /** Reported with the state the machine leaves, for live updates. */
  paused: boolean;
  lastCheckedAt: number | null;
  /** Cheap flags, so the open-incident and maintenance lookups run only for the monitors that need them. */
  hasOpenIncident: boolean;
  hasMaintenanceWindow: boolean;
};

export type StoredResult = RecentResult & { checkedAt: number; certExpiresAt: number | null };

export type OpenIncidentRow = {
  id: string;
  monitorId: string;
  state: "open" | "acknowledged";
  cause: IncidentCause;
  firstFailureAt: number;
  openedAt: number;
};

const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

/**
 * Locks the monitors in id order (ingesters sharing the stream touch overlapping monitors; any other order
 * deadlocked under load) and reads what the state machine needs of them.
 */
export async function lockMachineMonitors(tx: Database, ids: string[]): Promise<MachineMonitor[]> {
  const { rows } = await tx.execute<MachineMonitor>(sql`
    select id, user_id as "userId", name, type, url, status, regions, confirmations, quorum, recoveries,
      retry_interval_seconds as "retryIntervalSeconds", channel_ids as "channelIds",
      reminder_minutes as "reminderMinutes", ${ms("next_check_at")} as "nextCheckAt",
      ${ms("last_retry_at")} as "lastRetryAt", retry_regions as "retryRegions", cert_warned as "certWarned",
      paused, ${ms("last_checked_at")} as "lastCheckedAt",
      exists (select 1 from incidents i where i.monitor_id = m.id and i.state <> 'resolved') as "hasOpenIncident",
      exists (select 1 from maintenance_windows w where w.monitor_ids @> array[m.id]) as "hasMaintenanceWindow"
    from monitors m where id = any(${sql.param(ids)}::uuid[]) order by id for no key update`);
  return rows.map((r) => ({ ...r, nextCheckAt: Math.round(r.nextCheckAt) }));
}

/** The newest `depth` real results of every region of each monitor, newest first (missed checks say nothing). */
export async function recentResults(
  tx: Database,
  ids: string[],
  depth: number,
): Promise<Map<string, Map<string, StoredResult[]>>> {
  const { rows } = await tx.execute<StoredResult & { monitorId: string }>(sql`
    select m.id as "monitorId", reg.name as region, r.id, r.status, ${ms("r.scheduled_at")} as "scheduledAt",
      ${ms("r.checked_at")} as "checkedAt", ${ms("r.cert_expires_at")} as "certExpiresAt",
      r.status_code as "statusCode", r.error, r.failed_assertion as "failedAssertion"
    from monitors m
    cross join lateral unnest(m.regions) as reg(name)
    cross join lateral (
      select * from check_results r
      where r.monitor_id = m.id and r.region = reg.name and r.status <> 'missed'
      order by r.scheduled_at desc limit ${depth}
    ) r
    where m.id = any(${sql.param(ids)}::uuid[])
    order by m.id, reg.name, r.scheduled_at desc`);
  const byMonitor = new Map<string, Map<string, StoredResult[]>>();
  for (const { monitorId, ...row } of rows) {
    const result = { ...row, id: Number(row.id), scheduledAt: Math.round(row.scheduledAt) };
    let regions = byMonitor.get(monitorId);
    if (!regions) {
      regions = new Map();
      byMonitor.set(monitorId, regions);
    }
    const list = regions.get(result.region);
    if (list) list.push(result);
    else regions.set(result.region, [result]);
  }
  return byMonitor;
}

export async function openIncidentsOf(tx: Database, ids: string[]): Promise<Map<string, OpenIncidentRow>> {
  const { rows } = await tx.execute<OpenIncidentRow>(sql`
    select id, monitor_id as "monitorId", state, cause, ${ms("first_failure_at")} as "firstFailureAt",
      ${ms("opened_at")} as "openedAt"
    from incidents where monitor_id = any(${sql.param(ids)}::uuid[]) and state <> 'resolved'`);
  return new Map(rows.map((r) => [r.monitorId, r]));
}
