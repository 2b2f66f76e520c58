import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { MonitorHealth } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";
import { monitorsInMaintenance } from "../maintenance/maintenance-query.js";
import { enqueueNotifications } from "../notifications/outbox.js";
import { type Decision, decide, retryPlan } from "./incident-decision.js";
import { certificateMessage, downMessage, recoveredMessage, reminderMessage } from "./incident-messages.js";
import { addIncidentEvents } from "./incident-repository.js";
import {
  lockMachineMonitors,
  type MachineMonitor,
  type OpenIncidentRow,
  openIncidentsOf,
  recentResults,
  type StoredResult,
} from "./machine-inputs.js";

/** Days before a certificate's expiry when its owner is warned, once each. */
const certificateWarningDays = [30, 14, 7, 1];
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** What a run left behind, reported once its transaction committed (live updates). */
export type MachineOutcome = {
  /** Every monitor the run evaluated, with the state it stored. */
  monitors: {
    id: string;
    userId: string;
    status: MonitorHealth;
    paused: boolean;
    lastCheckedAt: number | null;
  }[];
  /** Incidents the run opened or resolved. */
  incidents: IncidentTransition[];
};

export type IncidentTransition = {
  id: string;
  monitorId: string;
  userId: string;
  state: "open" | "resolved";
};

/**
 * The incident state machine, the one place that turns stored results into monitor state. Runs in the ingester's
 * batch transaction, after the results are inserted, for every monitor the batch touched (new rows or not: a
 * replayed batch re-derives the same state, and every write below is idempotent). Opening an incident, resolving
 * it and the notifications they cause commit together or not at all.
 */
export async function runIncidentMachine(
  tx: Database,
  monitorIds: string[],
  now: number,
): Promise<MachineOutcome> {
  const outcome: MachineOutcome = { monitors: [], incidents: [] };
  const monitors = await lockMachineMonitors(tx, monitorIds);
  if (monitors.length === 0) return outcome;
  const ids = monitors.map((m) => m.id);
  const depth = Math.max(...monitors.map((m) => Math.max(m.confirmations, m.recoveries)));
  const results = await recentResults(tx, ids, depth);
  const withIncident = monitors.filter((m) => m.hasOpenIncident).map((m) => m.id);
  const withWindow = monitors.filter((m) => m.hasMaintenanceWindow).map((m) => m.id);
  // Most batches touch monitors with neither: two round trips saved per batch (bench:pipeline CPU).
  const open = withIncident.length > 0 ? await openIncidentsOf(tx, withIncident) : new Map();
  const maintenance =
    withWindow.length > 0 ? await monitorsInMaintenance(tx, withWindow, new Date(now)) : new Set<string>();
  const states: MonitorState[] = [];
  for (const monitor of monitors) {
    const byRegion = results.get(monitor.id) ?? new Map();
    const ctx = { now, inMaintenance: maintenance.has(monitor.id) };
    const { state, incident } = await evaluate(tx, monitor, byRegion, open.get(monitor.id) ?? null, ctx);
    states.push(state);
    if (incident) outcome.incidents.push(incident);
    outcome.monitors.push({
      id: monitor.id,
      userId: monitor.userId,
      status: state.status,
      paused: monitor.paused,
      lastCheckedAt: state.lastCheckedAt ?? monitor.lastCheckedAt,
    });
  }
  await saveMonitorStates(tx, states);
  return outcome;
}

type MonitorState = {
  id: string;
  status: MonitorHealth;
  lastCheckedAt: number | null;
  certExpiresAt: number | null;
  certWarned: string | null;
};

/** One statement for the whole batch, writing only rows that changed: most batches change nothing but the time. */
async function saveMonitorStates(tx: Database, states: MonitorState[]): Promise<void> {
  const col = <T>(pick: (s: MonitorState) => T) => sql.param(states.map(pick));
  await tx.execute(sql`
    update monitors m set status = x.status, last_checked_at = coalesce(x.last_checked_at, m.last_checked_at),
      cert_expires_at = x.cert_expires_at, cert_warned = coalesce(x.cert_warned, m.cert_warned)
    from unnest(
      ${col((s) => s.id)}::uuid[],
      ${col((s) => s.status)}::text[],
      ${col((s) => (s.lastCheckedAt === null ? null : iso(s.lastCheckedAt)))}::timestamptz[],
      ${col((s) => (s.certExpiresAt === null ? null : iso(s.certExpiresAt)))}::timestamptz[],
      ${col((s) => s.certWarned)}::text[]
    ) as x(id, status, last_checked_at, cert_expires_at, cert_warned)
    where m.id = x.id and (m.status is distinct from x.status
      or m.last_checked_at is distinct from coalesce(x.last_checked_at, m.last_checked_at)
      or m.cert_expires_at is distinct from x.cert_expires_at
      or m.cert_warned is distinct from coalesce(x.cert_warned, m.cert_warned))`);
}

type Context = { now: number; inMaintenance: boolean };

async function evaluate(
  tx: Database,
  monitor: MachineMonitor,
  byRegion: Map<string, StoredResult[]>,
  open: OpenIncidentRow | null,
  ctx: Context,
): Promise<{ state: MonitorState; incident: IncidentTransition | null }> {
  const decision = decide(monitor, byRegion, open, ctx.inMaintenance);
  let down = open !== null;
  let incident: IncidentTransition | null = null;
  const transition = (id: string, state: IncidentTransition["state"]) =>
    ({ id, monitorId: monitor.id, userId: monitor.userId, state }) satisfies IncidentTransition;
  if (decision.kind === "open") {
    const opened = await openIncident(tx, monitor, decision, ctx);
    if (opened) incident = transition(opened, "open");
    down = true;
  } else if (decision.kind === "resolve" && open) {
    await resolveIncident(tx, monitor, open, ctx);
    incident = transition(open.id, "resolved");
    down = false;
  } else if (open?.state === "open" && monitor.reminderMinutes !== null && !ctx.inMaintenance) {
    await remind(tx, monitor, open, monitor.reminderMinutes, ctx.now);
  }
  const newest = [...byRegion.values()].map((list) => list[0]).filter((r): r is StoredResult => !!r);
  // An unconfirmed failure changes nothing yet: a new monitor stays pending, an up one stays up.
  const status: MonitorHealth = down
    ? "down"
    : newest.length === 0 || newest.some((r) => r.status === "down")
      ? monitor.status === "down"
        ? "up"
        : monitor.status
      : newest.some((r) => r.status === "degraded")
        ? "degraded"
        : "up";
  const lastCheckedAt = newest.length > 0 ? Math.max(...newest.map((r) => r.checkedAt)) : null;
  const expiries = newest.map((r) => r.certExpiresAt).filter((e): e is number => e !== null);
  const certExpiresAt = expiries.length > 0 ? Math.min(...expiries) : null;
  if (!down && !ctx.inMaintenance && monitor.type !== "heartbeat") await planRetry(tx, monitor, byRegion);
  const certWarned =
    certExpiresAt !== null && !ctx.inMaintenance
      ? await warnCertificate(tx, monitor, certExpiresAt, ctx.now)
      : null;
  return { state: { id: monitor.id, status, lastCheckedAt, certExpiresAt, certWarned }, incident };
}

/**
 * Opens the incident, unless another ingester's transaction already had (then there is nothing to add). Returns
 * the new incident's id, or null.
 */
async function openIncident(
  tx: Database,
  monitor: MachineMonitor,
  decision: Extract<Decision, { kind: "open" }>,
  ctx: Context,
): Promise<string | null> {
  const id = newId();
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into incidents (id, monitor_id, user_id, state, first_failure_at, opened_at, opened_by_result_id, cause)
    values (${id}, ${monitor.id}, ${monitor.userId}, 'open', ${iso(decision.firstFailureAt)}::timestamptz,
      ${iso(ctx.now)}::timestamptz, ${decision.openedByResultId}, ${JSON.stringify(decision.cause)}::jsonb)
    on conflict (monitor_id) where state <> 'resolved' do nothing
    returning id`);
  if (rows.length === 0) return null;
  const first = decision.firstFailure;
  await addIncidentEvents(tx, id, [
    {
      at: new Date(first.scheduledAt),
      kind: "first_failure",
      message: `First failed check in ${first.region}: ${first.error ?? "check failed"}`,
      details: { region: first.region, statusCode: first.statusCode, resultId: first.id },
    },
    {
      at: new Date(ctx.now),
      kind: "confirmed",
      message: `Confirmed down in ${decision.cause.regions.join(", ")} after ${monitor.confirmations} failed check${monitor.confirmations > 1 ? "s" : ""} in a row`,
      details: { openedByResultId: decision.openedByResultId, cause: decision.cause },
    },
  ]);
  const facts = { id, openedAt: ctx.now, resolvedAt: null, cause: decision.cause };
  await enqueueNotifications(tx, {
    userId: monitor.userId,
    channelIds: monitor.channelIds,
    incidentId: id,
    idempotencyKey: `incident:${id}:down`,
    message: downMessage(monitor, facts),
  });
  return id;
}

async function resolveIncident(tx: Database, monitor: MachineMonitor, open: OpenIncidentRow, ctx: Context) {
  await tx.execute(sql`
    update incidents set state = 'resolved', resolved_at = ${iso(ctx.now)}::timestamptz
    where id = ${open.id}::uuid and state <> 'resolved'`);
  await addIncidentEvents(tx, open.id, [
    {
      at: new Date(ctx.now),
      kind: "resolved",
      message: `Recovered after ${monitor.recoveries} passing check(s) in every failing region`,
    },
  ]);
  // Announced even inside a maintenance window: the DOWN went out before it began, and a recovery that never
  // follows would leave receivers (a PagerDuty alert, say) open for good.
  await enqueueNotifications(tx, {
    userId: monitor.userId,
    channelIds: monitor.channelIds,
    incidentId: open.id,
    idempotencyKey: `incident:${open.id}:recovered`,
    message: recoveredMessage(monitor, { ...open, resolvedAt: ctx.now }),
  });
}

/** One reminder per elapsed reminder period; the period number in the key makes each one send once. */
async function remind(
  tx: Database,
  monitor: MachineMonitor,
  open: OpenIncidentRow,
  minutes: number,
  now: number,
) {
  const period = Math.floor((now - open.openedAt) / (minutes * 60_000));
  if (period < 1) return;
  const sent = await enqueueNotifications(tx, {
    userId: monitor.userId,
    channelIds: monitor.channelIds,
    incidentId: open.id,
    idempotencyKey: `incident:${open.id}:reminder:${period}`,
    message: reminderMessage(monitor, { ...open, resolvedAt: null }, now),
  });
  if (sent > 0)
    await addIncidentEvents(tx, open.id, [
      { at: new Date(now), kind: "reminder", message: "Still down: reminder sent" },
    ]);
}

/**
 * A failed, unconfirmed check is re-checked after the retry interval in the failing regions only, instead of a
 * full interval later. `last_retry_at` makes each failure lead to one retry however often this runs.
 */
async function planRetry(tx: Database, monitor: MachineMonitor, byRegion: Map<string, StoredResult[]>) {
  const plan = retryPlan(monitor, byRegion);
  // A retry already pending at the same time gains the regions that failed since (results arrive region by region).
  if (!plan || plan.at <= (monitor.lastRetryAt ?? 0) || plan.at > monitor.nextCheckAt) return;
  const pending = plan.at === monitor.nextCheckAt && plan.regions.join() === monitor.retryRegions.join();
  if (pending) return;
  await tx.execute(sql`
    update monitors set next_check_at = ${iso(plan.at)}::timestamptz, retry_regions = ${sql.param(plan.regions)}::text[]
    where id = ${monitor.id}::uuid`);
}

/**
 * Warns at the tightest threshold crossed; the key (expiry and threshold) makes each warning send once, and the
 * monitor remembers the last key so later batches skip the outbox entirely. Returns the key warned, if any.
 */
async function warnCertificate(
  tx: Database,
  monitor: MachineMonitor,
  expiresAt: number,
  now: number,
): Promise<string | null> {
  const daysLeft = (expiresAt - now) / DAY_MS;
  const crossed = certificateWarningDays.filter((d) => daysLeft < d);
  if (crossed.length === 0) return null;
  const key = `certificate:${monitor.id}:${iso(expiresAt)}:${Math.min(...crossed)}`;
  if (monitor.certWarned === key) return null;
  await enqueueNotifications(tx, {
    userId: monitor.userId,
    channelIds: monitor.channelIds,
    incidentId: null,
    idempotencyKey: key,
    message: certificateMessage(monitor, expiresAt, now),
  });
  return key;
}
