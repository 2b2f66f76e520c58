import type { Database } from "../db/client.js";
import { heartbeatDeadline } from "../heartbeats/heartbeat-token.js";
import { AppError, ValidationError } from "../http/errors.js";
import type { MonitorChange } from "../live/live-events.js";
import { firstSlotFrom } from "../scheduler/slots.js";
import { collectItemIssues, itemIssuesError, passed } from "./item-errors.js";
import {
  deleteSelected,
  insertMonitors,
  lockOwned,
  lockPausedSelected,
  type MonitorSelector,
  pauseSelected,
  resumeMonitors,
} from "./monitor-bulk-repository.js";
import type { MonitorSelectorInput } from "./monitor-bulk-schemas.js";
import { monitorChanged } from "./monitor-changes.js";
import type { MonitorRow } from "./monitor-repository.js";
import type { CreateMonitorInput, MonitorJson } from "./monitor-schemas.js";
import { type MonitorServiceDeps, toMonitorJson } from "./monitor-service.js";
import { loadNewMonitorContext, newMonitorRow } from "./new-monitor.js";

export type MonitorBulkServiceDeps = MonitorServiceDeps & { now?: () => number };

function toSelector(input: MonitorSelectorInput): MonitorSelector {
  if (input.ids) return { ids: [...new Set(input.ids)] };
  if (input.tag !== undefined) return { tag: input.tag };
  throw new ValidationError("send exactly one of ids and tag");
}

/** When a resumed monitor is next due: spread over its interval, or, for a heartbeat, a fresh period plus grace. */
export function resumedDueAt(
  monitor: { id: string; type: MonitorRow["type"]; intervalSeconds: number; graceSeconds: number },
  now: number,
): Date {
  return monitor.type === "heartbeat"
    ? heartbeatDeadline(now, monitor)
    : new Date(firstSlotFrom(monitor.id, monitor.intervalSeconds * 1000, now));
}

/**
 * Changes to many monitors in one request, each all or nothing: every item is judged first and any problem is a 400
 * naming the items; ids that are not the caller's are a 404 naming them; then one transaction writes. First checks
 * of created and resumed monitors are spread over their interval (scheduler/slots.ts), never one burst.
 */
export function createMonitorBulkService(
  db: Database,
  { targets, publicUrl, live, now = Date.now }: MonitorBulkServiceDeps,
) {
  const announce = (userId: string, ids: string[], change: MonitorChange) => {
    if (ids.length === 0) return;
    live.publish(ids.map((monitorId) => monitorChanged(userId, monitorId, change)));
  };

  /** Listed ids must all be the caller's; otherwise nothing changes and the error names the others. */
  async function assertAllOwned(tx: Database, userId: string, selector: MonitorSelector): Promise<void> {
    if (!("ids" in selector)) return;
    const missing = await lockOwned(tx, userId, selector.ids);
    if (missing.length > 0) {
      const plural = missing.length > 1 ? "s" : "";
      throw new AppError("not_found", `Monitor${plural} not found: ${missing.join(", ")}`, { ids: missing });
    }
  }

  return {
    async create(userId: string, inputs: CreateMonitorInput[]): Promise<{ items: MonitorJson[] }> {
      const context = await loadNewMonitorContext(db, userId, targets, inputs);
      const at = now();
      const { results, issues } = collectItemIssues("monitors", inputs, (input) =>
        newMonitorRow(userId, input, context, { firstCheck: "spread", now: at }),
      );
      if (issues.length > 0) throw itemIssuesError(issues);
      const rows = passed(results);
      const inserted = await db.transaction((tx) => insertMonitors(tx, rows));
      const byId = new Map(inserted.map((row) => [row.id, row]));
      const ordered = rows.flatMap((row) => byId.get(row.id) ?? []);
      announce(
        userId,
        ordered.map((r) => r.id),
        "created",
      );
      return { items: ordered.map((row) => toMonitorJson(row, publicUrl)) };
    },

    async pause(userId: string, input: MonitorSelectorInput): Promise<{ count: number }> {
      const selector = toSelector(input);
      const ids = await db.transaction(async (tx) => {
        await assertAllOwned(tx, userId, selector);
        return pauseSelected(tx, userId, selector, new Date(now()));
      });
      announce(userId, ids, "paused");
      return { count: ids.length };
    },

    async resume(userId: string, input: MonitorSelectorInput): Promise<{ count: number }> {
      const selector = toSelector(input);
      const ids = await db.transaction(async (tx) => {
        await assertAllOwned(tx, userId, selector);
        const at = now();
        const paused = await lockPausedSelected(tx, userId, selector);
        const next = paused.map((m) => ({ id: m.id, at: resumedDueAt(m, at) }));
        return resumeMonitors(tx, userId, next, new Date(at));
      });
      announce(userId, ids, "resumed");
      return { count: ids.length };
    },

    async remove(userId: string, input: MonitorSelectorInput): Promise<{ count: number }> {
      const selector = toSelector(input);
      const ids = await db.transaction(async (tx) => {
        await assertAllOwned(tx, userId, selector);
        return deleteSelected(tx, userId, selector);
      });
      announce(userId, ids, "deleted");
      return { count: ids.length };
    },
  };
}

export type MonitorBulkService = ReturnType<typeof createMonitorBulkService>;
