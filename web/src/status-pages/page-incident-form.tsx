import { type FormEvent, useState } from "react";
import { errorFor, type FieldErrors, fieldErrorsOf, unclaimedErrors } from "../api/field-errors";
import { type StatusPageIncidentState, statusPageIncidentStates } from "../api/types";
import { ErrorBanner, Field } from "../ui/controls";

export const incidentStateLabels: Record<StatusPageIncidentState, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

/** The public page's colours (src/status-pages/page-style.ts): red until monitoring, amber, then green. */
const stateDots: Record<StatusPageIncidentState, string> = {
  investigating: "down",
  identified: "down",
  monitoring: "degraded",
  resolved: "up",
};

export function IncidentStateBadge({ state }: { state: StatusPageIncidentState }) {
  return (
    <span className="badge" data-state={state}>
      <span className={`dot dot-sm dot-${stateDots[state]}`} aria-hidden="true" />
      {incidentStateLabels[state]}
    </span>
  );
}

export type NewIncidentBody = { title: string; message: string; state: StatusPageIncidentState };
export type IncidentUpdateBody = { message: string; state: StatusPageIncidentState };

type Props =
  | { kind: "create"; onSubmit: (body: NewIncidentBody) => Promise<void>; onCancel: () => void }
  | {
      kind: "update";
      state: StatusPageIncidentState;
      onSubmit: (body: IncidentUpdateBody) => Promise<void>;
      onCancel: () => void;
    };

/** A new incident (title, state, first message) or an update to one (state, message); 400s land on their fields. */
export function PageIncidentForm(props: Props) {
  const [title, setTitle] = useState("");
  const [message, setMessage] = useState("");
  const [state, setState] = useState<StatusPageIncidentState>(
    props.kind === "update" ? props.state : "investigating",
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      if (props.kind === "create") await props.onSubmit({ title, message, state });
      else await props.onSubmit({ message, state });
    } catch (err) {
      setErrors(fieldErrorsOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form card" onSubmit={submit} noValidate>
      {unclaimedErrors(errors, ["title", "message", "state"]).map((m) => (
        <ErrorBanner key={m} error={m} />
      ))}
      <div className="grid-2">
        {props.kind === "create" ? (
          <Field label="Title" error={errorFor(errors, "title")}>
            {(p) => (
              <input
                {...p}
                value={title}
                maxLength={200}
                onChange={(e) => setTitle(e.target.value)}
                placeholder="Elevated error rates on the API"
              />
            )}
          </Field>
        ) : null}
        <Field label="State" error={errorFor(errors, "state")}>
          {(p) => (
            <select
              {...p}
              value={state}
              onChange={(e) => setState(e.target.value as StatusPageIncidentState)}
            >
              {statusPageIncidentStates.map((s) => (
                <option key={s} value={s}>
                  {incidentStateLabels[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label={props.kind === "create" ? "Message" : "Update"}
        error={errorFor(errors, "message")}
        hint="Shown on the public page; plain text."
      >
        {(p) => (
          <textarea
            {...p}
            rows={3}
            value={message}
            maxLength={5000}
            onChange={(e) => setMessage(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {props.kind === "create" ? "Create incident" : "Post update"}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
