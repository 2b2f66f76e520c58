import { useState } from "react";
import { del, get, type Page, post } from "../api/client";
import type { StatusPage, StatusPageIncident } from "../api/types";
import { formatDateTime, formatDateTimeSeconds } from "../lib/format";
import { useResource } from "../lib/use-resource";
import { ConfirmButton, Empty, ErrorBanner, Loading, useAction } from "../ui/controls";
import {
  IncidentStateBadge,
  type IncidentUpdateBody,
  incidentStateLabels,
  type NewIncidentBody,
  PageIncidentForm,
} from "./page-incident-form";

/** Newest first, a page at a time: a long-lived status page collects many incidents. */
const pageSize = 20;

function IncidentEntry({
  path,
  incident,
  onChanged,
  onDeleted,
}: {
  path: string;
  incident: StatusPageIncident;
  onChanged: (incident: StatusPageIncident) => void;
  onDeleted: () => void;
}) {
  const [updating, setUpdating] = useState(false);
  return (
    <li className="list-item" data-incident-id={incident.id}>
      <div className="list-item-main">
        <strong>{incident.title}</strong>
        <IncidentStateBadge state={incident.state} />
        <span className="hint">
          Opened {formatDateTime(incident.createdAt)}
          {incident.resolvedAt ? ` · resolved ${formatDateTime(incident.resolvedAt)}` : ""}
        </span>
      </div>
      <div className="list-item-actions">
        {updating ? null : (
          <button type="button" className="button button-small" onClick={() => setUpdating(true)}>
            Post update
          </button>
        )}
        <ConfirmButton
          className="button button-small button-danger"
          label="Delete"
          question={`Delete "${incident.title}" and its updates from the page?`}
          confirmLabel="Delete"
          onConfirm={async () => {
            await del(`${path}/${incident.id}`);
            onDeleted();
          }}
        />
      </div>
      {updating ? (
        <PageIncidentForm
          kind="update"
          state={incident.state}
          onCancel={() => setUpdating(false)}
          onSubmit={async (body: IncidentUpdateBody) => {
            onChanged(await post<StatusPageIncident>(`${path}/${incident.id}/updates`, body));
            setUpdating(false);
          }}
        />
      ) : null}
      <ol className="timeline incident-updates" aria-label={`Updates to ${incident.title}`}>
        {incident.updates.map((update) => (
          <li key={update.id} className="timeline-event">
            <time dateTime={update.createdAt}>{formatDateTimeSeconds(update.createdAt)}</time>
            <span className="timeline-kind">{incidentStateLabels[update.state]}</span>
            <span className="timeline-message">{update.message}</span>
          </li>
        ))}
      </ol>
    </li>
  );
}

/** The incidents written on one status page: report one, post updates as it develops, delete a mistaken one. */
export function PageIncidents({ page }: { page: StatusPage }) {
  const path = `/api/status-pages/${page.id}/incidents`;
  const incidents = useResource(() => get<Page<StatusPageIncident>>(`${path}?limit=${pageSize}`), page.id);
  const [adding, setAdding] = useState(false);
  const data = incidents.data;
  const replace = (items: StatusPageIncident[]) =>
    incidents.set({ items, nextCursor: data?.nextCursor ?? null });
  const older = useAction(async () => {
    if (!data?.nextCursor) return;
    const next = await get<Page<StatusPageIncident>>(
      `${path}?limit=${pageSize}&cursor=${encodeURIComponent(data.nextCursor)}`,
    );
    incidents.set({ items: [...data.items, ...next.items], nextCursor: next.nextCursor });
  });
  return (
    <section className="page-incidents" aria-label={`Incidents on ${page.title}`}>
      <div className="card-head">
        <h3 className="subhead">Incidents</h3>
        {adding ? null : (
          <button type="button" className="button button-small" onClick={() => setAdding(true)}>
            Report an incident
          </button>
        )}
      </div>
      <p className="hint">Shown on the public page with their updates, newest first.</p>
      {adding ? (
        <PageIncidentForm
          kind="create"
          onCancel={() => setAdding(false)}
          onSubmit={async (body: NewIncidentBody) => {
            const created = await post<StatusPageIncident>(path, body);
            replace([created, ...(data?.items ?? [])]);
            setAdding(false);
          }}
        />
      ) : null}
      <ErrorBanner error={incidents.error} />
      {data === undefined ? (
        incidents.error ? null : (
          <Loading />
        )
      ) : data.items.length === 0 ? (
        <Empty title="No incidents on this page" />
      ) : (
        <ul className="list">
          {data.items.map((incident) => (
            <IncidentEntry
              key={incident.id}
              path={path}
              incident={incident}
              onChanged={(changed) => replace(data.items.map((i) => (i.id === changed.id ? changed : i)))}
              onDeleted={() => replace(data.items.filter((i) => i.id !== incident.id))}
            />
          ))}
        </ul>
      )}
      {data?.nextCursor ? (
        <button
          type="button"
          className="button button-small"
          disabled={older.busy}
          onClick={() => older.run()}
        >
          Show older incidents
        </button>
      ) : null}
      <ErrorBanner error={older.error} />
    </section>
  );
}
