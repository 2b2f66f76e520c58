import type { Database } from "../db/client.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { newId } from "../lib/ids.js";
import {
  appendPageIncidentUpdate,
  deletePageIncident,
  findPageIncident,
  insertPageIncident,
  listPageIncidents,
  type PageIncidentWithUpdates,
  withUpdates,
} from "./page-incident-repository.js";
import {
  type AddPageIncidentUpdateInput,
  type CreatePageIncidentInput,
  type ListPageIncidentsQuery,
  type PageIncidentJson,
  pageIncidentsCursor,
} from "./page-incident-schemas.js";
import { findOwnedPage } from "./status-page-repository.js";

export function toPageIncidentJson(incident: PageIncidentWithUpdates): PageIncidentJson {
  return {
    id: incident.id,
    title: incident.title,
    state: incident.state,
    createdAt: incident.createdAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    updates: incident.updates.map((u) => ({
      id: u.id,
      state: u.state,
      message: u.message,
      createdAt: u.createdAt.toISOString(),
    })),
  };
}

/**
 * Incidents written by hand on a status page. Every call first finds the caller's page (another user's page is a
 * 404), then the incident within that page; every change tells `onChange` so the page's cached renders are dropped.
 */
export function createPageIncidentService(
  db: Database,
  { onChange, now = () => new Date() }: { onChange: (pageId: string) => void; now?: () => Date },
) {
  async function load(pageId: string, id: string): Promise<PageIncidentJson> {
    const [incident] = await withUpdates(db, [await findPageIncident(db, pageId, id)]);
    if (!incident) throw new Error("no incident after reading it");
    return toPageIncidentJson(incident);
  }

  return {
    async create(userId: string, pageId: string, input: CreatePageIncidentInput): Promise<PageIncidentJson> {
      await findOwnedPage(db, userId, pageId);
      const at = now();
      const id = newId();
      await db.transaction((tx) =>
        insertPageIncident(
          tx,
          {
            id,
            pageId,
            title: input.title,
            state: input.state,
            createdAt: at,
            updatedAt: at,
            resolvedAt: input.state === "resolved" ? at : null,
          },
          { id: newId(), incidentId: id, state: input.state, message: input.message, createdAt: at },
        ),
      );
      onChange(pageId);
      return load(pageId, id);
    },

    async addUpdate(
      userId: string,
      pageId: string,
      incidentId: string,
      input: AddPageIncidentUpdateInput,
    ): Promise<PageIncidentJson> {
      await findOwnedPage(db, userId, pageId);
      const incident = await findPageIncident(db, pageId, incidentId);
      const at = now();
      const state = input.state ?? incident.state;
      // Resolving keeps the first resolution time; any other state reopens the incident.
      const resolvedAt = state === "resolved" ? (incident.resolvedAt ?? at) : null;
      await db.transaction((tx) =>
        appendPageIncidentUpdate(
          tx,
          { id: newId(), incidentId, state, message: input.message, createdAt: at },
          resolvedAt,
        ),
      );
      onChange(pageId);
      return load(pageId, incidentId);
    },

    async list(userId: string, pageId: string, query: ListPageIncidentsQuery) {
      await findOwnedPage(db, userId, pageId);
      const before = query.cursor ? decodeCursor(query.cursor, pageIncidentsCursor) : undefined;
      const rows = await listPageIncidents(db, pageId, { limit: query.limit + 1, before });
      const page = toPage(
        rows,
        query.limit,
        (row) => row,
        (row) => ({ t: row.createdAt.getTime(), id: row.id }),
      );
      const items = await withUpdates(db, page.items);
      return { items: items.map(toPageIncidentJson), nextCursor: page.nextCursor };
    },

    async remove(userId: string, pageId: string, incidentId: string): Promise<void> {
      await findOwnedPage(db, userId, pageId);
      await deletePageIncident(db, pageId, incidentId);
      onChange(pageId);
    },
  };
}

export type PageIncidentService = ReturnType<typeof createPageIncidentService>;
