import type { ChangeEvent } from "react";
import { errorFor, type FieldErrors } from "../api/field-errors";
import type { Assertion } from "../api/types";
import { Checkbox, Field } from "../ui/controls";
import { InputField, SelectField } from "../ui/fields";

const jsonPathOperators = ["equals", "notEquals", "contains", "lessThan", "greaterThan", "exists"] as const;
const headerOperators = ["exists", "equals", "notEquals", "contains"] as const;

/** The operator of a jsonPath or header assertion; the caller drops the value when "exists" is chosen. */
function OperatorSelect<O extends string>({
  operators,
  value,
  error,
  onChange,
}: {
  operators: readonly O[];
  value: O;
  error: string | undefined;
  onChange: (operator: O) => void;
}) {
  return (
    <SelectField
      label="Operator"
      error={error}
      value={value}
      onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value as O)}
    >
      {operators.map((op) => (
        <option key={op} value={op}>
          {op}
        </option>
      ))}
    </SelectField>
  );
}

type JsonValue = string | number | boolean | null | undefined;
const kindOfValue = (value: JsonValue) =>
  value === null
    ? "null"
    : typeof value === "number"
      ? "number"
      : typeof value === "boolean"
        ? "boolean"
        : "string";

/** The inputs of one assertion, by its type. */
export function AssertionFields({
  assertion,
  onChange,
  errors,
  prefix,
}: {
  assertion: Assertion;
  onChange: (a: Assertion) => void;
  errors: FieldErrors;
  prefix: string;
}) {
  const err = (field: string) => errorFor(errors, `${prefix}.${field}`);
  switch (assertion.type) {
    case "status":
      return (
        <InputField
          label="Status codes"
          error={err("ranges")}
          hint='Codes and ranges, e.g. "200-299,301".'
          value={assertion.ranges}
          onChange={(e) => onChange({ ...assertion, ranges: e.target.value })}
        />
      );
    case "responseTime":
      return (
        <>
          <InputField
            label="Faster than (ms)"
            error={err("lessThanMs")}
            type="number"
            min={1}
            value={Number.isNaN(assertion.lessThanMs) ? "" : assertion.lessThanMs}
            onChange={(e) => onChange({ ...assertion, lessThanMs: e.target.valueAsNumber })}
          />
          <Checkbox
            label="Slower marks it degraded, not down"
            checked={assertion.degraded ?? false}
            onChange={(degraded) => onChange({ ...assertion, degraded })}
          />
        </>
      );
    case "body":
      return (
        <>
          <SelectField
            label="Body"
            error={err("operator")}
            value={assertion.operator}
            onChange={(e) =>
              onChange({ ...assertion, operator: e.target.value as "contains" | "notContains" })
            }
          >
            <option value="contains">contains</option>
            <option value="notContains">does not contain</option>
          </SelectField>
          <InputField
            label="Text"
            error={err("value")}
            value={assertion.value}
            onChange={(e) => onChange({ ...assertion, value: e.target.value })}
          />
          <Checkbox
            label="Case-sensitive"
            checked={assertion.caseSensitive ?? false}
            onChange={(caseSensitive) => onChange({ ...assertion, caseSensitive })}
          />
        </>
      );
    case "jsonPath": {
      const valueKind = kindOfValue(assertion.value);
      const setValue = (kind: string, raw: string) => {
        const value: JsonValue =
          kind === "null"
            ? null
            : kind === "number"
              ? Number(raw)
              : kind === "boolean"
                ? raw === "true"
                : raw;
        onChange({ ...assertion, value });
      };
      return (
        <>
          <InputField
            label="Path"
            error={err("path")}
            hint="e.g. data.items[0].status"
            value={assertion.path}
            onChange={(e) => onChange({ ...assertion, path: e.target.value })}
          />
          <OperatorSelect
            operators={jsonPathOperators}
            value={assertion.operator}
            error={err("operator")}
            onChange={(operator) =>
              onChange(
                operator === "exists"
                  ? { type: "jsonPath", path: assertion.path, operator }
                  : { ...assertion, operator },
              )
            }
          />
          {assertion.operator === "exists" ? null : (
            <>
              <SelectField
                label="Value type"
                value={valueKind}
                onChange={(e) => setValue(e.target.value, String(assertion.value ?? ""))}
              >
                <option value="string">text</option>
                <option value="number">number</option>
                <option value="boolean">true/false</option>
                <option value="null">null</option>
              </SelectField>
              {valueKind === "null" ? null : (
                <Field label="Value" error={err("value")}>
                  {(p) =>
                    valueKind === "boolean" ? (
                      <select
                        {...p}
                        value={String(assertion.value)}
                        onChange={(e) => setValue("boolean", e.target.value)}
                      >
                        <option value="true">true</option>
                        <option value="false">false</option>
                      </select>
                    ) : (
                      <input
                        {...p}
                        type={valueKind === "number" ? "number" : "text"}
                        value={String(assertion.value ?? "")}
                        onChange={(e) => setValue(valueKind, e.target.value)}
                      />
                    )
                  }
                </Field>
              )}
            </>
          )}
        </>
      );
    }
    case "header":
      return (
        <>
          <InputField
            label="Header name"
            error={err("name")}
            value={assertion.name}
            onChange={(e) => onChange({ ...assertion, name: e.target.value })}
          />
          <OperatorSelect
            operators={headerOperators}
            value={assertion.operator}
            error={err("operator")}
            onChange={(operator) =>
              onChange(
                operator === "exists"
                  ? { type: "header", name: assertion.name, operator }
                  : { ...assertion, operator },
              )
            }
          />
          {assertion.operator === "exists" ? null : (
            <InputField
              label="Value"
              error={err("value")}
              value={assertion.value ?? ""}
              onChange={(e) => onChange({ ...assertion, value: e.target.value })}
            />
          )}
        </>
      );
    case "certificate":
      return (
        <InputField
          label="Valid for at least (days)"
          error={err("minDaysValid")}
          type="number"
          min={0}
          value={Number.isNaN(assertion.minDaysValid) ? "" : assertion.minDaysValid}
          onChange={(e) => onChange({ ...assertion, minDaysValid: e.target.valueAsNumber })}
        />
      );
    case "dns":
      return (
        <>
          <SelectField
            label="Records"
            error={err("operator")}
            value={assertion.operator}
            onChange={(e) => onChange({ ...assertion, operator: e.target.value as "equals" | "contains" })}
          >
            <option value="contains">contain all of</option>
            <option value="equals">are exactly</option>
          </SelectField>
          <Field
            label="Values, one per line"
            error={err("values")}
            hint='Addresses, names, or "10 mx.example.com" for MX.'
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                value={assertion.values.join("\n")}
                onChange={(e) =>
                  onChange({
                    ...assertion,
                    values: e.target.value
                      .split("\n")
                      .map((v) => v.trim())
                      .filter(Boolean),
                  })
                }
              />
            )}
          </Field>
        </>
      );
  }
}
