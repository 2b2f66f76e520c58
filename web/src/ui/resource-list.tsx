import type { ReactNode } from "react";
import type { Resource } from "../lib/use-resource";
import { ConfirmButton, Loading } from "./controls";

/**
 * A list page's body: a spinner while the first load runs (nothing if it failed: the page shows the error),
 * the empty state, else a `<ul className="list">` of the rendered rows.
 */
export function ResourceList<T>({
  resource,
  empty,
  label,
  children,
}: {
  resource: Resource<T[]>;
  empty: ReactNode;
  label?: string;
  children: (item: T) => ReactNode;
}) {
  if (resource.data === undefined) return resource.error ? null : <Loading />;
  if (resource.data.length === 0) return <>{empty}</>;
  return (
    <ul className="list" aria-label={label}>
      {resource.data.map(children)}
    </ul>
  );
}

/** A row's Edit button and its confirmed Delete, as list rows end. */
export function EditDeleteActions({
  name,
  onEdit,
  onDelete,
}: {
  name: string;
  onEdit: () => void;
  onDelete: () => Promise<void>;
}) {
  return (
    <>
      <button type="button" className="button button-small" onClick={onEdit}>
        Edit
      </button>
      <ConfirmButton
        className="button button-small button-danger"
        label="Delete"
        question={`Delete ${name}?`}
        confirmLabel="Delete"
        onConfirm={onDelete}
      />
    </>
  );
}
