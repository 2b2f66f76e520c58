import type { IncidentCause } from "../incidents/incident-cause.js";

export const notificationEvents = [
  "down",
  "recovered",
  "reminder",
  "certificate_expiry",
  "system_error",
  "test",
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

/**
 * What a notification says, fixed when it is enqueued (so a retry a day later says what happened then). Every
 * channel renders it its own way; the webhook channel sends it as its documented JSON body.
 */
export type NotificationMessage = {
  event: NotificationEvent;
  /** One line: "api.example.com is DOWN". */
  title: string;
  /** A few lines for humans: the cause, the regions, how long it lasted. */
  text: string;
  /** ISO time of the event (the confirmation, the recovery, ...). */
  occurredAt: string;
  monitor: { id: string; name: string; url: string } | null;
  incident: {
    id: string;
    state: "open" | "acknowledged" | "resolved";
    openedAt: string;
    resolvedAt: string | null;
    cause: IncidentCause;
  } | null;
  certificate?: { expiresAt: string; daysLeft: number };
};
