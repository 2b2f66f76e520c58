import { useState } from "react";
import { errorFor } from "../api/field-errors";
import { type Channel, type MonitorType, monitorTypes } from "../api/types";
import { Checkbox } from "../ui/controls";
import { InputField, SelectField, UnclaimedErrors } from "../ui/fields";
import { useFormSubmit } from "../ui/use-form-submit";
import { AlertingFields } from "./alerting-fields";
import { AssertionEditor, kindsFor } from "./assertion-editor";
import {
  type BoundField,
  dnsRecordTypes,
  type MonitorForm as FormState,
  formFields,
  type TextKey,
} from "./monitor-form-model";
import { RequestFields } from "./request-fields";
import { TagsField } from "./tags-field";

const typeLabels: Record<MonitorType, string> = {
  http: "HTTP(S)",
  tcp: "TCP port",
  dns: "DNS",
  heartbeat: "Heartbeat (push)",
};

export type MonitorFormProps = {
  initial: FormState;
  mode: "create" | "edit";
  regions: string[];
  channels: Channel[];
  /** Saves; a thrown ApiError's problems are shown beside their fields. */
  onSubmit: (form: FormState) => Promise<void>;
  onCancel?: () => void;
};

/** Create or edit a monitor of any type, with every option the API takes; the API's 400s land on their fields. */
export function MonitorForm({ initial, mode, regions, channels, onSubmit, onCancel }: MonitorFormProps) {
  const [form, setForm] = useState(initial);
  const { submit, errors, busy } = useFormSubmit(() => onSubmit(form));
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const text = (key: keyof FormState) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const err = (field: string) => errorFor(errors, field);
  /** A text or number input's value, change handler and error, for a field named as its form key. */
  const bind = (key: TextKey): BoundField => ({ value: form[key], onChange: text(key), error: err(key) });

  const isHeartbeat = form.type === "heartbeat";
  const typeLocked = (type: MonitorType) =>
    mode === "edit" && (type === "heartbeat") !== (initial.type === "heartbeat");

  return (
    <form className="form monitor-form" onSubmit={submit} noValidate>
      <UnclaimedErrors errors={errors} claimed={formFields} />
      <fieldset className="section">
        <legend>What to check</legend>
        <div className="segmented" role="radiogroup" aria-label="Monitor type">
          {monitorTypes.map((type) => (
            <label
              key={type}
              className={`segment${form.type === type ? " active" : ""}${typeLocked(type) ? " disabled" : ""}`}
            >
              <input
                type="radio"
                name="type"
                value={type}
                checked={form.type === type}
                disabled={typeLocked(type)}
                onChange={() =>
                  setForm((f) => ({
                    ...f,
                    type,
                    assertions: f.assertions.filter((a) => kindsFor[type].includes(a.type)),
                  }))
                }
              />
              {typeLabels[type]}
            </label>
          ))}
        </div>
        {err("type") ? <p className="field-error">{err("type")}</p> : null}
        <div className="grid-2">
          <InputField
            label="Name"
            hint={mode === "create" ? "Blank: the host name." : undefined}
            {...bind("name")}
            maxLength={200}
          />
          {form.type === "http" ? (
            <InputField
              label="URL"
              type="url"
              inputMode="url"
              {...bind("url")}
              placeholder="https://example.com/health"
            />
          ) : null}
        </div>
        {form.type === "tcp" ? (
          <div className="grid-2">
            <InputField
              label="Host"
              error={err("url")}
              value={form.tcpHost}
              onChange={text("tcpHost")}
              placeholder="db.example.com"
            />
            <InputField
              label="Port"
              type="number"
              min={1}
              max={65535}
              value={form.tcpPort}
              onChange={text("tcpPort")}
            />
          </div>
        ) : null}
        {form.type === "dns" ? (
          <div className="grid-3">
            <InputField
              label="Domain name"
              error={err("url")}
              value={form.dnsName}
              onChange={text("dnsName")}
              placeholder="example.com"
            />
            <SelectField label="Record type" value={form.dnsRecordType} onChange={text("dnsRecordType")}>
              {dnsRecordTypes.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </SelectField>
            <InputField
              label="Resolver"
              hint="An IP address; blank: this machine's resolvers."
              value={form.dnsResolver}
              onChange={text("dnsResolver")}
              placeholder="9.9.9.9"
            />
          </div>
        ) : null}
        <TagsField value={form.tags} onChange={(tags) => set("tags", tags)} error={err("tags")} />
        {isHeartbeat ? (
          <p className="hint">
            Vigil gives the monitor a secret ping URL. Have your job call it when it succeeds (or append /fail
            when it fails); no ping within the period plus the grace makes the monitor down.
          </p>
        ) : null}
        <div className="grid-3">
          <InputField
            label={isHeartbeat ? "Expected every (seconds)" : "Check every (seconds)"}
            hint="30 to 86400."
            type="number"
            min={30}
            max={86400}
            {...bind("intervalSeconds")}
          />
          {isHeartbeat ? (
            <InputField
              label="Grace (seconds)"
              hint="How late a ping may be."
              type="number"
              min={0}
              max={86400}
              {...bind("graceSeconds")}
            />
          ) : (
            <InputField
              label="Timeout (ms)"
              hint="100 to 60000, within the interval."
              type="number"
              min={100}
              max={60000}
              {...bind("timeoutMs")}
            />
          )}
        </div>
        {isHeartbeat ? null : (
          <fieldset className="field">
            <legend>Regions</legend>
            <div className="checkbox-row">
              {regions.map((region) => (
                <Checkbox
                  key={region}
                  label={region}
                  checked={form.regions.includes(region)}
                  onChange={(on) =>
                    set("regions", on ? [...form.regions, region] : form.regions.filter((r) => r !== region))
                  }
                />
              ))}
            </div>
            {err("regions") ? (
              <p className="field-error" role="alert">
                {err("regions")}
              </p>
            ) : null}
          </fieldset>
        )}
      </fieldset>

      {form.type === "http" ? (
        <fieldset className="section">
          <legend>Request</legend>
          <RequestFields form={form} setForm={setForm} errors={errors} />
          <InputField
            label="Expected status"
            hint='Codes and ranges, e.g. "200-299,301".'
            {...bind("expectedStatus")}
          />
          <div className="grid-3">
            <Checkbox
              label="Follow redirects"
              checked={form.followRedirects}
              onChange={(v) => set("followRedirects", v)}
            />
            <InputField label="Max redirects" type="number" min={0} max={10} {...bind("maxRedirects")} />
            <Checkbox
              label="Ignore TLS errors"
              hint="(expired or self-signed certificates pass)"
              checked={form.ignoreTlsErrors}
              onChange={(v) => set("ignoreTlsErrors", v)}
            />
          </div>
        </fieldset>
      ) : null}

      {kindsFor[form.type].length > 0 ? (
        <fieldset className="section">
          <legend>Assertions</legend>
          <AssertionEditor
            type={form.type}
            assertions={form.assertions}
            onChange={(a) => set("assertions", a)}
            errors={errors}
          />
        </fieldset>
      ) : null}

      <AlertingFields form={form} set={set} bind={bind} err={err} channels={channels} />

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Saving…" : mode === "create" ? "Create monitor" : "Save changes"}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
