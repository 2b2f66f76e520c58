import type { Database } from "../db/client.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { findOwnedMonitor } from "../monitors/monitor-repository.js";
import {
  deleteResultsBefore,
  latestResultPerRegion,
  listResults,
  type ResultRow,
} from "./result-repository.js";
import { checksCursor, type ListChecksQuery, type ResultJson } from "./result-schemas.js";

const dayMs = 86_400_000;

export function toResultJson(row: ResultRow): ResultJson {
  return {
    id: row.id,
    monitorId: row.monitorId,
    region: row.region,
    status: row.status,
    statusCode: row.statusCode,
    responseTimeMs: row.responseTimeMs,
    error: row.error,
    timings: row.timings,
    finalUrl: row.finalUrl,
    failedAssertion: row.failedAssertion,
    remoteAddress: row.remoteAddress,
    certificate:
      row.certExpiresAt === null
        ? null
        : {
            issuer: row.certIssuer ?? "",
            subject: row.certSubject ?? "",
            expiresAt: row.certExpiresAt.toISOString(),
          },
    scheduledAt: row.scheduledAt.toISOString(),
    checkedAt: row.checkedAt.toISOString(),
  };
}

export function createResultService(db: Database, now: () => Date = () => new Date()) {
  return {
    async list(userId: string, monitorId: string, query: ListChecksQuery) {
      await findOwnedMonitor(db, userId, monitorId);
      const cursor = query.cursor ? decodeCursor(query.cursor, checksCursor) : undefined;
      const rows = await listResults(
        db,
        { ...query, monitorId, before: cursor && { checkedAt: new Date(cursor.t), id: cursor.id } },
        query.limit + 1,
      );
      return toPage(rows, query.limit, toResultJson, (row) => ({ t: row.checkedAt.getTime(), id: row.id }));
    },

    async latest(userId: string, monitorId: string) {
      const monitor = await findOwnedMonitor(db, userId, monitorId);
      const rows = await latestResultPerRegion(db, monitorId, monitor.regions);
      return { items: rows.map(toResultJson) };
    },

    async cleanup(userId: string, monitorId: string, days: number) {
      await findOwnedMonitor(db, userId, monitorId);
      return { deleted: await deleteResultsBefore(db, monitorId, new Date(now().getTime() - days * dayMs)) };
    },
  };
}

export type ResultService = ReturnType<typeof createResultService>;
