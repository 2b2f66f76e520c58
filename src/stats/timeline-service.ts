import type { Database } from "../db/client.js";
import { rollupResolutions } from "../db/schema/index.js";
import { ValidationError } from "../http/errors.js";
import { findOwnedMonitor } from "../monitors/monitor-repository.js";
import { defaultRollupRetention } from "../results/partition-maintenance.js";
import {
  addLatency,
  averageMs,
  emptyLatency,
  type Latency,
  type Outcomes,
  percentileMs,
  uptimeOf,
} from "./stat-values.js";
import { type DayRow, queryDays, queryTimeline } from "./timeline-repository.js";
import {
  type DayStatus,
  type TimelinePoint,
  type TimelineQuery,
  type TimelineStep,
  timelineLimits,
  timelineSteps,
  type UptimeBar,
} from "./timeline-schemas.js";

const DAY_MS = 86_400_000;
const stepNames = Object.keys(timelineSteps) as TimelineStep[];

/** The coarsest rollup whose bucket divides the step: the fewest rows to read, and no bucket split by a step. */
function bucketSecondsFor(stepSeconds: number): number {
  return Math.max(...Object.values(rollupResolutions).filter((b) => stepSeconds % b === 0));
}

/** Steps are aligned to the epoch: the window widens to whole steps. */
function alignedRange(fromMs: number, toMs: number, step: TimelineStep) {
  const stepMs = timelineSteps[step] * 1000;
  const alignedFromMs = Math.floor(fromMs / stepMs) * stepMs;
  const alignedToMs = Math.ceil(toMs / stepMs) * stepMs;
  return { fromMs: alignedFromMs, toMs: alignedToMs, points: (alignedToMs - alignedFromMs) / stepMs };
}

/** How far back each rollup reaches (its retention): a step must read a rollup that still holds `from`. */
const rollupReachMs: Record<number, number> = {
  [rollupResolutions.minute]: defaultRollupRetention.minuteDays * DAY_MS,
  [rollupResolutions.hour]: defaultRollupRetention.hourDays * DAY_MS,
  [rollupResolutions.day]: defaultRollupRetention.dayDays * DAY_MS,
};
const reaches = (step: TimelineStep, fromMs: number, nowMs: number) =>
  nowMs - fromMs <= (rollupReachMs[bucketSecondsFor(timelineSteps[step])] ?? 0);

/** The shortest step giving at most ~300 points whose rollup still holds `from` (the longest step when none does). */
function defaultStep(fromMs: number, toMs: number, nowMs: number): TimelineStep {
  const fits = stepNames.find(
    (s) => alignedRange(fromMs, toMs, s).points <= timelineLimits.targetPoints && reaches(s, fromMs, nowMs),
  );
  return fits ?? "1d";
}

function resolveRange(query: TimelineQuery, now: Date) {
  const toMs = (query.to ?? now).getTime();
  const fromMs = query.from?.getTime() ?? toMs - timelineLimits.defaultRangeMs;
  if (toMs <= fromMs) throw new ValidationError("to must be after from", { path: "to" });
  if (toMs - fromMs > timelineLimits.maxRangeDays * DAY_MS) {
    throw new ValidationError(`from and to may be at most ${timelineLimits.maxRangeDays} days apart`, {
      path: "from",
    });
  }
  const step = query.step ?? defaultStep(fromMs, toMs, now.getTime());
  const range = alignedRange(fromMs, toMs, step);
  if (range.points > timelineLimits.maxPoints) {
    throw new ValidationError(
      `step ${step} gives ${range.points} points over this range; at most ${timelineLimits.maxPoints}: choose a longer step or a shorter range`,
      { path: "step" },
    );
  }
  if (!reaches(step, fromMs, now.getTime())) {
    throw new ValidationError(
      `step ${step} reads rollups kept ${(rollupReachMs[bucketSecondsFor(timelineSteps[step])] ?? 0) / DAY_MS} days; choose a longer step for a range starting ${new Date(fromMs).toISOString()}`,
      { path: "step" },
    );
  }
  return { fromMs, toMs, step, range };
}

type Bucket = Outcomes & Latency & { checks: number };

function toPoint(tMs: number, b: Bucket): TimelinePoint {
  return {
    t: new Date(tMs).toISOString(),
    checks: b.checks,
    up: b.up,
    degraded: b.degraded,
    down: b.down,
    uptime: uptimeOf(b),
    avgMs: averageMs(b),
    p50Ms: percentileMs(b, 0.5),
    p95Ms: percentileMs(b, 0.95),
    p99Ms: percentileMs(b, 0.99),
  };
}

/** The status-page rule: see uptimeBarsDescription. */
export function dayStatus({ up, degraded, down }: Outcomes): DayStatus {
  const total = up + degraded + down;
  if (total === 0) return "no-data";
  if (down / total >= 0.01) return "down";
  if (down > 0 || degraded > 0) return "degraded";
  return "up";
}

export function createTimelineService(db: Database, now: () => Date = () => new Date()) {
  async function uptimeBarsOf(monitorIds: string[], days: number) {
    const firstDayMs = (Math.floor(now().getTime() / DAY_MS) - (days - 1)) * DAY_MS;
    const byDay = new Map<string, Map<number, DayRow>>();
    for (const row of await queryDays(db, monitorIds, firstDayMs)) {
      const days = byDay.get(row.monitorId) ?? new Map<number, DayRow>();
      byDay.set(row.monitorId, days.set(row.dayMs, row));
    }
    return (monitorId: string) => {
      const rows = byDay.get(monitorId);
      const bars: UptimeBar[] = Array.from({ length: days }, (_, i) => {
        const dayMs = firstDayMs + i * DAY_MS;
        const row = rows?.get(dayMs) ?? { checks: 0, up: 0, degraded: 0, down: 0 };
        const { checks, up, degraded, down } = row;
        const date = new Date(dayMs).toISOString().slice(0, 10);
        return { date, checks, up, degraded, down, uptime: uptimeOf(row), status: dayStatus(row) };
      });
      const total = bars.reduce(
        (sum, b) => ({ up: sum.up + b.up, degraded: sum.degraded + b.degraded, down: sum.down + b.down }),
        { up: 0, degraded: 0, down: 0 },
      );
      return { monitorId, uptime: uptimeOf(total), bars };
    };
  }

  return {
    async timeline(userId: string, monitorId: string, query: TimelineQuery) {
      await findOwnedMonitor(db, userId, monitorId);
      const { fromMs, toMs, step, range } = resolveRange(query, now());
      const stepSeconds = timelineSteps[step];
      const rows = await queryTimeline(db, monitorId, {
        ...range,
        stepSeconds,
        bucketSeconds: bucketSecondsFor(stepSeconds),
      });
      const regions = new Map<string, TimelinePoint[]>();
      const overall = new Map<number, Bucket>();
      for (const row of rows) {
        const points = regions.get(row.region) ?? [];
        points.push(toPoint(row.tMs, row));
        regions.set(row.region, points);
        const sum = overall.get(row.tMs) ?? { checks: 0, up: 0, degraded: 0, down: 0, ...emptyLatency() };
        sum.checks += row.checks;
        sum.up += row.up;
        sum.degraded += row.degraded;
        sum.down += row.down;
        overall.set(row.tMs, addLatency(sum, row));
      }
      return {
        monitorId,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        step,
        regions: [...regions]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([region, points]) => ({ region, points })),
        overall: { points: [...overall].sort(([a], [b]) => a - b).map(([tMs, b]) => toPoint(tMs, b)) },
      };
    },

    async uptimeBars(userId: string, monitorId: string, days: number) {
      await findOwnedMonitor(db, userId, monitorId);
      return (await uptimeBarsOf([monitorId], days))(monitorId);
    },

    /**
     * Bars of several monitors in one query, for callers that already know the monitors are theirs to show (a
     * status page lists only its owner's monitors).
     */
    uptimeBarsOf,
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
