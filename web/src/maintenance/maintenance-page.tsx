import { useState } from "react";
import { del, fetchAllPages, post, put } from "../api/client";
import { errorFor } from "../api/field-errors";
import type { MaintenanceWindow } from "../api/types";
import { formatDateTime } from "../lib/format";
import { useResource } from "../lib/use-resource";
import { Empty, ErrorBanner, PageHeader } from "../ui/controls";
import { InputField, SelectField, SubmitCancel, UnclaimedErrors } from "../ui/fields";
import { MonitorPicker } from "../ui/monitor-picker";
import { EditDeleteActions, ResourceList } from "../ui/resource-list";
import { useFormSubmit } from "../ui/use-form-submit";

const weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** An ISO instant as the value of a datetime-local input, in this browser's zone. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : "");

type Draft = {
  name: string;
  kind: "once" | "weekly";
  monitorIds: string[];
  timeZone: string;
  startsAt: string;
  endsAt: string;
  weekdays: number[];
  startTime: string;
  durationMinutes: string;
};

function draftOf(w?: MaintenanceWindow): Draft {
  return {
    name: w?.name ?? "",
    kind: w?.kind ?? "once",
    monitorIds: w?.monitorIds ?? [],
    timeZone: w?.timeZone ?? localZone,
    startsAt: toLocalInput(w?.startsAt ?? null),
    endsAt: toLocalInput(w?.endsAt ?? null),
    weekdays: w?.weekdays ?? [],
    startTime: w?.startTime ?? "02:00",
    durationMinutes: w?.durationMinutes ? String(w.durationMinutes) : "60",
  };
}

function bodyOf(d: Draft) {
  const common = { name: d.name, monitorIds: d.monitorIds, timeZone: d.timeZone };
  return d.kind === "once"
    ? { ...common, kind: d.kind, startsAt: fromLocalInput(d.startsAt), endsAt: fromLocalInput(d.endsAt) }
    : {
        ...common,
        kind: d.kind,
        weekdays: d.weekdays,
        startTime: d.startTime,
        durationMinutes: Number(d.durationMinutes),
      };
}

const claimed = [
  "name",
  "kind",
  "monitorIds",
  "timeZone",
  "startsAt",
  "endsAt",
  "weekdays",
  "startTime",
  "durationMinutes",
];

function WindowForm({
  window: w,
  onSaved,
  onCancel,
}: {
  window?: MaintenanceWindow;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState(() => draftOf(w));
  const { submit, errors } = useFormSubmit(async () => {
    if (w) await put(`/api/maintenance-windows/${w.id}`, bodyOf(d));
    else await post("/api/maintenance-windows", bodyOf(d));
    onSaved();
  });
  const text = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setD({ ...d, [key]: e.target.value });
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <UnclaimedErrors errors={errors} claimed={claimed} />
      <div className="grid-3">
        <InputField label="Name" error={errorFor(errors, "name")} value={d.name} onChange={text("name")} />
        <SelectField label="Repeats" error={errorFor(errors, "kind")} value={d.kind} onChange={text("kind")}>
          <option value="once">Once</option>
          <option value="weekly">Weekly</option>
        </SelectField>
        <InputField
          label="Time zone"
          error={errorFor(errors, "timeZone")}
          hint='IANA name, e.g. "Europe/Berlin".'
          value={d.timeZone}
          onChange={text("timeZone")}
        />
      </div>
      {d.kind === "once" ? (
        <div className="grid-2">
          <InputField
            label="Starts"
            error={errorFor(errors, "startsAt")}
            hint="In your browser's time zone."
            type="datetime-local"
            value={d.startsAt}
            onChange={text("startsAt")}
          />
          <InputField
            label="Ends"
            error={errorFor(errors, "endsAt")}
            type="datetime-local"
            value={d.endsAt}
            onChange={text("endsAt")}
          />
        </div>
      ) : (
        <>
          <fieldset className="field">
            <legend>On</legend>
            <div className="checkbox-row">
              {weekdayNames.map((name, day) => (
                <label key={name} className="checkbox">
                  <input
                    type="checkbox"
                    checked={d.weekdays.includes(day)}
                    onChange={(e) =>
                      setD({
                        ...d,
                        weekdays: e.target.checked
                          ? [...d.weekdays, day].sort()
                          : d.weekdays.filter((x) => x !== day),
                      })
                    }
                  />
                  {name}
                </label>
              ))}
            </div>
            {errorFor(errors, "weekdays") ? (
              <p className="field-error">{errorFor(errors, "weekdays")}</p>
            ) : null}
          </fieldset>
          <div className="grid-2">
            <InputField
              label="Starting at"
              error={errorFor(errors, "startTime")}
              type="time"
              value={d.startTime}
              onChange={text("startTime")}
            />
            <InputField
              label="For (minutes)"
              error={errorFor(errors, "durationMinutes")}
              type="number"
              min={1}
              max={10080}
              value={d.durationMinutes}
              onChange={text("durationMinutes")}
            />
          </div>
        </>
      )}
      <MonitorPicker
        label="Monitors"
        selected={d.monitorIds}
        onChange={(monitorIds) => setD({ ...d, monitorIds })}
      />
      {errorFor(errors, "monitorIds") ? (
        <p className="field-error">{errorFor(errors, "monitorIds")}</p>
      ) : null}
      <SubmitCancel submitLabel={w ? "Save" : "Create window"} onCancel={onCancel} />
    </form>
  );
}

function describe(w: MaintenanceWindow): string {
  if (w.kind === "once") return `${formatDateTime(w.startsAt)} to ${formatDateTime(w.endsAt)}`;
  const days = (w.weekdays ?? []).map((day) => weekdayNames[day]).join(", ");
  return `Every ${days} at ${w.startTime} for ${w.durationMinutes} min (${w.timeZone})`;
}

export function MaintenancePage() {
  const windows = useResource(
    () => fetchAllPages<MaintenanceWindow>("/api/maintenance-windows"),
    "maintenance",
  );
  const [editing, setEditing] = useState<string | "new" | undefined>();
  const done = () => {
    setEditing(undefined);
    void windows.reload();
  };
  return (
    <>
      <PageHeader title="Maintenance windows">
        {editing ? null : (
          <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
            New window
          </button>
        )}
      </PageHeader>
      <p className="hint page-intro">
        Checks keep running during a window, but no incident opens and nothing is sent.
      </p>
      {editing === "new" ? <WindowForm onSaved={done} onCancel={() => setEditing(undefined)} /> : null}
      <ErrorBanner error={windows.error} />
      <ResourceList resource={windows} empty={<Empty title="No maintenance windows" />}>
        {(w) =>
          editing === w.id ? (
            <li key={w.id} className="list-item">
              <WindowForm window={w} onSaved={done} onCancel={() => setEditing(undefined)} />
            </li>
          ) : (
            <li key={w.id} className="list-item">
              <div className="list-item-main">
                <strong>{w.name}</strong>
                {w.active ? <span className="badge badge-maintenance">Active now</span> : null}
                <span className="hint">{describe(w)}</span>
                <span className="hint">
                  {w.monitorIds.length} monitor{w.monitorIds.length === 1 ? "" : "s"}
                  {w.next && !w.active ? ` · next ${formatDateTime(w.next.startsAt)}` : ""}
                  {!w.next ? " · ended" : ""}
                </span>
              </div>
              <div className="list-item-actions">
                <EditDeleteActions
                  name={w.name}
                  onEdit={() => setEditing(w.id)}
                  onDelete={async () => {
                    await del(`/api/maintenance-windows/${w.id}`);
                    void windows.reload();
                  }}
                />
              </div>
            </li>
          )
        }
      </ResourceList>
    </>
  );
}
