import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { del, get, type Page, put } from "../api/client";
import type { CheckResult, CheckStatus, Monitor, UptimeBars as UptimeBarsJson } from "../api/types";
import { IncidentList } from "../incidents/incidents-page";
import { formatDateTime, formatInterval, formatRelative } from "../lib/format";
import { useNow, useResource } from "../lib/use-resource";
import { useLiveEvents } from "../live/live-context";
import { liveStatus } from "../monitors/monitor-store";
import { useMonitorStore } from "../monitors/monitor-store-context";
import { StatusBadge } from "../monitors/status-dot";
import { ConfirmButton, ErrorBanner, Loading, useAction } from "../ui/controls";
import { ChecksTable } from "./checks-table";
import { RegionStatus } from "./region-status";
import { ResponseTimeChart } from "./response-time-chart";
import { TimingChart } from "./timing-chart";
import { UptimeBars } from "./uptime-bars";

/** Calls `fn` at most once per `ms`, trailing: a burst of live events becomes one refetch. */
function useThrottled(fn: () => void, ms: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      fnRef.current();
    }, ms);
  }, [ms]);
}

function Certificate({ monitor, latest }: { monitor: Monitor; latest: CheckResult[] }) {
  if (!monitor.certificateExpiresAt) return null;
  const cert = latest.find((r) => r.certificate)?.certificate;
  const days = monitor.certificateDaysLeft ?? 0;
  return (
    <p className={`cert${days < 14 ? " cert-warn" : ""}`}>
      TLS certificate expires {formatDateTime(monitor.certificateExpiresAt)} ({days} days left)
      {cert ? ` · issued by ${cert.issuer}` : ""}
    </p>
  );
}

const checkFilters: (CheckStatus | "all")[] = ["all", "up", "down", "missed"];

export function MonitorPage() {
  const { id = "" } = useParams<{ id: string }>();
  const [, navigate] = useLocation();
  const store = useMonitorStore();
  const now = useNow(5_000);
  const monitor = useResource(() => get<Monitor>(`/api/monitor/${id}`), id);
  const latest = useResource(() => get<{ items: CheckResult[] }>(`/api/results/${id}/latest`), id);
  const bars = useResource(() => get<UptimeBarsJson>(`/api/monitor/${id}/uptime-bars?days=90`), id);
  const [checkFilter, setCheckFilter] = useState<{ status: CheckStatus | "all"; region: string }>({
    status: "all",
    region: "",
  });
  const [olderChecks, setOlderChecks] = useState<{ items: CheckResult[]; cursor: string | null }>({
    items: [],
    cursor: null,
  });
  const checksQuery = (cursor?: string | null) => {
    const params = new URLSearchParams({ limit: "50" });
    if (checkFilter.status !== "all") params.set("status", checkFilter.status);
    if (checkFilter.region) params.set("region", checkFilter.region);
    if (cursor) params.set("cursor", cursor);
    return `/api/results/${id}/checks?${params}`;
  };
  const checks = useResource(async () => {
    const page = await get<Page<CheckResult>>(checksQuery());
    setOlderChecks({ items: [], cursor: page.nextCursor });
    return page.items;
  }, `${id}/${checkFilter.status}/${checkFilter.region}`);

  const refreshResults = useThrottled(() => {
    void latest.reload();
    void checks.reload();
    void monitor.reload();
  }, 1_000);
  useLiveEvents((event) => {
    if (event.type === "monitor" && event.data.monitorId === id) {
      const m = monitor.data;
      if (m)
        monitor.set({
          ...m,
          status: liveStatus(m.status, event.data),
          lastCheckedAt: event.data.lastCheckedAt,
          paused: event.data.paused,
        });
      refreshResults();
    } else if (event.type === "monitor-changed" && event.data.monitorId === id) {
      if (event.data.change === "deleted") navigate("/");
      else void monitor.reload();
    } else if (event.type === "resync") {
      refreshResults();
      void bars.reload();
    }
  });

  const pause = useAction(async (paused: boolean) => {
    const updated = await put<Monitor>(`/api/monitor/${id}`, { paused });
    monitor.set(updated);
    store.upsert(updated);
  });

  if (monitor.error) return <ErrorBanner error={monitor.error} title="This monitor could not be loaded" />;
  const m = monitor.data;
  if (!m) return <Loading />;

  return (
    <div className="monitor-page" data-monitor-id={m.id}>
      <header className="page-header monitor-header">
        <div>
          <p className="crumbs">
            <Link href="/">Monitors</Link> /
          </p>
          <h1>
            <StatusBadge status={m.status} /> <span className="monitor-title">{m.name}</span>
          </h1>
          <p className="monitor-meta">
            <span className="type-tag">{m.type}</span>{" "}
            {m.type === "heartbeat" ? "push" : <span className="mono">{m.url}</span>} · every{" "}
            {formatInterval(m.intervalSeconds)} · last check {formatRelative(m.lastCheckedAt, now)}
          </p>
          <Certificate monitor={m} latest={latest.data?.items ?? []} />
          {m.pingUrl ? (
            <p className="ping-url">
              Ping URL: <code className="mono">{m.pingUrl}</code>{" "}
              <button
                type="button"
                className="button button-small"
                onClick={() => void navigator.clipboard?.writeText(m.pingUrl ?? "")}
              >
                Copy
              </button>
            </p>
          ) : null}
        </div>
        <div className="page-actions">
          <Link href={`/monitors/${m.id}/edit`} className="button">
            Edit
          </Link>
          <button type="button" className="button" disabled={pause.busy} onClick={() => pause.run(!m.paused)}>
            {m.paused ? "Resume" : "Pause"}
          </button>
          <ConfirmButton
            label="Delete"
            question={`Delete ${m.name} and all its results?`}
            confirmLabel="Yes, delete"
            onConfirm={async () => {
              await del(`/api/monitor/${m.id}`);
              store.remove(m.id);
              navigate("/");
            }}
          />
        </div>
      </header>
      <ErrorBanner error={pause.error} />

      <section className="card" aria-labelledby="regions-title">
        <h2 id="regions-title">Now, per region</h2>
        {latest.data ? <RegionStatus latest={latest.data.items} now={now} /> : <Loading />}
      </section>

      <ResponseTimeChart monitorId={m.id} />

      <section className="card" aria-labelledby="bars-title">
        <h2 id="bars-title">Last 90 days</h2>
        {bars.data ? <UptimeBars bars={bars.data} /> : <Loading />}
      </section>

      <section className="card" aria-labelledby="incidents-title">
        <h2 id="incidents-title">Incidents</h2>
        <IncidentList monitorId={m.id} pageSize={10} />
      </section>

      <section className="card" aria-labelledby="checks-title">
        <div className="card-head">
          <h2 id="checks-title">Recent checks</h2>
          <div className="inline-filters">
            <select
              aria-label="Status"
              value={checkFilter.status}
              onChange={(e) =>
                setCheckFilter((f) => ({ ...f, status: e.target.value as CheckStatus | "all" }))
              }
            >
              {checkFilters.map((s) => (
                <option key={s} value={s}>
                  {s === "all" ? "All statuses" : s}
                </option>
              ))}
            </select>
            <select
              aria-label="Region"
              value={checkFilter.region}
              onChange={(e) => setCheckFilter((f) => ({ ...f, region: e.target.value }))}
            >
              <option value="">All regions</option>
              {m.regions.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </div>
        </div>
        <h3 className="subhead">Timing breakdown</h3>
        <TimingChart checks={(checks.data ?? []).slice(0, 40)} />
        <ErrorBanner error={checks.error} />
        {checks.data ? <ChecksTable checks={[...checks.data, ...olderChecks.items]} /> : <Loading />}
        {olderChecks.cursor ? (
          <button
            type="button"
            className="button"
            onClick={async () => {
              const page = await get<Page<CheckResult>>(checksQuery(olderChecks.cursor));
              setOlderChecks((o) => ({ items: [...o.items, ...page.items], cursor: page.nextCursor }));
            }}
          >
            Older checks
          </button>
        ) : null}
      </section>
    </div>
  );
}
