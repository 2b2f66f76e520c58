import { ApiError, type ErrorDetail } from "./client";

/**
 * A 400's problems by form field. The API reports zod issues as `details: [{in, path: "assertions.0.ranges",
 * message}]` (src/http/error-handler.ts) and rule violations from services as `details: {path: "quorum", ...}`
 * with the message on the error. Problems without a path belong to the whole form, under "".
 */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!(err instanceof ApiError)) return { "": err instanceof Error ? err.message : "Something went wrong" };
  const errors: FieldErrors = {};
  const add = (path: string | undefined, message: string) => {
    const key = path ?? "";
    errors[key] = errors[key] ? `${errors[key]}; ${message}` : message;
  };
  const { details } = err;
  if (Array.isArray(details)) {
    for (const detail of details as ErrorDetail[])
      add(detail.path || undefined, detail.message ?? err.message);
  } else if (details && typeof details === "object" && typeof (details as ErrorDetail).path === "string") {
    add((details as ErrorDetail).path, err.message);
  } else {
    add(undefined, err.message);
  }
  return errors;
}

/** The message for a field: its own, else the first of its children (`headers.X-Token` for `headers`). */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const child = Object.keys(errors).find((key) => key.startsWith(`${field}.`));
  return child ? errors[child] : undefined;
}

/** Problems that no field on the form shows, so the form can list them at the top instead of losing them. */
export function unclaimedErrors(errors: FieldErrors, fields: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === "" || !fields.some((field) => key === field || key.startsWith(`${field}.`)))
    .map(([key, message]) => (key && !message.startsWith(key) ? `${key}: ${message}` : message));
}
