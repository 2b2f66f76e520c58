import { useState } from "react";
import { errorFor } from "../api/field-errors";
import { type StatusPageIncidentState, statusPageIncidentStates } from "../api/types";
import { Field } from "../ui/controls";
import { InputField, SelectField, SubmitCancel, UnclaimedErrors } from "../ui/fields";
import { useFormSubmit } from "../ui/use-form-submit";

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
  const { submit, errors, busy } = useFormSubmit(async () => {
    if (props.kind === "create") await props.onSubmit({ title, message, state });
    else await props.onSubmit({ message, state });
  });
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <UnclaimedErrors errors={errors} claimed={["title", "message", "state"]} />
      <div className="grid-2">
        {props.kind === "create" ? (
          <InputField
            label="Title"
            error={errorFor(errors, "title")}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Elevated error rates on the API"
          />
        ) : null}
        <SelectField
          label="State"
          error={errorFor(errors, "state")}
          value={state}
          onChange={(e) => setState(e.target.value as StatusPageIncidentState)}
        >
          {statusPageIncidentStates.map((s) => (
            <option key={s} value={s}>
              {incidentStateLabels[s]}
            </option>
          ))}
        </SelectField>
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
      <SubmitCancel
        submitLabel={props.kind === "create" ? "Create incident" : "Post update"}
        busy={busy}
        onCancel={props.onCancel}
      />
    </form>
  );
}
