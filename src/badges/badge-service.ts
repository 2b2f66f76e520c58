import type { Database } from "../db/client.js";
import { rollupResolutions } from "../db/schema/index.js";
import { NotFoundError } from "../http/errors.js";
import { monitorsInMaintenance } from "../maintenance/maintenance-query.js";
import { percentileMs, roundMs, uptimeOf } from "../stats/stat-values.js";
import { queryStats } from "../stats/stats-repository.js";
import { formatUptime } from "../status-pages/render-html.js";
import { findPublicMonitor, type PublicMonitor } from "./badge-repository.js";
import type { Badge, BadgeColor } from "./badge-svg.js";

const DAY_MS = 86_400_000;

export const responseTimeStats = ["mean", "p95"] as const;
export type ResponseTimeStat = (typeof responseTimeStats)[number];

/** The rollup a window of `days` reads: buckets small enough for its edge, kept long enough to cover it. */
const bucketSecondsFor = (days: number) =>
  days <= 1 ? rollupResolutions.minute : days <= 30 ? rollupResolutions.hour : rollupResolutions.day;

function uptimeColor(uptime: number): BadgeColor {
  if (uptime >= 0.999) return "brightgreen";
  if (uptime >= 0.99) return "green";
  if (uptime >= 0.95) return "yellow";
  if (uptime >= 0.9) return "orange";
  return "red";
}

function latencyColor(ms: number): BadgeColor {
  if (ms < 300) return "brightgreen";
  if (ms < 800) return "green";
  if (ms < 1500) return "yellow";
  if (ms < 3000) return "orange";
  return "red";
}

const formatMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

/**
 * Badges of monitors shown on a published status page; any other monitor, and a missing one, is the same 404, so
 * a badge URL reveals nothing a status page does not already show.
 */
export function createBadgeService(db: Database, now: () => Date = () => new Date()) {
  async function publicMonitor(monitorId: string): Promise<PublicMonitor> {
    const monitor = await findPublicMonitor(db, monitorId);
    if (!monitor) throw new NotFoundError("Badge");
    return monitor;
  }

  async function overall(monitorId: string, days: number) {
    const rows = await queryStats(
      db,
      monitorId,
      new Date(now().getTime() - days * DAY_MS),
      bucketSecondsFor(days),
    );
    return rows.find((r) => r.region === null);
  }

  return {
    async status(monitorId: string): Promise<Badge> {
      const monitor = await publicMonitor(monitorId);
      const label = "status";
      if (monitor.paused) return { label, value: "paused", color: "grey" };
      if ((await monitorsInMaintenance(db, [monitor.id], now())).has(monitor.id)) {
        return { label, value: "maintenance", color: "blue" };
      }
      switch (monitor.status) {
        case "up":
          return { label, value: "up", color: "brightgreen" };
        case "degraded":
          return { label, value: "degraded", color: "yellow" };
        case "down":
          return { label, value: "down", color: "red" };
        case "pending":
          return { label, value: "pending", color: "grey" };
      }
    },

    async uptime(monitorId: string, days: number): Promise<Badge> {
      await publicMonitor(monitorId);
      const row = await overall(monitorId, days);
      const uptime = row ? uptimeOf(row) : null;
      const label = `uptime ${days}d`;
      if (uptime === null) return { label, value: "no data", color: "grey" };
      return { label, value: formatUptime(uptime), color: uptimeColor(uptime) };
    },

    async responseTime(monitorId: string, days: number, stat: ResponseTimeStat): Promise<Badge> {
      await publicMonitor(monitorId);
      const row = await overall(monitorId, days);
      const ms = !row
        ? null
        : stat === "mean"
          ? roundMs(row.avgMs)
          : percentileMs({ hist: row.hist ?? {}, minMs: row.minMs, maxMs: row.maxMs }, 0.95);
      const label = `${stat} response ${days}d`;
      if (ms === null) return { label, value: "no data", color: "grey" };
      return { label, value: formatMs(ms), color: latencyColor(ms) };
    },
  };
}

export type BadgeService = ReturnType<typeof createBadgeService>;
