import { and, arrayContains, eq, isNull, or, sql } from "drizzle-orm";
import type { TargetPolicy } from "../checks/target-guard.js";
import type { Database } from "../db/client.js";
import { monitors, notificationChannels } from "../db/schema/index.js";
import { ValidationError } from "../http/errors.js";
import type { LivePublisher } from "../live/event-bus.js";
import { deleteSelected, insertMonitors } from "../monitors/monitor-bulk-repository.js";
import { monitorChanged } from "../monitors/monitor-changes.js";
import { type MonitorRow, updateOwnedMonitor } from "../monitors/monitor-repository.js";
import { loadNewMonitorContext } from "../monitors/new-monitor.js";
import {
  appendSection,
  appendToSection,
  listPagesWithSections,
  membershipsOf,
  removeFromPage,
} from "../status-pages/page-membership-repository.js";
import type { MonitorDocument } from "./document-schema.js";
import { type ExportFormat, exportDocument, formatDocument } from "./export-document.js";
import { type Plan, type PlannedWork, planDocument } from "./plan-monitors.js";
import { indexPages, type PageIndex } from "./status-page-refs.js";

export type ApplyOptions = { dryRun: boolean; prune: boolean };
export type ApplyResult = { plan: Plan; applied: boolean };

export type ApplyServiceDeps = {
  targets: TargetPolicy;
  live: LivePublisher;
  now?: () => number;
};

/** Applies of one user run one at a time (a transaction-level advisory lock), so two cannot create one key twice. */
const applyLockId = 7_419_010;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The monitors a document can name (by key, or keyless by id) and, to prune, those carrying its tag. */
async function managedMonitors(
  db: Database,
  userId: string,
  keys: string[],
  pruneTag: string | undefined,
): Promise<MonitorRow[]> {
  const ids = keys.filter((k) => uuidPattern.test(k));
  return db
    .select()
    .from(monitors)
    .where(
      and(
        eq(monitors.userId, userId),
        or(
          keys.length > 0 ? sql`${monitors.key} = any(${sql.param(keys)}::text[])` : undefined,
          ids.length > 0
            ? and(isNull(monitors.key), sql`${monitors.id} = any(${sql.param(ids)}::uuid[])`)
            : undefined,
          pruneTag === undefined ? undefined : arrayContains(monitors.tags, [pruneTag]),
          sql`false`, // no key and no prune: no monitor, not every monitor
        ),
      ),
    );
}

/** Membership changes: removals first, then additions, creating named sections a page lacks. */
async function applyMembership(tx: Database, changes: PlannedWork["membership"], pages: PageIndex) {
  for (const { pageId, monitorId } of changes.remove) await removeFromPage(tx, pageId, monitorId);
  const created = new Map<string, string>();
  for (const { pageId, monitorId, section } of changes.add) {
    const known = pages.byId.get(pageId)?.sections.find((s) => s.name === section)?.id;
    let sectionId = known ?? created.get(`${pageId}/${section}`);
    if (!sectionId) {
      sectionId = await appendSection(tx, pageId, section);
      created.set(`${pageId}/${section}`, sectionId);
    }
    await appendToSection(tx, { pageId, sectionId, monitorId });
  }
}

/**
 * Monitors as code: a document's plan against the caller's monitors and, unless it is a dry run, its writes, all in
 * one transaction. Applying the same document twice plans nothing the second time.
 */
export function createMonitorCodeService(db: Database, { targets, live, now = Date.now }: ApplyServiceDeps) {
  return {
    /** The caller's monitors (with `tag`, those carrying it) as document text, and how many secrets it withholds. */
    async export(userId: string, tag: string | undefined, format: ExportFormat) {
      const exported = await exportDocument(db, userId, tag);
      return { text: formatDocument(exported, format), placeholders: exported.placeholders.length };
    },

    async apply(userId: string, doc: MonitorDocument, options: ApplyOptions): Promise<ApplyResult> {
      if (options.prune && doc.tag === undefined) {
        throw new ValidationError("prune needs the document's tag: only monitors carrying it are pruned", {
          path: "tag",
        });
      }
      const { plan, work } = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${applyLockId}, hashtext(${userId}))`);
        const keys = doc.monitors.map((m) => m.key);
        const existing = await managedMonitors(tx, userId, keys, options.prune ? doc.tag : undefined);
        const channels = await tx
          .select({ id: notificationChannels.id, name: notificationChannels.name })
          .from(notificationChannels)
          .where(eq(notificationChannels.userId, userId));
        const pages = indexPages(await listPagesWithSections(tx, userId));
        const memberships = await membershipsOf(
          tx,
          existing.map((m) => m.id),
        );
        // Channels are named, and resolved among the user's own, so every channel id the plan uses is owned.
        const context = {
          ...(await loadNewMonitorContext(tx, userId, targets, [])),
          ownedChannels: new Set(channels.map((c) => c.id)),
        };
        const planned = planDocument(
          doc,
          { userId, now: now(), existing, channels, pages, memberships, context },
          options.prune,
        );
        if (!options.dryRun) await write(tx, userId, planned.work, pages);
        return planned;
      });
      if (!options.dryRun) publish(userId, work);
      return { plan, applied: !options.dryRun };
    },
  };

  async function write(tx: Database, userId: string, work: PlannedWork, pages: PageIndex): Promise<void> {
    await insertMonitors(tx, work.creates);
    for (const { id, patch } of work.updates) await updateOwnedMonitor(tx, userId, id, patch);
    await applyMembership(tx, work.membership, pages);
    if (work.deletes.length > 0) await deleteSelected(tx, userId, { ids: work.deletes });
  }

  function publish(userId: string, work: PlannedWork): void {
    const events = [
      ...work.creates.map((row) => monitorChanged(userId, row.id, "created")),
      ...work.updates.map((u) => monitorChanged(userId, u.id, u.change)),
      ...work.deletes.map((id) => monitorChanged(userId, id, "deleted")),
    ];
    if (events.length > 0) live.publish(events);
  }
}

export type MonitorCodeService = ReturnType<typeof createMonitorCodeService>;
