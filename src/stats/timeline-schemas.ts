import { z } from "zod";

/** Timeline steps, in seconds: each a multiple of a rollup bucket, all aligned to the Unix epoch (UTC). */
export const timelineSteps = {
  "1m": 60,
  "5m": 300,
  "15m": 900,
  "1h": 3_600,
  "6h": 21_600,
  "1d": 86_400,
} as const;
export type TimelineStep = keyof typeof timelineSteps;

export const timelineLimits = {
  /** The default step is the shortest giving at most this many points. */
  targetPoints: 300,
  maxPoints: 2_000,
  maxRangeDays: 400,
  defaultRangeMs: 86_400_000,
} as const;

const steps = Object.keys(timelineSteps) as [TimelineStep, ...TimelineStep[]];

const isoDate = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z` })
    .transform((v) => new Date(v));

export const timelineQuery = z.strictObject({
  from: isoDate("from").optional(),
  to: isoDate("to").optional(),
  step: z.enum(steps, `step must be one of ${steps.join(", ")}`).optional(),
});
export type TimelineQuery = z.infer<typeof timelineQuery>;

export const timelinePointSchema = z.object({
  /** Start of the step (UTC); the point covers [t, t + step). */
  t: z.string(),
  checks: z.number(),
  up: z.number(),
  degraded: z.number(),
  down: z.number(),
  uptime: z.number().nullable(),
  avgMs: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

export const timelineSchema = z.object({
  monitorId: z.string(),
  from: z.string(),
  to: z.string(),
  step: z.enum(steps),
  regions: z.array(z.object({ region: z.string(), points: z.array(timelinePointSchema) })),
  overall: z.object({ points: z.array(timelinePointSchema) }),
});

export const timelineDescription =
  "Response times and uptime per step, per region and overall. from/to: ISO 8601 (default: the last 24 hours; " +
  "at most 400 days); step: 1m, 5m, 15m, 1h, 6h or 1d (default: the shortest giving at most ~300 points; more " +
  "than 2000 points is a 400). Points only for steps with checks (the client draws gaps); each covers a whole " +
  "UTC-aligned step, so the first and last may reach past from and to. Percentiles come from merged rollup " +
  "histograms (within 4.9% of the exact value).";

export const uptimeBarsQuery = z.strictObject({
  days: z.coerce
    .number("days must be a number")
    .int("days must be a whole number")
    .min(1, "days must be at least 1")
    .max(365, "days must be at most 365")
    .default(90),
});

export const dayStatuses = ["up", "degraded", "down", "no-data"] as const;
export type DayStatus = (typeof dayStatuses)[number];

export const uptimeBarSchema = z.object({
  date: z.string(),
  checks: z.number(),
  up: z.number(),
  degraded: z.number(),
  down: z.number(),
  uptime: z.number().nullable(),
  status: z.enum(dayStatuses),
});
export type UptimeBar = z.infer<typeof uptimeBarSchema>;

export const uptimeBarsSchema = z.object({
  monitorId: z.string(),
  /** Over all the days shown. */
  uptime: z.number().nullable(),
  bars: z.array(uptimeBarSchema),
});

export const uptimeBarsDescription =
  "One bar per UTC day for the last `days` days (1-365, default 90), oldest first, today last, all regions " +
  "summed. status: no-data without checks; down when down checks are at least 1% of the day's checks (uptime " +
  "≤ 99%); degraded when the day had any down or degraded check; up otherwise. Missed checks count for nothing.";
