import { type FormEvent, useState } from "react";
import { type FieldErrors, fieldErrorsOf } from "../api/field-errors";

/** A form's submit handler: runs `save` with a busy flag; a failure's problems land by field in `errors`. */
export function useFormSubmit(save: () => Promise<unknown>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      await save();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { submit, errors, busy };
}
