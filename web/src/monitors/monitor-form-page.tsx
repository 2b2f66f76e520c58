import { Link, useLocation, useParams } from "wouter";
import { fetchAllPages, get, post, put } from "../api/client";
import type { Channel, Monitor, Region } from "../api/types";
import { useResource } from "../lib/use-resource";
import { ErrorBanner, Loading, PageHeader } from "../ui/controls";
import { MonitorForm } from "./monitor-form";
import { bodyFromForm, changedFields, emptyForm, formFromMonitor } from "./monitor-form-model";
import { useMonitorStore } from "./monitor-store-context";

type FormData = { regions: string[]; channels: Channel[]; monitor?: Monitor };

async function loadFormData(monitorId?: string): Promise<FormData> {
  const [regions, channels, monitor] = await Promise.all([
    get<{ items: Region[] }>("/api/regions"),
    fetchAllPages<Channel>("/api/notification-channels", { limit: 1000 }),
    monitorId ? get<Monitor>(`/api/monitor/${monitorId}`) : Promise.resolve(undefined),
  ]);
  return { regions: regions.items.map((r) => r.name), channels, ...(monitor ? { monitor } : {}) };
}

export function CreateMonitorPage() {
  const [, navigate] = useLocation();
  const store = useMonitorStore();
  const data = useResource(() => loadFormData(), "new");
  return (
    <>
      <PageHeader title="New monitor" />
      <ErrorBanner error={data.error} />
      {data.data ? (
        <MonitorForm
          mode="create"
          initial={emptyForm(data.data.regions)}
          regions={data.data.regions}
          channels={data.data.channels}
          onCancel={() => navigate("/")}
          onSubmit={async (form) => {
            const created = await post<Monitor>("/api/monitor", bodyFromForm(form));
            store.upsert(created);
            navigate(`/monitors/${created.id}`);
          }}
        />
      ) : data.error ? null : (
        <Loading />
      )}
    </>
  );
}

export function EditMonitorPage() {
  const { id = "" } = useParams<{ id: string }>();
  const [, navigate] = useLocation();
  const store = useMonitorStore();
  const data = useResource(() => loadFormData(id), id);
  const monitor = data.data?.monitor;
  return (
    <>
      <PageHeader title={monitor ? `Edit ${monitor.name}` : "Edit monitor"}>
        <Link href={`/monitors/${id}`} className="button">
          Back
        </Link>
      </PageHeader>
      <ErrorBanner error={data.error} />
      {data.data && monitor ? (
        <MonitorForm
          mode="edit"
          initial={formFromMonitor(monitor)}
          regions={[...new Set([...data.data.regions, ...monitor.regions])].filter((r) => r !== "push")}
          channels={data.data.channels}
          onCancel={() => navigate(`/monitors/${id}`)}
          onSubmit={async (form) => {
            const changes = changedFields(formFromMonitor(monitor), form);
            if (Object.keys(changes).length > 0) {
              store.upsert(await put<Monitor>(`/api/monitor/${id}`, changes));
            }
            navigate(`/monitors/${id}`);
          }}
        />
      ) : data.error ? null : (
        <Loading />
      )}
    </>
  );
}
