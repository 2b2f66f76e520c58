import type { Dispatch, SetStateAction } from "react";
import { errorFor, type FieldErrors } from "../api/field-errors";
import { type HttpMethod, httpMethods } from "../api/types";
import { Field } from "../ui/controls";
import { InputField, PasswordField, SelectField } from "../ui/fields";
import type { MonitorForm } from "./monitor-form-model";

/** The HTTP request of an http monitor: method, headers, body, authentication and User-Agent. */
export function RequestFields({
  form,
  setForm,
  errors,
}: {
  form: MonitorForm;
  setForm: Dispatch<SetStateAction<MonitorForm>>;
  errors: FieldErrors;
}) {
  const text = (key: keyof MonitorForm) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const setHeader = (i: number, change: Partial<{ name: string; value: string }>) =>
    setForm((f) => ({ ...f, headers: f.headers.map((h, j) => (j === i ? { ...h, ...change } : h)) }));
  const headerError = errorFor(errors, "headers");
  return (
    <>
      <div className="grid-3">
        <SelectField
          label="Method"
          error={errorFor(errors, "method")}
          value={form.method}
          onChange={(e) => setForm((f) => ({ ...f, method: e.target.value as HttpMethod }))}
        >
          {httpMethods.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </SelectField>
        <InputField
          label="User-Agent"
          error={errorFor(errors, "userAgent")}
          hint="Blank: Vigil's own."
          value={form.userAgent}
          onChange={text("userAgent")}
        />
      </div>
      <fieldset className="field">
        <legend>Headers</legend>
        {form.headers.map((header, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; names may repeat while typing
          <div className="header-row" key={i}>
            <input
              aria-label={`Header ${i + 1} name`}
              placeholder="Name"
              value={header.name}
              onChange={(e) => setHeader(i, { name: e.target.value })}
            />
            <input
              aria-label={`Header ${i + 1} value`}
              placeholder="Value"
              value={header.value}
              onChange={(e) => setHeader(i, { value: e.target.value })}
            />
            <button
              type="button"
              className="button button-ghost button-small"
              aria-label={`Remove header ${i + 1}`}
              onClick={() => setForm((f) => ({ ...f, headers: f.headers.filter((_, j) => j !== i) }))}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() => setForm((f) => ({ ...f, headers: [...f.headers, { name: "", value: "" }] }))}
        >
          Add header
        </button>
        {headerError ? (
          <p className="field-error" role="alert">
            {headerError}
          </p>
        ) : null}
        <p className="hint">Secret values come back as ******** and are kept when saved unchanged.</p>
      </fieldset>
      {form.method === "GET" || form.method === "HEAD" ? null : (
        <Field label="Body" error={errorFor(errors, "body")}>
          {(p) => <textarea {...p} rows={4} value={form.body} onChange={text("body")} />}
        </Field>
      )}
      <div className="grid-3">
        <SelectField
          label="Authentication"
          error={errorFor(errors, "auth")}
          value={form.authType}
          onChange={(e) => setForm((f) => ({ ...f, authType: e.target.value as MonitorForm["authType"] }))}
        >
          <option value="none">None</option>
          <option value="basic">Basic</option>
          <option value="bearer">Bearer token</option>
        </SelectField>
        {form.authType === "basic" ? (
          <>
            <InputField
              label="Username"
              error={errorFor(errors, "auth.username")}
              autoComplete="off"
              value={form.authUsername}
              onChange={text("authUsername")}
            />
            <PasswordField
              label="Password"
              error={errorFor(errors, "auth.password")}
              autoComplete="new-password"
              value={form.authPassword}
              onChange={text("authPassword")}
            />
          </>
        ) : null}
        {form.authType === "bearer" ? (
          <InputField
            label="Token"
            error={errorFor(errors, "auth.token")}
            type="password"
            autoComplete="off"
            value={form.authToken}
            onChange={text("authToken")}
          />
        ) : null}
      </div>
    </>
  );
}
