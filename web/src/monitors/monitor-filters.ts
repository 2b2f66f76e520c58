import type { MonitorStatus } from "../api/types";
import type { ListedMonitor } from "./monitor-store";
import { splitTagWords } from "./monitor-tags";

export const sortKeys = ["status", "name", "uptime", "p95", "lastCheck"] as const;
export type SortKey = (typeof sortKeys)[number];
export const sortLabels: Record<SortKey, string> = {
  status: "Status (problems first)",
  name: "Name",
  uptime: "Uptime 24h (lowest first)",
  p95: "p95 response (slowest first)",
  lastCheck: "Last check (oldest first)",
};

/** Problems first: what needs attention sorts to the top. */
export const statusRank: Record<MonitorStatus, number> = {
  down: 0,
  degraded: 1,
  pending: 2,
  up: 3,
  maintenance: 4,
  paused: 5,
};

export type MonitorFilter = { status: MonitorStatus | "all"; text: string; sort: SortKey };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Missing numbers sort last whatever the direction. */
const byNumber = (a: number | null, b: number | null, direction: 1 | -1) => {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a - b) * direction;
};

const comparators: Record<SortKey, (a: ListedMonitor, b: ListedMonitor) => number> = {
  status: (a, b) => statusRank[a.status] - statusRank[b.status] || collator.compare(a.name, b.name),
  name: (a, b) => collator.compare(a.name, b.name),
  uptime: (a, b) => byNumber(a.uptime24h, b.uptime24h, 1) || collator.compare(a.name, b.name),
  p95: (a, b) =>
    byNumber(a.p95ResponseTimeMs24h, b.p95ResponseTimeMs24h, -1) || collator.compare(a.name, b.name),
  lastCheck: (a, b) =>
    byNumber(
      a.lastCheckedAt ? Date.parse(a.lastCheckedAt) : null,
      b.lastCheckedAt ? Date.parse(b.lastCheckedAt) : null,
      1,
    ) || collator.compare(a.name, b.name),
};

/**
 * The rows to show, sorted: matching the status, carrying every `tag:name` of the text, and containing every other
 * word of it (in name, URL, region, type or tags).
 */
export function filterMonitors(items: readonly ListedMonitor[], filter: MonitorFilter): ListedMonitor[] {
  const { tags, terms } = splitTagWords(filter.text.toLowerCase().split(/\s+/).filter(Boolean));
  const matches = items.filter((item) => {
    if (filter.status !== "all" && item.status !== filter.status) return false;
    if (!tags.every((tag) => item.tags.includes(tag))) return false;
    if (terms.length === 0) return true;
    const haystack =
      `${item.name} ${item.url} ${item.regions.join(" ")} ${item.type} ${item.tags.join(" ")}`.toLowerCase();
    return terms.every((word) => haystack.includes(word));
  });
  return matches.sort(comparators[filter.sort]);
}

export function countByStatus(items: readonly ListedMonitor[]): Record<MonitorStatus | "all", number> {
  const counts = { all: items.length, down: 0, degraded: 0, pending: 0, up: 0, maintenance: 0, paused: 0 };
  for (const item of items) counts[item.status] += 1;
  return counts;
}
