import { InputField } from "../ui/fields";
import { parseTags, tagProblem } from "./monitor-tags";

/** Tags typed as comma-separated text; a tag the API would refuse is named while typing, the API's 400 after. */
export function TagsField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <InputField
      label="Tags (optional)"
      error={error ?? tagProblem(parseTags(value))}
      hint="Separated by commas; letters, digits and _ . : / -. Filter the list with tag:name."
      value={value}
      onChange={(e) => onChange(e.target.value)}
      placeholder="env:prod, team/payments"
      autoComplete="off"
      spellCheck={false}
    />
  );
}
