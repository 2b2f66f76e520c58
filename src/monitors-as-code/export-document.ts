import { and, arrayContains, eq } from "drizzle-orm";
import YAML from "yaml";
import type { Database } from "../db/client.js";
import { monitors, notificationChannels } from "../db/schema/index.js";
import type { MonitorRow } from "../monitors/monitor-repository.js";
import { listPagesWithSections, membershipsOf } from "../status-pages/page-membership-repository.js";
import {
  type DocumentMonitorInput,
  documentMonitorSchema,
  type MonitorDocumentInput,
  type StatusPageRef,
} from "./document-schema.js";
import { exportSecrets } from "./secret-placeholders.js";

export type ExportFormat = "yaml" | "json";

/** Fields written only when they differ from the default a document would give them. */
const defaultedFields = [
  "method",
  "headers",
  "body",
  "intervalSeconds",
  "timeoutMs",
  "expectedStatus",
  "paused",
  "auth",
  "followRedirects",
  "maxRedirects",
  "ignoreTlsErrors",
  "userAgent",
  "assertions",
  "graceSeconds",
  "quorum",
  "retryIntervalSeconds",
  "reminderMinutes",
] as const;

const canonical = (v: unknown) => JSON.stringify(v ?? null);
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

type Lookups = {
  /** What a document gives a monitor of this type when it leaves a field out. */
  defaults: (type: MonitorRow["type"]) => Record<string, unknown>;
  channelNames: Map<string, string>;
  pageRefs: (monitorId: string) => StatusPageRef[];
};

function documentMonitor(row: MonitorRow, tag: string | undefined, lookups: Lookups) {
  const key = row.key ?? row.id;
  const defaults = lookups.defaults(row.type);
  const { placeholders, ...secrets } = exportSecrets(key, row);
  const values: Record<(typeof defaultedFields)[number], unknown> = { ...row, ...secrets };
  const item: Record<string, unknown> = { key, name: row.name };
  if (row.type !== "http") item.type = row.type;
  if (row.type !== "heartbeat") Object.assign(item, { url: row.url, regions: row.regions });
  for (const field of defaultedFields) {
    if (canonical(values[field]) !== canonical(defaults[field])) item[field] = values[field];
  }
  const ruleDefault = row.type === "heartbeat" ? 1 : 2;
  if (row.confirmations !== ruleDefault) item.confirmations = row.confirmations;
  if (row.recoveries !== ruleDefault) item.recoveries = row.recoveries;
  const tags = row.tags.filter((t) => t !== tag);
  if (tags.length > 0) item.tags = tags;
  if (row.channelIds !== null) {
    item.channels = row.channelIds.flatMap((id) => lookups.channelNames.get(id) ?? []);
  }
  const pages = lookups.pageRefs(row.id);
  if (pages.length > 0) item.statusPages = pages;
  return { item: item as DocumentMonitorInput & { key: string }, placeholders };
}

/**
 * The caller's monitors (with `tag`: those carrying it) as a document that applies back to the same monitors:
 * defaults are left out, channels and status pages are named, secrets are placeholders, and a monitor without a
 * key is named by its id. Monitors are sorted by key, so two exports of the same monitors are the same text.
 */
export async function exportDocument(
  db: Database,
  userId: string,
  tag: string | undefined,
): Promise<{ document: MonitorDocumentInput; placeholders: string[] }> {
  const rows = await db
    .select()
    .from(monitors)
    .where(and(eq(monitors.userId, userId), tag ? arrayContains(monitors.tags, [tag]) : undefined));
  const [channels, pages, memberships] = await Promise.all([
    db
      .select({ id: notificationChannels.id, name: notificationChannels.name })
      .from(notificationChannels)
      .where(eq(notificationChannels.userId, userId)),
    listPagesWithSections(db, userId),
    membershipsOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const pageById = new Map(pages.map((p) => [p.id, p]));
  const defaults = new Map<string, Record<string, unknown>>();
  const lookups: Lookups = {
    defaults: (type) => {
      const known = defaults.get(type) ?? documentMonitorSchema.parse({ key: "k", type });
      defaults.set(type, known);
      return known;
    },
    channelNames: new Map(channels.map((c) => [c.id, c.name])),
    pageRefs: (monitorId) =>
      memberships.flatMap((m): StatusPageRef[] => {
        const page = m.monitorId === monitorId ? pageById.get(m.pageId) : undefined;
        if (!page) return [];
        const section = page.sections.find((s) => s.id === m.sectionId);
        return section && section.id !== page.sections[0]?.id
          ? [{ slug: page.slug, section: section.name }]
          : [page.slug];
      }),
  };
  const exported = rows
    .map((row) => documentMonitor(row, tag, lookups))
    .sort((a, b) => byKey(a.item, b.item));
  return {
    document: { version: 1, ...(tag ? { tag } : {}), monitors: exported.map((e) => e.item) },
    placeholders: exported.flatMap((e) => e.placeholders),
  };
}

/** The document as text; YAML opens with a comment naming the secret placeholders to fill in. */
export function formatDocument(
  { document, placeholders }: { document: MonitorDocumentInput; placeholders: string[] },
  format: ExportFormat,
): string {
  if (format === "json") return `${JSON.stringify(document, null, 2)}\n`;
  const yaml = new YAML.Document(document);
  const lines = [
    " Vigil monitors as code: `vigil apply <file>` (schema: /api/schema/monitors.json).",
    ...(placeholders.length > 0
      ? [
          " Secrets are not exported: these placeholders keep the stored values when applied here;",
          " replace them with the secrets to apply elsewhere:",
          ...placeholders.map((p) => `   ${p}`),
        ]
      : []),
  ];
  yaml.commentBefore = lines.join("\n");
  return yaml.toString({ lineWidth: 0 });
}
