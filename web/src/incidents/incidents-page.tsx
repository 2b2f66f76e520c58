import { useState } from "react";
import { get, type Page } from "../api/client";
import type { Incident, IncidentState } from "../api/types";
import { useResource } from "../lib/use-resource";
import { useLiveEvents } from "../live/live-context";
import { Empty, ErrorBanner, Loading, PageHeader } from "../ui/controls";
import { IncidentItem } from "./incident-item";

const filters: { value: IncidentState | "all"; label: string }[] = [
  { value: "all", label: "All" },
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
];

/** Incidents, newest first, across every monitor (or one monitor's, with monitorId). */
export function IncidentList({ monitorId, pageSize = 50 }: { monitorId?: string; pageSize?: number }) {
  const [state, setState] = useState<IncidentState | "all">("all");
  const [extra, setExtra] = useState<{ items: Incident[]; cursor: string | null }>({
    items: [],
    cursor: null,
  });
  const query = (cursor?: string | null) => {
    const params = new URLSearchParams({ limit: String(pageSize) });
    if (monitorId) params.set("monitorId", monitorId);
    if (state !== "all") params.set("state", state);
    if (cursor) params.set("cursor", cursor);
    return `/api/incidents?${params}`;
  };
  const first = useResource(async () => {
    const page = await get<Page<Incident>>(query());
    setExtra({ items: [], cursor: page.nextCursor });
    return page.items;
  }, `${monitorId}/${state}`);
  useLiveEvents((event) => {
    if (
      event.type === "resync" ||
      (event.type === "incident" && (!monitorId || event.data.monitorId === monitorId))
    ) {
      void first.reload();
    }
  });
  const more = async () => {
    const page = await get<Page<Incident>>(query(extra.cursor));
    setExtra((e) => ({ items: [...e.items, ...page.items], cursor: page.nextCursor }));
  };
  const items = [...(first.data ?? []), ...extra.items];
  return (
    <>
      <fieldset className="chips">
        <legend className="visually-hidden">Incident state</legend>
        {filters.map((f) => (
          <button
            key={f.value}
            type="button"
            className={`chip${state === f.value ? " active" : ""}`}
            aria-pressed={state === f.value}
            onClick={() => setState(f.value)}
          >
            {f.label}
          </button>
        ))}
      </fieldset>
      <ErrorBanner error={first.error} />
      {first.data === undefined && first.loading ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={state === "all" ? "No incidents" : `No ${state} incidents`}>
          <p className="hint">
            An incident opens when a monitor's failures are confirmed, and resolves on recovery.
          </p>
        </Empty>
      ) : (
        <ul className="incident-list">
          {items.map((incident) => (
            <IncidentItem
              key={incident.id}
              incident={incident}
              showMonitor={!monitorId}
              onChanged={() => void first.reload()}
            />
          ))}
        </ul>
      )}
      {extra.cursor ? (
        <button type="button" className="button" onClick={more}>
          Show older incidents
        </button>
      ) : null}
    </>
  );
}

export function IncidentsPage() {
  return (
    <>
      <PageHeader title="Incidents" />
      <IncidentList />
    </>
  );
}
