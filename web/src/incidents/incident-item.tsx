import { useState } from "react";
import { Link } from "wouter";
import { get, post } from "../api/client";
import type { Incident, IncidentDetail } from "../api/types";
import { formatDateTime, formatDateTimeSeconds, formatDuration } from "../lib/format";
import { StatusBadge } from "../monitors/status-dot";
import { ErrorBanner, Loading, useAction } from "../ui/controls";

const kindLabels: Record<string, string> = {
  first_failure: "First failure",
  confirmed: "Confirmed",
  notification_sent: "Notification sent",
  notification_failed: "Notification failed",
  acknowledged: "Acknowledged",
  reminder: "Reminder",
  resolved: "Resolved",
};

export function IncidentTimeline({ detail }: { detail: IncidentDetail }) {
  return (
    <ol className="timeline">
      {detail.timeline.map((event, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: timeline events have no id and never reorder
        <li key={i} className={`timeline-event event-${event.kind}`}>
          <time dateTime={event.at}>{formatDateTimeSeconds(event.at)}</time>
          <span className="timeline-kind">{kindLabels[event.kind] ?? event.kind}</span>
          <span className="timeline-message">{event.message}</span>
        </li>
      ))}
    </ol>
  );
}

/** One incident: its cause and duration, its timeline on demand, and acknowledge while it is open. */
export function IncidentItem({
  incident,
  showMonitor = true,
  onChanged,
}: {
  incident: Incident;
  showMonitor?: boolean;
  onChanged?: (incident: Incident) => void;
}) {
  const [detail, setDetail] = useState<IncidentDetail>();
  const [open, setOpen] = useState(false);
  const load = useAction(async () => setDetail(await get<IncidentDetail>(`/api/incidents/${incident.id}`)));
  const ack = useAction(async () => {
    const updated = await post<IncidentDetail>(`/api/incidents/${incident.id}/acknowledge`);
    setDetail(updated);
    onChanged?.(updated);
  });
  const toggle = () => {
    setOpen(!open);
    if (!open) void load.run();
  };
  return (
    <li className={`incident incident-${incident.state}`} data-incident-id={incident.id}>
      <div className="incident-head">
        <StatusBadge status={incident.state} />
        <div className="incident-main">
          {showMonitor ? (
            <Link href={`/monitors/${incident.monitorId}`} className="incident-monitor">
              {incident.monitorName}
            </Link>
          ) : null}
          <span className="incident-cause">{incident.rootCause}</span>
          <span className="hint">
            Opened {formatDateTime(incident.openedAt)} · {incident.resolvedAt ? "lasted" : "for"}{" "}
            {formatDuration(incident.durationSeconds)}
            {incident.acknowledgedAt ? ` · acknowledged ${formatDateTime(incident.acknowledgedAt)}` : ""}
          </span>
        </div>
        <div className="incident-actions">
          {incident.state === "open" ? (
            <button
              type="button"
              className="button button-primary button-small"
              disabled={ack.busy}
              onClick={() => ack.run()}
            >
              Acknowledge
            </button>
          ) : null}
          <button type="button" className="button button-small" aria-expanded={open} onClick={toggle}>
            {open ? "Hide timeline" : "Timeline"}
          </button>
        </div>
      </div>
      <ErrorBanner error={ack.error ?? load.error} />
      {open ? detail ? <IncidentTimeline detail={detail} /> : <Loading /> : null}
    </li>
  );
}
