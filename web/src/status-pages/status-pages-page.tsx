import { useState } from "react";
import { ApiError, del, get, itemsOf, type Page, post, put } from "../api/client";
import { errorFor } from "../api/field-errors";
import type { StatusPage, StatusPageInput } from "../api/types";
import { useResource } from "../lib/use-resource";
import { Checkbox, Empty, ErrorBanner, PageHeader, useAction } from "../ui/controls";
import { InputField, SelectField, SubmitCancel, UnclaimedErrors } from "../ui/fields";
import { MonitorPicker } from "../ui/monitor-picker";
import { EditDeleteActions, ResourceList } from "../ui/resource-list";
import { useFormSubmit } from "../ui/use-form-submit";
import { PageIncidents } from "./page-incidents";

const historyChoices = [30, 60, 90] as const;

function draftOf(page?: StatusPage): StatusPageInput {
  return {
    slug: page?.slug ?? "",
    title: page?.title ?? "",
    logoUrl: page?.logoUrl ?? "",
    historyDays: page?.historyDays ?? 90,
    sections: page?.sections ?? [{ name: "Services", monitorIds: [] }],
    customDomain: page?.customDomain ?? "",
    published: page?.published ?? true,
  };
}

/** Optional text fields left blank are sent as null, which also clears them on an edit. */
function bodyOf(d: StatusPageInput): StatusPageInput {
  return {
    slug: d.slug.trim(),
    title: d.title,
    logoUrl: d.logoUrl?.trim() || null,
    historyDays: d.historyDays,
    sections: d.sections,
    customDomain: d.customDomain?.trim() || null,
    published: d.published,
  };
}

/** A custom domain is served once its TXT record proves it is yours. */
function DomainStatus({ page, onChanged }: { page: StatusPage; onChanged: () => void }) {
  const verify = useAction(async () => {
    await post(`/api/status-pages/${page.id}/domain/verify`);
    onChanged();
  });
  const v = page.domainVerification;
  if (!page.customDomain || !v) return null;
  if (v.verified) return <span className="hint">Served at https://{page.customDomain}</span>;
  return (
    <div className="hint domain-check">
      To serve it at {page.customDomain}, add a TXT record <code>{v.record}</code> holding{" "}
      <code>{v.value}</code>, then{" "}
      <button
        type="button"
        className="button button-small"
        disabled={verify.busy}
        onClick={() => verify.run()}
      >
        Verify
      </button>
      <ErrorBanner error={verify.error} />
    </div>
  );
}

const claimed = ["slug", "title", "logoUrl", "historyDays", "sections", "customDomain", "published"];

function StatusPageForm({
  page,
  onSaved,
  onCancel,
}: {
  page?: StatusPage;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState(() => draftOf(page));
  const { submit, errors } = useFormSubmit(async () => {
    if (page) await put(`/api/status-pages/${page.id}`, bodyOf(d));
    else await post("/api/status-pages", bodyOf(d));
    onSaved();
  });
  const setSection = (i: number, change: Partial<StatusPageInput["sections"][number]>) =>
    setD({ ...d, sections: d.sections.map((s, j) => (j === i ? { ...s, ...change } : s)) });
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <UnclaimedErrors errors={errors} claimed={claimed} />
      <div className="grid-2">
        <InputField
          label="Title"
          error={errorFor(errors, "title")}
          value={d.title}
          onChange={(e) => setD({ ...d, title: e.target.value })}
        />
        <InputField
          label="Slug"
          error={errorFor(errors, "slug")}
          hint={`Public at /status/${d.slug || "your-slug"}`}
          value={d.slug}
          onChange={(e) => setD({ ...d, slug: e.target.value.toLowerCase() })}
        />
        <InputField
          label="Logo URL (optional)"
          error={errorFor(errors, "logoUrl")}
          type="url"
          value={d.logoUrl ?? ""}
          onChange={(e) => setD({ ...d, logoUrl: e.target.value })}
        />
        <InputField
          label="Custom domain (optional)"
          error={errorFor(errors, "customDomain")}
          hint="e.g. status.example.com"
          value={d.customDomain ?? ""}
          onChange={(e) => setD({ ...d, customDomain: e.target.value })}
        />
        <SelectField
          label="History shown"
          error={errorFor(errors, "historyDays")}
          value={d.historyDays}
          onChange={(e) => setD({ ...d, historyDays: Number(e.target.value) as 30 | 60 | 90 })}
        >
          {historyChoices.map((days) => (
            <option key={days} value={days}>
              {days} days
            </option>
          ))}
        </SelectField>
      </div>
      <h3 className="subhead">Sections</h3>
      {d.sections.map((section, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sections are edited in place and have no id
        <div key={i} className="section-editor">
          <div className="grid-2">
            <InputField
              label={`Section ${i + 1} name`}
              error={errorFor(errors, `sections.${i}.name`)}
              value={section.name}
              onChange={(e) => setSection(i, { name: e.target.value })}
            />
            <div className="form-actions">
              <button
                type="button"
                className="button button-small"
                onClick={() => setD({ ...d, sections: d.sections.filter((_, j) => j !== i) })}
              >
                Remove section
              </button>
            </div>
          </div>
          <MonitorPicker
            label="Monitors shown"
            selected={section.monitorIds}
            onChange={(monitorIds) => setSection(i, { monitorIds })}
          />
          {errorFor(errors, `sections.${i}.monitorIds`) ? (
            <p className="field-error">{errorFor(errors, `sections.${i}.monitorIds`)}</p>
          ) : null}
        </div>
      ))}
      {errors.sections ? <p className="field-error">{errors.sections}</p> : null}
      <button
        type="button"
        className="button button-small"
        onClick={() => setD({ ...d, sections: [...d.sections, { name: "", monitorIds: [] }] })}
      >
        Add section
      </button>
      <Checkbox
        label="Published"
        hint="(anyone with the link can see it)"
        checked={d.published}
        onChange={(published) => setD({ ...d, published })}
      />
      <SubmitCancel submitLabel={page ? "Save" : "Create status page"} onCancel={onCancel} />
    </form>
  );
}

export function StatusPagesPage() {
  const pages = useResource(
    async () => itemsOf(await get<Page<StatusPage> | StatusPage[]>("/api/status-pages")),
    "status-pages",
  );
  const [editing, setEditing] = useState<string | "new">();
  const [incidentsOf, setIncidentsOf] = useState<string>();
  const unavailable = pages.error instanceof ApiError && pages.error.status === 404;
  const done = () => {
    setEditing(undefined);
    void pages.reload();
  };
  return (
    <>
      <PageHeader title="Status pages">
        {editing || unavailable ? null : (
          <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
            New status page
          </button>
        )}
      </PageHeader>
      <p className="hint page-intro">
        Public pages showing chosen monitors' status and uptime history, served at /status/slug.
      </p>
      {unavailable ? (
        <Empty title="This server does not offer status pages yet" />
      ) : (
        <ErrorBanner error={pages.error} />
      )}
      {editing === "new" ? <StatusPageForm onSaved={done} onCancel={() => setEditing(undefined)} /> : null}
      <ResourceList resource={pages} empty={<Empty title="No status pages yet" />}>
        {(page) =>
          editing === page.id ? (
            <li key={page.id} className="list-item">
              <StatusPageForm page={page} onSaved={done} onCancel={() => setEditing(undefined)} />
            </li>
          ) : (
            <li key={page.id} className="list-item" data-status-page={page.slug}>
              <div className="list-item-main">
                <strong>{page.title}</strong>
                <span className={`badge ${page.published ? "badge-up" : "badge-paused"}`}>
                  {page.published ? "Published" : "Draft"}
                </span>
                <span className="hint">
                  /status/{page.slug} · {page.sections.reduce((n, s) => n + s.monitorIds.length, 0)} monitors
                  · {page.historyDays} days
                </span>
                <DomainStatus page={page} onChanged={() => void pages.reload()} />
              </div>
              <div className="list-item-actions">
                <a
                  className="button button-small"
                  href={page.url || `/status/${page.slug}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  Open
                </a>
                <button
                  type="button"
                  className="button button-small"
                  aria-expanded={incidentsOf === page.id}
                  onClick={() => setIncidentsOf(incidentsOf === page.id ? undefined : page.id)}
                >
                  Incidents
                </button>
                <EditDeleteActions
                  name={page.title}
                  onEdit={() => setEditing(page.id)}
                  onDelete={async () => {
                    await del(`/api/status-pages/${page.id}`);
                    void pages.reload();
                  }}
                />
              </div>
              {incidentsOf === page.id ? <PageIncidents page={page} /> : null}
            </li>
          )
        }
      </ResourceList>
    </>
  );
}
