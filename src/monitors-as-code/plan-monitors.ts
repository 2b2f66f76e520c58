import { ValidationError } from "../http/errors.js";
import { assertNever } from "../lib/assert-never.js";
import type { MonitorChange } from "../live/live-events.js";
import { collectItemIssues, itemIssuesError, passed } from "../monitors/item-errors.js";
import { resumedDueAt } from "../monitors/monitor-bulk-service.js";
import { changeOf } from "../monitors/monitor-changes.js";
import type { MonitorPatch, MonitorRow, NewMonitorRow } from "../monitors/monitor-repository.js";
import type { CreateMonitorInput } from "../monitors/monitor-schemas.js";
import { type NewMonitorContext, newMonitorRow } from "../monitors/new-monitor.js";
import { normalizeTags, tagLimits } from "../monitors/tags.js";
import type { Membership } from "../status-pages/page-membership-repository.js";
import type { DocumentMonitor, MonitorDocument } from "./document-schema.js";
import { resolveSecrets } from "./secret-placeholders.js";
import { type MembershipChanges, type PageIndex, planMembership } from "./status-page-refs.js";

/** What a document would change, as the API reports it: keys (a keyless monitor by its id). */
export type Plan = {
  create: string[];
  update: { key: string; changes: string[] }[];
  delete: string[];
  unchanged: string[];
};

/** The writes behind a plan, made in one transaction by apply-service.ts. */
export type PlannedWork = {
  creates: (NewMonitorRow & { id: string })[];
  updates: { id: string; patch: MonitorPatch; change: MonitorChange }[];
  deletes: string[];
  membership: MembershipChanges;
};

/** Everything planning reads, loaded once inside the apply transaction. */
export type PlanInputs = {
  userId: string;
  now: number;
  /** Monitors the document may name (by key, or keyless by id) and, when pruning, those carrying its tag. */
  existing: MonitorRow[];
  /** The user's notification channels. */
  channels: { id: string; name: string }[];
  pages: PageIndex;
  memberships: Membership[];
  context: NewMonitorContext;
};

/**
 * Compared fields: document name → column. Heartbeat monitors store url "" and regions ["push"] both ways, so they
 * compare equal without special cases. Order is the order changes are reported in.
 */
const comparedFields = [
  ["type", "type"],
  ["url", "url"],
  ["name", "name"],
  ["method", "method"],
  ["headers", "headers"],
  ["body", "body"],
  ["intervalSeconds", "intervalSeconds"],
  ["timeoutMs", "timeoutMs"],
  ["expectedStatus", "expectedStatus"],
  ["regions", "regions"],
  ["paused", "paused"],
  ["auth", "auth"],
  ["followRedirects", "followRedirects"],
  ["maxRedirects", "maxRedirects"],
  ["ignoreTlsErrors", "ignoreTlsErrors"],
  ["userAgent", "userAgent"],
  ["assertions", "assertions"],
  ["graceSeconds", "graceSeconds"],
  ["confirmations", "confirmations"],
  ["quorum", "quorum"],
  ["recoveries", "recoveries"],
  ["retryIntervalSeconds", "retryIntervalSeconds"],
  ["channels", "channelIds"],
  ["reminderMinutes", "reminderMinutes"],
  ["tags", "tags"],
] as const satisfies readonly (readonly [string, keyof NewMonitorRow & keyof MonitorRow])[];

/** Sets compare regardless of order; objects regardless of key order (jsonb reorders keys). */
const unordered = new Set(["regions", "channelIds"]);

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => byKey(a, b)))
      : v,
  );
}

function same(column: string, a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (unordered.has(column) && Array.isArray(v) ? [...v].sort() : (v ?? null));
  return canonical(norm(a)) === canonical(norm(b));
}

type Outcome =
  | { kind: "create"; key: string; row: NewMonitorRow & { id: string }; membership: MembershipChanges }
  | {
      kind: "update";
      key: string;
      current: MonitorRow;
      row: NewMonitorRow;
      changes: string[];
      membership: MembershipChanges;
    }
  | { kind: "unchanged"; key: string; current: MonitorRow };

function channelIdsOf(names: string[] | undefined, channels: PlanInputs["channels"]): string[] | null {
  if (names === undefined) return null;
  return names.map((name) => {
    const matches = channels.filter((c) => c.name === name);
    if (matches.length === 1 && matches[0]) return matches[0].id;
    const problem =
      matches.length === 0 ? "Unknown notification channel" : "Ambiguous notification channel name";
    throw new ValidationError(`${problem}: ${name}`, { path: "channels", unknown: [name] });
  });
}

/** One document monitor against what is stored: throws a ValidationError naming the field that is wrong. */
function judge(
  item: DocumentMonitor,
  tag: string | undefined,
  inputs: PlanInputs,
  current?: MonitorRow,
): Outcome {
  const { key, channels, statusPages, ...fields } = item;
  const tags = normalizeTags(tag === undefined ? fields.tags : [...fields.tags, tag]);
  if (tags.length > tagLimits.perMonitor) {
    throw new ValidationError(
      `a monitor may have at most ${tagLimits.perMonitor} tags, the document's included`,
      {
        path: "tags",
      },
    );
  }
  if (current && (current.type === "heartbeat") !== (fields.type === "heartbeat")) {
    throw new ValidationError("a monitor cannot change to or from heartbeat: give it a new key", {
      path: "type",
    });
  }
  const input: CreateMonitorInput = {
    ...fields,
    ...resolveSecrets(fields, current),
    channelIds: channelIdsOf(channels, inputs.channels),
    tags,
  };
  const row = newMonitorRow(inputs.userId, input, inputs.context, { firstCheck: "spread", now: inputs.now });
  const monitorId = current?.id ?? row.id;
  const membership =
    statusPages === undefined
      ? { remove: [], add: [] }
      : planMembership(
          monitorId,
          statusPages,
          inputs.memberships.filter((m) => m.monitorId === monitorId),
          inputs.pages,
        );
  if (!current) return { kind: "create", key, row: { ...row, key }, membership };
  const changes = comparedFields
    .filter(([, column]) => !same(column, row[column], current[column]))
    .map(([name]) => name as string);
  if (membership.add.length + membership.remove.length > 0) changes.push("statusPages");
  if (changes.length === 0) return { kind: "unchanged", key, current };
  return { kind: "update", key, current, row, changes, membership };
}

/** The patch of an updated monitor: its changed columns, and a next check spread over its interval. */
function patchOf(outcome: Extract<Outcome, { kind: "update" }>, now: number): MonitorPatch {
  const { row, current } = outcome;
  const patch: MonitorPatch = {};
  for (const [name, column] of comparedFields) {
    if (outcome.changes.includes(name)) Object.assign(patch, { [column]: row[column] });
  }
  if (Object.keys(patch).length === 0) return patch;
  const schedule = row.paused
    ? {}
    : {
        nextCheckAt: resumedDueAt(
          {
            id: current.id,
            type: current.type,
            intervalSeconds: row.intervalSeconds ?? current.intervalSeconds,
            graceSeconds: row.graceSeconds ?? current.graceSeconds,
          },
          now,
        ),
        retryRegions: [],
      };
  return { ...patch, ...schedule, updatedAt: new Date(now) };
}

/**
 * The plan of a document and the writes behind it. Every monitor is judged before anything is written, and any
 * problem is one 400 naming each item (`monitors.3.channels`). A document key matches the monitor with that key,
 * or else a monitor without a key whose id it is (exports name keyless monitors by id). With `prune`, monitors
 * carrying the document's tag that no item matched are deleted.
 */
export function planDocument(
  doc: MonitorDocument,
  inputs: PlanInputs,
  prune: boolean,
): { plan: Plan; work: PlannedWork } {
  const keyed = new Map(inputs.existing.flatMap((r) => (r.key === null ? [] : [[r.key, r] as const])));
  const keyless = new Map(inputs.existing.flatMap((r) => (r.key === null ? [[r.id, r] as const] : [])));
  const { results, issues } = collectItemIssues("monitors", doc.monitors, (item) =>
    judge(item, doc.tag, inputs, keyed.get(item.key) ?? keyless.get(item.key)),
  );
  if (issues.length > 0) throw itemIssuesError(issues);
  const plan: Plan = { create: [], update: [], delete: [], unchanged: [] };
  const work: PlannedWork = { creates: [], updates: [], deletes: [], membership: { remove: [], add: [] } };
  const matched = new Set<string>();
  const addMembership = (m: MembershipChanges) => {
    work.membership.remove.push(...m.remove);
    work.membership.add.push(...m.add);
  };
  for (const outcome of passed(results)) {
    switch (outcome.kind) {
      case "create":
        plan.create.push(outcome.key);
        work.creates.push(outcome.row);
        addMembership(outcome.membership);
        break;
      case "update": {
        matched.add(outcome.current.id);
        plan.update.push({ key: outcome.key, changes: outcome.changes });
        const patch = patchOf(outcome, inputs.now);
        if (Object.keys(patch).length > 0) {
          work.updates.push({
            id: outcome.current.id,
            patch,
            change: changeOf(outcome.current, patch.paused),
          });
        }
        addMembership(outcome.membership);
        break;
      }
      case "unchanged":
        matched.add(outcome.current.id);
        plan.unchanged.push(outcome.key);
        break;
      default:
        assertNever(outcome);
    }
  }
  const tag = doc.tag;
  if (prune && tag !== undefined) {
    const stale = inputs.existing.filter((r) => r.tags.includes(tag) && !matched.has(r.id));
    stale.sort((a, b) => byKey(a.key ?? a.id, b.key ?? b.id));
    plan.delete = stale.map((r) => r.key ?? r.id);
    work.deletes = stale.map((r) => r.id);
  }
  return { plan, work };
}
