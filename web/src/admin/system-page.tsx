import { type FormEvent, useEffect, useState } from "react";
import { ApiError, del, get, post } from "../api/client";
import { fieldErrorsOf } from "../api/field-errors";
import type { QueueStats, Region } from "../api/types";
import { formatDateTime, formatRelative } from "../lib/format";
import { useNow, useResource } from "../lib/use-resource";
import { ErrorBanner, Loading, PageHeader } from "../ui/controls";
import { InputField } from "../ui/fields";

function RegionRow({
  region,
  stats,
  onChanged,
}: {
  region: Region;
  stats?: QueueStats["regions"][number];
  onChanged: () => void;
}) {
  const [asking, setAsking] = useState<"delete" | "force">();
  const [error, setError] = useState<unknown>();
  const remove = async (force: boolean) => {
    setError(undefined);
    try {
      await del(`/api/regions/${region.name}${force ? "?force=true" : ""}`);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.code === "region_in_use") setAsking("force");
      else setError(err);
    }
  };
  return (
    <tr>
      <td>
        <strong>{region.name}</strong>
      </td>
      <td className="num">{stats?.consumers ?? "–"}</td>
      <td className={`num${stats && stats.lag > 100 ? " bad" : ""}`}>{stats?.lag ?? "–"}</td>
      <td className="num">{stats?.pending ?? "–"}</td>
      <td className="num">{stats?.length ?? "–"}</td>
      <td>{formatDateTime(region.createdAt)}</td>
      <td>
        {asking === undefined ? (
          <button
            type="button"
            className="button button-small button-danger"
            onClick={() => setAsking("delete")}
          >
            Delete
          </button>
        ) : (
          <span className="confirm">
            <span className="confirm-question">
              {asking === "force"
                ? "Monitors use it: remove it from them (pausing any left without a region)?"
                : "Delete?"}
            </span>
            <button
              type="button"
              className="button button-small button-danger"
              onClick={() => remove(asking === "force")}
            >
              {asking === "force" ? "Remove anyway" : "Delete"}
            </button>
            <button type="button" className="button button-small" onClick={() => setAsking(undefined)}>
              Cancel
            </button>
          </span>
        )}
        <ErrorBanner error={error} />
      </td>
    </tr>
  );
}

/** Admins: the regions checks run from, whether each keeps up (queue backlog), and the live workers. */
export function SystemPage() {
  const regions = useResource(() => get<{ items: Region[] }>("/api/regions"), "regions");
  const stats = useResource(() => get<QueueStats>("/api/queue/stats"), "queue");
  const now = useNow(5_000);
  // Queue figures move by the second: refresh while the page is open.
  useEffect(() => {
    const timer = setInterval(() => void stats.reload(), 5_000);
    return () => clearInterval(timer);
  }, [stats.reload]);
  const [name, setName] = useState("");
  const [addError, setAddError] = useState<string>();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setAddError(undefined);
    try {
      await post("/api/regions", { name });
      setName("");
      await Promise.all([regions.reload(), stats.reload()]);
    } catch (err) {
      setAddError(Object.values(fieldErrorsOf(err)).join("; "));
    }
  };
  const byRegion = new Map(stats.data?.regions.map((r) => [r.region, r]));
  return (
    <>
      <PageHeader title="Regions & queue" />
      <ErrorBanner error={regions.error ?? stats.error} />
      <section className="card">
        <h2>Regions</h2>
        {regions.data ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Region</th>
                  <th className="num">Workers</th>
                  <th className="num">Waiting (lag)</th>
                  <th className="num">Running</th>
                  <th className="num">Stream length</th>
                  <th>Created</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {regions.data.items.map((region) => (
                  <RegionRow
                    key={region.name}
                    region={region}
                    stats={byRegion.get(region.name)}
                    onChanged={() => void regions.reload()}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Loading />
        )}
        <form className="inline-form" onSubmit={add} noValidate>
          <InputField
            label="New region"
            error={addError}
            hint="Then start a worker: vigil worker --region NAME"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="eu-west"
          />
          <button type="submit" className="button button-primary">
            Add region
          </button>
        </form>
      </section>
      <section className="card">
        <h2>Results stream</h2>
        {stats.data ? (
          <p>
            {stats.data.results.lag} waiting, {stats.data.results.pending} being stored,{" "}
            {stats.data.results.consumers} ingester
            {stats.data.results.consumers === 1 ? "" : "s"}.
          </p>
        ) : null}
        <h2>Workers</h2>
        {stats.data ? (
          stats.data.workers.length === 0 ? (
            <p className="banner banner-error">No live worker: no check runs until one starts.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Worker</th>
                    <th>Region</th>
                    <th className="num">Running</th>
                    <th className="num">Done</th>
                    <th className="num">Missed</th>
                    <th>Heartbeat</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.data.workers.map((w) => (
                    <tr key={w.workerId}>
                      <td className="mono">{w.workerId}</td>
                      <td>{w.region}</td>
                      <td className="num">{w.inFlight}</td>
                      <td className="num">{w.done}</td>
                      <td className={`num${w.missed > 0 ? " bad" : ""}`}>{w.missed}</td>
                      <td>{formatRelative(w.lastHeartbeatAt, now)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : (
          <Loading />
        )}
      </section>
    </>
  );
}
