import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { timestampMs } from "./columns.js";
import { monitors } from "./monitors.js";
import { users } from "./users.js";

/**
 * A public status page of some of its owner's monitors, served at /status/<slug> and, once the owner proves the
 * domain is theirs with a DNS TXT record, at the root of `custom_domain`.
 */
export const statusPages = pgTable(
  "status_pages",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Unique across every user: it is the page's public address. */
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    logoUrl: text("logo_url"),
    historyDays: integer("history_days").notNull().default(90),
    /** Lowercase host name, unique across every user. */
    customDomain: text("custom_domain"),
    /** The secret the TXT record `_vigil-challenge.<domain>` must hold; renewed whenever the domain changes. */
    domainToken: text("domain_token"),
    /** Null until the TXT record was found; only verified domains are served. */
    domainVerifiedAt: timestampMs("domain_verified_at"),
    published: boolean("published").notNull().default(true),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("status_pages_slug_idx").on(t.slug),
    // Unique among verified domains only: an unverified claim must not keep the domain's real owner out.
    uniqueIndex("status_pages_custom_domain_idx")
      .on(t.customDomain)
      .where(sql`${t.domainVerifiedAt} is not null`),
    index("status_pages_user_idx").on(t.userId, t.id),
    check("status_pages_history_days_check", sql`${t.historyDays} in (30, 60, 90)`),
  ],
);

/** The page's sections, shown in `position` order. */
export const statusPageSections = pgTable(
  "status_page_sections",
  {
    id: uuid("id").primaryKey(),
    pageId: uuid("page_id")
      .notNull()
      .references(() => statusPages.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("status_page_sections_position_idx").on(t.pageId, t.position)],
);

/**
 * Which monitors a page shows, in which section, in `position` order. The primary key keeps a monitor to one place
 * per page; deleting a monitor takes it off every page. Badges ask this table whether a monitor is public.
 */
export const statusPageMonitors = pgTable(
  "status_page_monitors",
  {
    pageId: uuid("page_id")
      .notNull()
      .references(() => statusPages.id, { onDelete: "cascade" }),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => statusPageSections.id, { onDelete: "cascade" }),
    monitorId: uuid("monitor_id")
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ name: "status_page_monitors_pkey", columns: [t.pageId, t.monitorId] }),
    index("status_page_monitors_monitor_idx").on(t.monitorId),
    index("status_page_monitors_section_idx").on(t.sectionId, t.position),
  ],
);

export const statusPageIncidentStates = ["investigating", "identified", "monitoring", "resolved"] as const;
export type StatusPageIncidentState = (typeof statusPageIncidentStates)[number];

/** An incident written by hand for a page's visitors; unrelated to the automatic per-monitor incidents. */
export const statusPageIncidents = pgTable(
  "status_page_incidents",
  {
    id: uuid("id").primaryKey(),
    pageId: uuid("page_id")
      .notNull()
      .references(() => statusPages.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** The state of its latest update. */
    state: text("state", { enum: statusPageIncidentStates }).notNull(),
    createdAt: timestampMs("created_at").notNull(),
    updatedAt: timestampMs("updated_at").notNull(),
    resolvedAt: timestampMs("resolved_at"),
  },
  (t) => [index("status_page_incidents_page_idx").on(t.pageId, t.createdAt.desc(), t.id.desc())],
);

/** What was said about an incident, and when; the first one comes with the incident. */
export const statusPageIncidentUpdates = pgTable(
  "status_page_incident_updates",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => statusPageIncidents.id, { onDelete: "cascade" }),
    state: text("state", { enum: statusPageIncidentStates }).notNull(),
    message: text("message").notNull(),
    createdAt: timestampMs("created_at").notNull(),
  },
  (t) => [index("status_page_incident_updates_incident_idx").on(t.incidentId, t.createdAt)],
);
