import { useMemo } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { get } from "../api/client";
import { type DashboardSummary, type MonitorStatus, monitorStatuses } from "../api/types";
import { formatMs, formatUptime } from "../lib/format";
import { useNow, useResource } from "../lib/use-resource";
import { useLiveEvents } from "../live/live-context";
import { Empty, ErrorBanner, Loading, PageHeader } from "../ui/controls";
import {
  countByStatus,
  filterMonitors,
  type MonitorFilter,
  type SortKey,
  sortKeys,
  sortLabels,
} from "./monitor-filters";
import { useMonitorList } from "./monitor-store-context";
import { MonitorTable } from "./monitor-table";
import { statusLabels } from "./status-dot";

/** The filter lives in the query string, so a reload or a shared link shows the same rows. */
function useFilter(): [MonitorFilter, (change: Partial<MonitorFilter>) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const status = params.get("status");
  const sort = params.get("sort");
  const filter: MonitorFilter = {
    status: monitorStatuses.includes(status as MonitorStatus) ? (status as MonitorStatus) : "all",
    text: params.get("q") ?? "",
    sort: sortKeys.includes(sort as SortKey) ? (sort as SortKey) : "status",
  };
  const update = (change: Partial<MonitorFilter>) => {
    const next = { ...filter, ...change };
    const query = new URLSearchParams();
    if (next.status !== "all") query.set("status", next.status);
    if (next.text) query.set("q", next.text);
    if (next.sort !== "status") query.set("sort", next.sort);
    const qs = query.toString();
    navigate(`${location}${qs ? `?${qs}` : ""}`, { replace: true });
  };
  return [filter, update];
}

function SummaryCards({ summary }: { summary: DashboardSummary | undefined }) {
  if (!summary) return null;
  return (
    <section className="summary" aria-label="Summary">
      <div className="summary-card">
        <span className="summary-label">Uptime 24h</span>
        <span className="summary-value">{formatUptime(summary.uptime24h)}</span>
      </div>
      <div className="summary-card">
        <span className="summary-label">p95 response 24h</span>
        <span className="summary-value">{formatMs(summary.p95ResponseTimeMs24h)}</span>
      </div>
      <Link href="/incidents" className={`summary-card${summary.incidents.open ? " summary-alert" : ""}`}>
        <span className="summary-label">Open incidents</span>
        <span className="summary-value">{summary.incidents.open}</span>
      </Link>
      <div className="summary-card">
        <span className="summary-label">Incidents today</span>
        <span className="summary-value">{summary.incidents.today}</span>
      </div>
    </section>
  );
}

export function MonitorListPage() {
  const list = useMonitorList();
  const [filter, setFilter] = useFilter();
  const now = useNow(10_000);
  const summary = useResource(() => get<DashboardSummary>("/api/dashboard/summary"), "summary");
  useLiveEvents((event) => {
    if (event.type === "incident" || event.type === "resync" || event.type === "monitor-changed") {
      void summary.reload();
    }
  });
  const counts = useMemo(() => countByStatus(list.items), [list.items]);
  const rows = useMemo(() => filterMonitors(list.items, filter), [list.items, filter]);

  return (
    <>
      <PageHeader title="Monitors">
        <Link href="/monitors/new" className="button button-primary">
          New monitor
        </Link>
      </PageHeader>
      <SummaryCards summary={summary.data} />
      <ErrorBanner error={list.error} title="The monitors could not be loaded" />
      <div className="filters">
        <fieldset className="chips">
          <legend className="visually-hidden">Status</legend>
          {(["all", ...monitorStatuses] as const).map((status) =>
            status === "all" || counts[status] > 0 || filter.status === status ? (
              <button
                key={status}
                type="button"
                className={`chip chip-${status}${filter.status === status ? " active" : ""}`}
                aria-pressed={filter.status === status}
                onClick={() => setFilter({ status })}
              >
                {status === "all" ? "All" : statusLabels[status]}{" "}
                <span className="chip-count">{counts[status]}</span>
              </button>
            ) : null,
          )}
        </fieldset>
        <input
          type="search"
          className="search"
          placeholder="Filter by name, URL, region or tag:name"
          aria-label="Filter monitors"
          value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })}
        />
        <label className="sort">
          <span className="visually-hidden">Sort by</span>
          <select value={filter.sort} onChange={(e) => setFilter({ sort: e.target.value as SortKey })}>
            {sortKeys.map((key) => (
              <option key={key} value={key}>
                {sortLabels[key]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.loading ? (
        <Loading label="Loading monitors…" />
      ) : list.items.length === 0 && !list.error ? (
        <Empty title="No monitors yet">
          <p>A monitor checks a URL, a TCP port or a DNS name from every region, or waits for a heartbeat.</p>
          <Link href="/monitors/new" className="button button-primary">
            Create your first monitor
          </Link>
        </Empty>
      ) : rows.length === 0 ? (
        <Empty title="No monitor matches this filter">
          <button type="button" className="button" onClick={() => setFilter({ status: "all", text: "" })}>
            Clear the filter
          </button>
        </Empty>
      ) : (
        <>
          <p className="list-meta" aria-live="polite" data-complete={list.complete}>
            {rows.length === list.items.length
              ? `${rows.length} monitors`
              : `${rows.length} of ${list.items.length} monitors`}
            {list.complete ? "" : " (loading more…)"}
          </p>
          <MonitorTable items={rows} now={now} />
        </>
      )}
    </>
  );
}
