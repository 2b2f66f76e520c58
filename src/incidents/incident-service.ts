import type { Database } from "../db/client.js";
import { AppError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import type { LivePublisher } from "../live/event-bus.js";
import { describeCause } from "./incident-messages.js";
import {
  acknowledgeIncident,
  findOwnedIncident,
  type IncidentRow,
  incidentTimeline,
  listOwnedIncidents,
} from "./incident-repository.js";
import {
  type IncidentDetailJson,
  type IncidentJson,
  incidentsCursor,
  type ListIncidentsQuery,
} from "./incident-schemas.js";

export function toIncidentJson({ incident, monitorName }: IncidentRow, now: Date): IncidentJson {
  const end = incident.resolvedAt ?? now;
  return {
    id: incident.id,
    monitorId: incident.monitorId,
    monitorName,
    state: incident.state,
    firstFailureAt: incident.firstFailureAt.toISOString(),
    openedAt: incident.openedAt.toISOString(),
    acknowledgedAt: incident.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    durationSeconds: Math.max(0, Math.round((end.getTime() - incident.openedAt.getTime()) / 1000)),
    cause: incident.cause,
    rootCause: describeCause(incident.cause),
  };
}

export function createIncidentService(db: Database, live: LivePublisher, now: () => Date = () => new Date()) {
  async function detail(userId: string, id: string): Promise<IncidentDetailJson> {
    const row = await findOwnedIncident(db, userId, id);
    const events = await incidentTimeline(db, id);
    return {
      ...toIncidentJson(row, now()),
      openedByResultId: row.incident.openedByResultId,
      timeline: events.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        message: e.message,
        details: e.details,
      })),
    };
  }

  return {
    async list(userId: string, query: ListIncidentsQuery) {
      const cursor = query.cursor ? decodeCursor(query.cursor, incidentsCursor) : undefined;
      const rows = await listOwnedIncidents(
        db,
        userId,
        { ...query, before: cursor && { openedAt: new Date(cursor.t), id: cursor.id } },
        query.limit + 1,
      );
      const at = now();
      return toPage(
        rows,
        query.limit,
        (row) => toIncidentJson(row, at),
        (row) => ({ t: row.incident.openedAt.getTime(), id: row.incident.id }),
      );
    },

    get: detail,

    /** Idempotent for an acknowledged incident; a resolved one cannot be acknowledged any more. */
    async acknowledge(userId: string, id: string): Promise<IncidentDetailJson> {
      const { incident } = await findOwnedIncident(db, userId, id);
      if (incident.state === "resolved") throw new AppError("conflict", "The incident is already resolved");
      if (await acknowledgeIncident(db, id, userId, now())) {
        live.publish([
          {
            userId: incident.userId,
            type: "incident",
            data: { id, monitorId: incident.monitorId, state: "acknowledged" },
          },
        ]);
      }
      return detail(userId, id);
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
