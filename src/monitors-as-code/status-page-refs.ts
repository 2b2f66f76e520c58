import { ValidationError } from "../http/errors.js";
import type { Membership, PageSections } from "../status-pages/page-membership-repository.js";
import { statusPageLimits } from "../status-pages/status-page-schemas.js";
import { refSlug, type StatusPageRef } from "./document-schema.js";

/**
 * A monitor's `statusPages` against where it appears now. A listed page it is missing from gets it at the end of the
 * named section (created when the page has none of that name), or of the page's first section (a page without
 * sections gets one named "Monitors"). A named section it is not in moves it there; a page not listed loses it.
 * A page listed by slug alone keeps the monitor in whatever section it is in.
 */
const defaultSectionName = "Monitors";

export type MembershipAdd = { pageId: string; monitorId: string; section: string };
export type MembershipChanges = {
  remove: { pageId: string; monitorId: string }[];
  add: MembershipAdd[];
};

export type PageIndex = {
  bySlug: Map<string, PageSections>;
  byId: Map<string, PageSections>;
  /** Monitors each page will show once the changes planned so far are made: checked against the page limit. */
  counts: Map<string, number>;
};

export function indexPages(pages: PageSections[]): PageIndex {
  return {
    bySlug: new Map(pages.map((p) => [p.slug, p])),
    byId: new Map(pages.map((p) => [p.id, p])),
    counts: new Map(pages.map((p) => [p.id, p.monitorCount])),
  };
}

export function planMembership(
  monitorId: string,
  refs: StatusPageRef[],
  current: Membership[],
  pages: PageIndex,
): MembershipChanges {
  const changes: MembershipChanges = { remove: [], add: [] };
  const unknown = refs.map(refSlug).filter((slug) => !pages.bySlug.has(slug));
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown status page${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      path: "statusPages",
      unknown,
    });
  }
  const wanted = new Set<string>();
  for (const ref of refs) {
    const page = pages.bySlug.get(refSlug(ref));
    if (!page) continue;
    wanted.add(page.id);
    const section = typeof ref === "string" ? undefined : ref.section;
    const now = current.find((m) => m.pageId === page.id);
    const nowIn = now && page.sections.find((s) => s.id === now.sectionId)?.name;
    if (now && (section === undefined || section === nowIn)) continue;
    if (now) changes.remove.push({ pageId: page.id, monitorId });
    else pages.counts.set(page.id, (pages.counts.get(page.id) ?? 0) + 1);
    changes.add.push({
      pageId: page.id,
      monitorId,
      section: section ?? page.sections[0]?.name ?? defaultSectionName,
    });
  }
  for (const m of current) {
    if (wanted.has(m.pageId)) continue;
    changes.remove.push({ pageId: m.pageId, monitorId });
    pages.counts.set(m.pageId, (pages.counts.get(m.pageId) ?? 1) - 1);
  }
  const full = changes.add.filter((a) => (pages.counts.get(a.pageId) ?? 0) > statusPageLimits.monitors);
  const fullPage = full[0] && pages.byId.get(full[0].pageId);
  if (fullPage) {
    throw new ValidationError(
      `status page ${fullPage.slug} would show more than ${statusPageLimits.monitors} monitors`,
      { path: "statusPages" },
    );
  }
  return changes;
}
