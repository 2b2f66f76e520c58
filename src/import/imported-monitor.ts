import type { z } from "zod";
import { createMonitorBody, monitorLimits } from "../monitors/monitor-schemas.js";
import { tagLimits } from "../monitors/tags.js";

/** A create-monitor body (POST /api/monitor) as a converter writes it: the API fills in the defaults. */
export type MonitorBody = z.input<typeof createMonitorBody>;

/** One monitor to create, and where it came from. */
export type ImportedMonitor = MonitorBody & {
  /** Stable identity in the source tool: `kuma-<id>`, `gatus-<group>-<name>` (slugified, at most 100 characters). */
  key: string;
  /** The Kuma tags (`name` or `name:value`) and group, or the Gatus group, in Vigil's tag alphabet. */
  tags: string[];
};

export type Skipped = { name: string; reason: string };
export type Note = { name: string; note: string };

/** What a converter returns: a pure function of the source, nothing sent anywhere. */
export type ImportResult = {
  monitors: ImportedMonitor[];
  skipped: Skipped[];
  /** What changed on the way: limits clamped, conditions dropped, things to do by hand. */
  notes: Note[];
};

/** One source monitor's outcome, before it joins the result. */
export type Conversion = { monitor: ImportedMonitor; notes: string[] } | { skip: string };

/** Thrown for a file that is not what the command expects; the CLI prints the message alone. */
export class ImportError extends Error {}

/** The body sent to the API: the create-monitor fields only (tags included, the key is the importer's). */
export function toCreateBody(monitor: ImportedMonitor): MonitorBody {
  const { key: _key, ...body } = monitor;
  return body;
}

/**
 * Adds one conversion to the result. The monitor is checked against the real create-monitor schema first, so a
 * value this importer did not foresee (a header name Vigil refuses, say) becomes a skip with the schema's message
 * instead of a failed request later.
 */
export function collect(result: ImportResult, name: string, conversion: Conversion): void {
  if ("skip" in conversion) {
    result.skipped.push({ name, reason: conversion.skip });
    return;
  }
  const parsed = createMonitorBody.safeParse(toCreateBody(conversion.monitor));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    result.skipped.push({ name, reason: `not a valid Vigil monitor (${problems.join("; ")})` });
    return;
  }
  result.monitors.push(conversion.monitor);
  for (const note of conversion.notes) result.notes.push({ name, note });
}

export function emptyResult(): ImportResult {
  return { monitors: [], skipped: [], notes: [] };
}

/** `value` within [min, max]; a note says what changed and why when it had to move. */
export function clamp(
  value: number,
  { min, max }: { min: number; max: number },
  what: string,
  unit: string,
  notes: string[],
): number {
  if (value < min) {
    notes.push(`${what} ${value}${unit} raised to Vigil's minimum, ${min}${unit}`);
    return min;
  }
  if (value > max) {
    notes.push(`${what} ${value}${unit} lowered to Vigil's maximum, ${max}${unit}`);
    return max;
  }
  return value;
}

/** The interval and timeout of a checked monitor, within Vigil's limits (a timeout no longer than the interval). */
export function schedule(
  intervalSeconds: number,
  timeoutMs: number,
  notes: string[],
): { intervalSeconds: number; timeoutMs: number } {
  const interval = clamp(Math.round(intervalSeconds), monitorLimits.intervalSeconds, "interval", " s", notes);
  const timeoutLimits = {
    min: monitorLimits.timeoutMs.min,
    max: Math.min(monitorLimits.timeoutMs.max, interval * 1000),
  };
  return {
    intervalSeconds: interval,
    timeoutMs: clamp(Math.round(timeoutMs), timeoutLimits, "timeout", " ms", notes),
  };
}

/** Lower-case letters, digits and single dashes: "Core API / EU" → "core-api-eu". */
function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "unnamed";
}

/** A key within the 100 characters monitors-as-code allows. */
export function monitorKey(...parts: string[]): string {
  return parts.map(slugify).join("-").slice(0, 100).replace(/-+$/, "");
}

/**
 * Tags in Vigil's alphabet (letters, digits, `_ . : / -`, at most 50 characters, 20 per monitor): other characters
 * become dashes ("Team A" → "team-a"), and a note says when a tag changed or had to go.
 */
export function vigilTags(tags: string[], notes: string[]): string[] {
  const result: string[] = [];
  for (const tag of tags) {
    const clean = tag
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9_.:/-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, tagLimits.maxLength)
      .toLowerCase();
    if (clean === "") {
      notes.push(`tag "${tag}" dropped: no letters or digits left`);
      continue;
    }
    if (clean !== tag.toLowerCase()) notes.push(`tag "${tag}" stored as "${clean}"`);
    if (!result.includes(clean)) result.push(clean);
  }
  if (result.length > tagLimits.perMonitor) {
    notes.push(
      `only the first ${tagLimits.perMonitor} tags kept: ${result.slice(tagLimits.perMonitor).join(", ")} dropped`,
    );
  }
  return result.slice(0, tagLimits.perMonitor);
}

/** Vigil names are 1-200 characters; undefined lets the API name the monitor after its host. */
export function monitorName(name: string | null | undefined): string | undefined {
  const trimmed = name?.trim() ?? "";
  return trimmed === "" ? undefined : trimmed.slice(0, 200);
}

/** A JSON value from text the way a person typed it: numbers, true/false and null become those, the rest text. */
export function typedValue(text: string): string | number | boolean | null {
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  if (text === "null") return null;
  return text;
}

/**
 * A dns monitor's url (RFC 4501, see checks/dns-url.ts): `dns://9.9.9.9/example.com?type=MX` asks that resolver,
 * `dns:example.com?type=MX` (resolver null) the machine's own.
 */
export function dnsUrl(name: string, type: string, resolver: string | null, port: number): string {
  if (resolver === null) return `dns:${name}?type=${type}`;
  const host = port === 53 ? (resolver.includes(":") ? `[${resolver}]` : resolver) : hostPort(resolver, port);
  return `dns://${host}/${name}?type=${type}`;
}

/** `host:port` for a URL, with an IPv6 address in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}
