import type { Database } from "../db/client.js";
import { isActive, nextOccurrence, scheduleOf } from "../maintenance/maintenance-schedule.js";
import type { TimelineService } from "../stats/timeline-service.js";
import { feedPageIncidents, shownPageIncidents, withUpdates } from "./page-incident-repository.js";
import { toPageIncidentJson } from "./page-incident-service.js";
import {
  findPublishedPageByDomain,
  findPublishedPageBySlug,
  type PageMonitorRow,
  pageMonitorRows,
  windowsCovering,
} from "./public-status-repository.js";
import type { OverallState, PublicMonitorState, PublicStatus } from "./public-status-schema.js";
import type { StatusPageRow } from "./status-page-repository.js";
import { slugPattern } from "./status-page-schemas.js";

const DAY_MS = 86_400_000;
const maintenanceAheadMs = 7 * DAY_MS;
/** A page shows at most this many incidents, and its feeds carry at most this many. */
const incidentLimit = 50;

function monitorState(row: PageMonitorRow, inMaintenance: Set<string>): PublicMonitorState {
  if (row.paused) return "paused";
  if (row.monitorId && inMaintenance.has(row.monitorId)) return "maintenance";
  return row.status ?? "pending";
}

/** From the monitors that report (not paused, pending or in maintenance): all down is a major outage. */
export function overallState(states: PublicMonitorState[]): OverallState {
  const reporting = states.filter((s) => s === "up" || s === "degraded" || s === "down");
  const down = reporting.filter((s) => s === "down").length;
  if (down > 0 && down === reporting.length) return "major_outage";
  if (down > 0 || reporting.includes("degraded")) return "partial_outage";
  if (states.includes("maintenance")) return "maintenance";
  return "operational";
}

/** Reads what visitors of a published page may see; see publicStatusSchema. */
export function createPublicStatusService(
  db: Database,
  { timeline, now = () => new Date() }: { timeline: TimelineService; now?: () => Date },
) {
  async function maintenanceOf(page: StatusPageRow, monitorIds: string[], at: Date) {
    const shown = new Set(monitorIds);
    const windows = await windowsCovering(db, page.userId, monitorIds);
    return windows
      .flatMap((row) => {
        const schedule = scheduleOf(row);
        const next = nextOccurrence(schedule, at);
        if (!next || next.startsAt.getTime() > at.getTime() + maintenanceAheadMs) return [];
        return [
          {
            name: row.name,
            startsAt: next.startsAt.toISOString(),
            endsAt: next.endsAt.toISOString(),
            active: isActive(schedule, at),
            monitorIds: row.monitorIds.filter((id) => shown.has(id)),
          },
        ];
      })
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  return {
    /** A published page by slug; undefined for anything else, a malformed slug included. */
    findBySlug: (slug: string) =>
      slugPattern.test(slug) ? findPublishedPageBySlug(db, slug) : Promise.resolve(undefined),

    findByDomain: (host: string) => findPublishedPageByDomain(db, host),

    async statusOf(page: StatusPageRow): Promise<PublicStatus> {
      const at = now();
      const rows = await pageMonitorRows(db, page.id);
      const monitorIds = rows.flatMap((r) => (r.monitorId ? [r.monitorId] : []));
      const resolvedSince = new Date(at.getTime() - page.historyDays * DAY_MS);
      const [bars, shown, maintenance] = await Promise.all([
        // One query for every monitor's days: a page lists only its owner's monitors (page-membership rules).
        timeline.uptimeBarsOf(monitorIds, page.historyDays),
        shownPageIncidents(db, page.id, resolvedSince, incidentLimit).then((rows) => withUpdates(db, rows)),
        maintenanceOf(page, monitorIds, at),
      ]);
      // Every window on now is listed (its current occurrence starts before `at`), with the page's monitors it covers.
      const inMaintenance = new Set(maintenance.flatMap((w) => (w.active ? w.monitorIds : [])));
      const sections = new Map<string, PublicStatus["sections"][number]>();
      for (const row of rows) {
        const section = sections.get(row.sectionId) ?? { name: row.sectionName, monitors: [] };
        sections.set(row.sectionId, section);
        if (!row.monitorId) continue;
        const history = bars(row.monitorId);
        section.monitors.push({
          id: row.monitorId,
          name: row.name ?? "",
          state: monitorState(row, inMaintenance),
          uptime: history.uptime,
          bars: history.bars.map(({ date, status, uptime }) => ({ date, status, uptime })),
        });
      }
      const states = [...sections.values()].flatMap((s) => s.monitors.map((m) => m.state));
      return {
        page: { slug: page.slug, title: page.title, logoUrl: page.logoUrl, historyDays: page.historyDays },
        state: overallState(states),
        generatedAt: at.toISOString(),
        sections: [...sections.values()],
        incidents: {
          active: shown.filter((i) => i.state !== "resolved").map(toPageIncidentJson),
          recent: shown.filter((i) => i.state === "resolved").map(toPageIncidentJson),
        },
        maintenance,
      };
    },

    /** The page's latest incidents with their updates, for its feeds. */
    async feedOf(page: StatusPageRow) {
      return (await feedPageIncidents(db, page.id, incidentLimit)).map(toPageIncidentJson);
    },
  };
}

export type PublicStatusService = ReturnType<typeof createPublicStatusService>;
