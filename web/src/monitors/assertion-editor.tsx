import type { FieldErrors } from "../api/field-errors";
import type { Assertion, AssertionType, MonitorType } from "../api/types";
import { AssertionFields } from "./assertion-fields";
import { newAssertion } from "./monitor-form-model";

const kindLabels: Record<AssertionType, string> = {
  status: "Status code",
  responseTime: "Response time",
  body: "Body text",
  jsonPath: "JSON value",
  header: "Response header",
  certificate: "TLS certificate",
  dns: "DNS records",
};

/** Which assertions make sense for a monitor type (the worker ignores none, but these are the useful ones). */
export const kindsFor: Record<MonitorType, AssertionType[]> = {
  http: ["status", "responseTime", "body", "jsonPath", "header", "certificate"],
  tcp: ["responseTime"],
  dns: ["dns", "responseTime"],
  heartbeat: [],
};

export function AssertionEditor({
  type,
  assertions,
  onChange,
  errors,
}: {
  type: MonitorType;
  assertions: Assertion[];
  onChange: (assertions: Assertion[]) => void;
  errors: FieldErrors;
}) {
  const kinds = kindsFor[type];
  const listError = errors.assertions;
  return (
    <div className="assertions">
      {assertions.length === 0 ? (
        <p className="hint">No assertions: the check passes on an expected answer.</p>
      ) : null}
      {listError ? (
        <p className="field-error" role="alert">
          {listError}
        </p>
      ) : null}
      <ol className="assertion-list">
        {assertions.map((assertion, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: assertions have no id; their position is their identity
          <li key={i} className="assertion">
            <div className="assertion-head">
              <strong>{kindLabels[assertion.type]}</strong>
              <button
                type="button"
                className="button button-ghost button-small"
                aria-label={`Remove assertion ${i + 1}`}
                onClick={() => onChange(assertions.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </div>
            <div className="assertion-fields">
              <AssertionFields
                assertion={assertion}
                errors={errors}
                prefix={`assertions.${i}`}
                onChange={(next) => onChange(assertions.map((a, j) => (j === i ? next : a)))}
              />
            </div>
            {errors[`assertions.${i}`] ? <p className="field-error">{errors[`assertions.${i}`]}</p> : null}
          </li>
        ))}
      </ol>
      {kinds.length > 0 && assertions.length < 20 ? (
        <div className="add-assertion">
          <span className="hint">Add:</span>
          {kinds.map((kind) => (
            <button
              key={kind}
              type="button"
              className="button button-small"
              onClick={() => onChange([...assertions, newAssertion(kind)])}
            >
              {kindLabels[kind]}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
