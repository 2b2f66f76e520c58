import { z } from "zod";
import { maintenanceKinds } from "../db/schema/index.js";
import { pageQuery, queryBool } from "../http/common-schemas.js";
import { isValidTimeZone } from "./zoned-time.js";

export const maintenanceLimits = {
  monitors: 1000,
  durationMinutes: { min: 1, max: 10_080 },
  /** A one-off window: a leap year at most. */
  onceMs: 366 * 86_400_000,
} as const;

/** "x is required" for a missing field, else what it must be. */
const mustBe = (name: string, what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `${name} is required` : `${name} must be ${what}`,
});

const isoDateTime = (name: string) =>
  z.iso.datetime({
    offset: true,
    ...mustBe(name, "an ISO 8601 date-time with an offset, e.g. 2026-01-31T02:00:00+01:00"),
  });

const { durationMinutes } = maintenanceLimits;

/** Fields as clients send them; dates stay strings so a stored window can be merged with a change and re-checked. */
const fields = {
  name: z.string(mustBe("name", "a string")).trim().min(1, "name must not be empty").max(200),
  monitorIds: z
    .array(z.uuid("monitorIds must hold monitor UUIDs"), mustBe("monitorIds", "an array of monitor ids"))
    .min(1, "monitorIds must name at least one monitor")
    .max(maintenanceLimits.monitors, `monitorIds may name at most ${maintenanceLimits.monitors} monitors`)
    .refine((ids) => new Set(ids).size === ids.length, "monitorIds must not repeat a monitor"),
  timeZone: z
    .string("timeZone must be a string")
    .max(100, "timeZone must be at most 100 characters")
    .refine(isValidTimeZone, 'timeZone must be an IANA time zone such as "Europe/Berlin" or "UTC"'),
  startsAt: isoDateTime("startsAt"),
  endsAt: isoDateTime("endsAt"),
  weekdays: z
    .array(
      z
        .number("weekdays must be numbers from 0 (Sunday) to 6 (Saturday)")
        .int("weekdays must be whole numbers from 0 (Sunday) to 6 (Saturday)")
        .min(0, "weekdays must be from 0 (Sunday) to 6 (Saturday)")
        .max(6, "weekdays must be from 0 (Sunday) to 6 (Saturday)"),
      mustBe("weekdays", "an array of days, 0 (Sunday) to 6 (Saturday)"),
    )
    .min(1, "weekdays must name at least one day")
    .max(7)
    .refine((days) => new Set(days).size === days.length, "weekdays must not repeat a day"),
  startTime: z
    .string(mustBe("startTime", 'a "HH:MM" string'))
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'startTime must be a 24-hour "HH:MM" time, e.g. "02:00"'),
  durationMinutes: z
    .number(mustBe("durationMinutes", "a number"))
    .int("durationMinutes must be a whole number")
    .min(durationMinutes.min, `durationMinutes must be at least ${durationMinutes.min}`)
    .max(durationMinutes.max, `durationMinutes must be at most ${durationMinutes.max} (a week)`),
};

const common = {
  name: fields.name,
  monitorIds: fields.monitorIds,
  /** once: how the dashboard shows the instants; weekly: the zone whose wall clock startTime is read on. */
  timeZone: fields.timeZone.default("UTC"),
};

const onceBody = z
  .strictObject({
    ...common,
    kind: z.literal("once"),
    startsAt: fields.startsAt,
    endsAt: fields.endsAt,
  })
  .superRefine((body, ctx) => {
    const lengthMs = Date.parse(body.endsAt) - Date.parse(body.startsAt);
    if (lengthMs <= 0)
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "endsAt must be after startsAt" });
    if (lengthMs > maintenanceLimits.onceMs) {
      ctx.addIssue({
        code: "custom",
        path: ["endsAt"],
        message: "a one-off window may last at most 366 days",
      });
    }
  });

const weeklyBody = z.strictObject({
  ...common,
  kind: z.literal("weekly"),
  weekdays: fields.weekdays,
  startTime: fields.startTime,
  durationMinutes: fields.durationMinutes,
});

export const createMaintenanceBody = z.discriminatedUnion("kind", [onceBody, weeklyBody], {
  error: (issue) => (issue.code === "invalid_union" ? 'kind must be "once" or "weekly"' : undefined),
});
export type CreateMaintenanceInput = z.infer<typeof createMaintenanceBody>;

/** Any field may change, the kind too; the service merges the change into the stored window and re-checks it whole. */
export const updateMaintenanceBody = z
  .strictObject({ ...fields, kind: z.enum(maintenanceKinds, 'kind must be "once" or "weekly"') })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "send at least one field to change");
export type UpdateMaintenanceInput = z.infer<typeof updateMaintenanceBody>;

export const listMaintenanceQuery = z.strictObject({
  ...pageQuery,
  monitorId: z.uuid("monitorId must be a UUID").optional(),
  active: queryBool.optional(),
});
export type ListMaintenanceQuery = z.infer<typeof listMaintenanceQuery>;

const occurrenceSchema = z.object({ startsAt: z.string(), endsAt: z.string() });

export const maintenanceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The caller's monitors it covers; ids of monitors deleted since are left out. */
  monitorIds: z.array(z.string()),
  kind: z.enum(maintenanceKinds),
  timeZone: z.string(),
  /** once only, else null. */
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  /** weekly only, else null. */
  weekdays: z.array(z.number()).nullable(),
  startTime: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  /** Whether it is on now. */
  active: z.boolean(),
  /** The occurrence on now, or else the next one; null once a one-off window has ended. */
  next: occurrenceSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MaintenanceJson = z.infer<typeof maintenanceSchema>;
