import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns.js";

export const platformAlertKinds = ["no_live_worker", "deadlines_missed"] as const;
export type PlatformAlertKind = (typeof platformAlertKinds)[number];

/**
 * SYSTEM_ERROR episodes: Vigil itself cannot check a region (no live worker, or checks missing their deadlines).
 * Admins are notified when one opens and when it resolves; monitors are never marked down for it.
 */
export const platformAlerts = pgTable(
  "platform_alerts",
  {
    id: uuid("id").primaryKey(),
    region: text("region").notNull(),
    kind: text("kind", { enum: platformAlertKinds }).notNull(),
    message: text("message").notNull(),
    openedAt: timestampMs("opened_at").notNull(),
    resolvedAt: timestampMs("resolved_at"),
  },
  (t) => [uniqueIndex("platform_alerts_one_open").on(t.region, t.kind).where(sql`${t.resolvedAt} is null`)],
);
