import type { NotificationMessage } from "../notifications/notification-message.js";
import type { IncidentCause } from "./incident-cause.js";
import type { MachineMonitor } from "./machine-inputs.js";

type IncidentFacts = { id: string; openedAt: number; resolvedAt: number | null; cause: IncidentCause };

const iso = (ms: number) => new Date(ms).toISOString();

/** "3 h 12 min", "4 min 5 s": how long an outage lasted, for humans. */
export function describeDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), "d"],
    [Math.floor((s % 86_400) / 3600), "h"],
    [Math.floor((s % 3600) / 60), "min"],
    [s % 60, "s"],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return shown.length === 0 ? "0 s" : shown.map(([n, unit]) => `${n} ${unit}`).join(" ");
}

/** The cause in one line: the failing assertion, else the error, else the status code. */
export function describeCause(cause: IncidentCause): string {
  const what = cause.failedAssertion
    ? `${cause.failedAssertion.expected} (actual: ${cause.failedAssertion.actual})`
    : (cause.error ?? (cause.statusCode === null ? "check failed" : `HTTP ${cause.statusCode}`));
  return `${what}; failing in ${cause.regions.join(", ")}`;
}

function base(monitor: MachineMonitor, incident: IncidentFacts, state: "open" | "resolved") {
  return {
    monitor: { id: monitor.id, name: monitor.name, url: monitor.url },
    incident: {
      id: incident.id,
      state,
      openedAt: iso(incident.openedAt),
      resolvedAt: incident.resolvedAt === null ? null : iso(incident.resolvedAt),
      cause: incident.cause,
    },
  };
}

export function downMessage(monitor: MachineMonitor, incident: IncidentFacts): NotificationMessage {
  return {
    event: "down",
    title: `${monitor.name} is DOWN`,
    text: `${monitor.name} (${monitor.url}) is down: ${describeCause(incident.cause)}.`,
    occurredAt: iso(incident.openedAt),
    ...base(monitor, incident, "open"),
  };
}

export function recoveredMessage(monitor: MachineMonitor, incident: IncidentFacts): NotificationMessage {
  const resolvedAt = incident.resolvedAt ?? incident.openedAt;
  return {
    event: "recovered",
    title: `${monitor.name} is UP again`,
    text: `${monitor.name} (${monitor.url}) recovered after ${describeDuration(resolvedAt - incident.openedAt)} down.`,
    occurredAt: iso(resolvedAt),
    ...base(monitor, incident, "resolved"),
  };
}

export function reminderMessage(
  monitor: MachineMonitor,
  incident: IncidentFacts,
  now: number,
): NotificationMessage {
  return {
    event: "reminder",
    title: `${monitor.name} is still DOWN`,
    text: `${monitor.name} (${monitor.url}) has been down for ${describeDuration(now - incident.openedAt)}: ${describeCause(incident.cause)}.`,
    occurredAt: iso(now),
    ...base(monitor, incident, "open"),
  };
}

export function certificateMessage(
  monitor: MachineMonitor,
  expiresAt: number,
  now: number,
): NotificationMessage {
  const daysLeft = Math.floor((expiresAt - now) / 86_400_000);
  const when = daysLeft < 0 ? `expired on ${iso(expiresAt).slice(0, 10)}` : `expires in ${daysLeft} days`;
  return {
    event: "certificate_expiry",
    title: `${monitor.name}: TLS certificate ${when}`,
    text: `The certificate of ${monitor.url} ${when} (${iso(expiresAt)}).`,
    occurredAt: iso(now),
    monitor: { id: monitor.id, name: monitor.name, url: monitor.url },
    incident: null,
    certificate: { expiresAt: iso(expiresAt), daysLeft },
  };
}
