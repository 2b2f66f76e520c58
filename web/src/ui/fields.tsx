import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { type FieldErrors, unclaimedErrors } from "../api/field-errors";
import { ErrorBanner, Field } from "./controls";

/** The props Field hands its control; a field component sets them, never its caller. */
type FieldManaged = "id" | "aria-invalid" | "aria-describedby";

type FieldFrame = { label: string; error?: string | undefined; hint?: ReactNode; className?: string };

/** A Field holding one `<input>`; every other prop goes to the input. */
export function InputField({
  label,
  error,
  hint,
  className,
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, FieldManaged | "className">) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(p) => <input {...p} {...input} />}
    </Field>
  );
}

/** A Field holding one `<select>`; its options are the children. */
export function SelectField({
  label,
  error,
  hint,
  className,
  children,
  ...select
}: FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, FieldManaged | "className">) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(p) => (
        <select {...p} {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** Server errors that no field on the form shows, one banner each. */
export function UnclaimedErrors({ errors, claimed }: { errors: FieldErrors; claimed: readonly string[] }) {
  return (
    <>
      {unclaimedErrors(errors, claimed).map((m) => (
        <ErrorBanner key={m} error={m} />
      ))}
    </>
  );
}

/** A list-level error under a control that is not a Field (pickers, checkbox rows). */
export function FieldError({ error }: { error: string | undefined }) {
  return error ? <p className="field-error">{error}</p> : null;
}

/** The primary submit button and a Cancel beside it, as the inline create/edit forms end. */
export function SubmitCancel({
  submitLabel,
  busy,
  onCancel,
}: {
  submitLabel: string;
  busy?: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={busy}>
        {submitLabel}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

type InputProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, FieldManaged | "className">;

/** A password input; `autoComplete` tells password managers whether it asks for the current or a new one. */
export function PasswordField(props: InputProps & { autoComplete: "current-password" | "new-password" }) {
  return <InputField type="password" {...props} />;
}

/** The code an authenticator app shows. */
export function OneTimeCodeField(props: InputProps) {
  return <InputField inputMode="numeric" autoComplete="one-time-code" {...props} />;
}
