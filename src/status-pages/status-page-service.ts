import { z } from "zod";
import type { Database } from "../db/client.js";
import { AppError, ValidationError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { newId } from "../lib/ids.js";
import { isUniqueViolation } from "../lib/pg-errors.js";
import { ownedMonitorIds } from "../maintenance/maintenance-repository.js";
import {
  challengeRecord,
  challengeValue,
  checkChallenge,
  newDomainToken,
  type TxtLookup,
} from "./domain-verification.js";
import {
  deleteOwnedPage,
  findOwnedPage,
  insertPage,
  listOwnedPages,
  markDomainVerified,
  replaceSections,
  type Section,
  type StatusPagePatch,
  type StatusPageRow,
  sectionsOf,
  updateOwnedPage,
} from "./status-page-repository.js";
import type {
  CreateStatusPageInput,
  ListStatusPagesQuery,
  StatusPageJson,
  UpdateStatusPageInput,
} from "./status-page-schemas.js";

export type StatusPageServiceOptions = {
  /** Where users reach Vigil, for the page's absolute `url`; absent: a path. */
  publicUrl?: string | undefined;
  /** Resolves the domain challenge's TXT record. */
  txtLookup: TxtLookup;
  /** Called after every change to a page (its fields, sections, domain or deletion), to drop cached renders. */
  onChange: (pageId: string) => void;
  now?: () => Date;
};

/** A clash on a unique index is the caller's 409, named by the field; anything else is rethrown. */
function conflictOf(err: unknown, fields: { slug: string; customDomain: string | null }): never {
  if (isUniqueViolation(err)) {
    const text = err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : "";
    if (text.includes("status_pages_custom_domain_idx")) {
      throw new AppError("conflict", `The domain ${fields.customDomain} is verified by another status page`);
    }
    if (text.includes("status_pages_slug_idx")) {
      throw new AppError("conflict", `The slug "${fields.slug}" is taken: choose another`);
    }
  }
  throw err;
}

export function createStatusPageService(db: Database, options: StatusPageServiceOptions) {
  const now = options.now ?? (() => new Date());

  function toJson(row: StatusPageRow, sections: Section[]): StatusPageJson {
    const { customDomain, domainToken } = row;
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      logoUrl: row.logoUrl,
      historyDays: row.historyDays,
      sections,
      customDomain,
      domainVerification:
        customDomain && domainToken
          ? {
              record: challengeRecord(customDomain),
              value: challengeValue(domainToken),
              verified: row.domainVerifiedAt !== null,
            }
          : null,
      published: row.published,
      url: `${options.publicUrl ?? ""}/status/${row.slug}`,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function withSections(rows: StatusPageRow[]): Promise<StatusPageJson[]> {
    const sections = await sectionsOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => toJson(row, sections.get(row.id) ?? []));
  }

  const oneJson = async (row: StatusPageRow) => {
    const [json] = await withSections([row]);
    if (!json) throw new Error("no JSON for a status page");
    return json;
  };

  /** Every monitor must be the caller's; another user's monitor is reported as unknown, like a missing one. */
  async function assertOwnedMonitors(userId: string, sections: Section[]): Promise<void> {
    const ids = sections.flatMap((s) => s.monitorIds);
    const owned = await ownedMonitorIds(db, userId, ids);
    const unknown = ids.filter((id) => !owned.has(id));
    if (unknown.length > 0) {
      throw new ValidationError(`Unknown monitor${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
        path: "sections",
        unknown,
      });
    }
  }

  /** A new domain gets a new challenge and starts unverified; no domain, no challenge. */
  const domainColumns = (customDomain: string | null) => ({
    customDomain,
    domainToken: customDomain ? newDomainToken() : null,
    domainVerifiedAt: null,
  });

  return {
    async create(userId: string, input: CreateStatusPageInput): Promise<StatusPageJson> {
      await assertOwnedMonitors(userId, input.sections);
      const at = now();
      const row = await db
        .transaction(async (tx) => {
          const page = await insertPage(tx, {
            id: newId(),
            userId,
            slug: input.slug,
            title: input.title,
            logoUrl: input.logoUrl,
            historyDays: input.historyDays,
            published: input.published,
            ...domainColumns(input.customDomain),
            createdAt: at,
            updatedAt: at,
          });
          await replaceSections(tx, page.id, input.sections);
          return page;
        })
        .catch((err: unknown) => conflictOf(err, input));
      options.onChange(row.id);
      return oneJson(row);
    },

    async get(userId: string, id: string): Promise<StatusPageJson> {
      return oneJson(await findOwnedPage(db, userId, id));
    },

    /** Keyset pages in creation order (ids are UUIDv7). */
    async list(userId: string, query: ListStatusPagesQuery) {
      const afterId = query.cursor ? decodeCursor(query.cursor, z.uuid()) : undefined;
      const rows = await listOwnedPages(db, userId, query.limit + 1, afterId);
      const page = toPage(
        rows,
        query.limit,
        (row) => row,
        (row) => row.id,
      );
      return { items: await withSections(page.items), nextCursor: page.nextCursor };
    },

    async update(userId: string, id: string, patch: UpdateStatusPageInput): Promise<StatusPageJson> {
      const current = await findOwnedPage(db, userId, id);
      if (patch.sections) await assertOwnedMonitors(userId, patch.sections);
      const { sections, customDomain, ...fields } = patch;
      const columns: StatusPagePatch = { ...fields, updatedAt: now() };
      if (customDomain !== undefined && customDomain !== current.customDomain) {
        Object.assign(columns, domainColumns(customDomain));
      }
      const row = await db
        .transaction(async (tx) => {
          const updated = await updateOwnedPage(tx, userId, id, columns);
          if (sections) await replaceSections(tx, id, sections);
          return updated;
        })
        .catch((err: unknown) =>
          conflictOf(err, {
            slug: patch.slug ?? current.slug,
            customDomain: customDomain ?? current.customDomain,
          }),
        );
      options.onChange(id);
      return oneJson(row);
    },

    async remove(userId: string, id: string): Promise<void> {
      await deleteOwnedPage(db, userId, id);
      options.onChange(id);
    },

    /** Looks the challenge up in DNS and, when it holds the page's value, serves the page on its domain. */
    async verifyDomain(userId: string, id: string): Promise<StatusPageJson> {
      const page = await findOwnedPage(db, userId, id);
      if (!page.customDomain || !page.domainToken) {
        throw new AppError("conflict", "This status page has no custom domain: set customDomain first");
      }
      await checkChallenge(options.txtLookup, page.customDomain, page.domainToken);
      const row = await markDomainVerified(db, page, now()).catch((err: unknown) => conflictOf(err, page));
      if (!row) throw new AppError("conflict", "The custom domain changed during verification: verify again");
      options.onChange(id);
      return oneJson(row);
    },
  };
}

export type StatusPageService = ReturnType<typeof createStatusPageService>;
