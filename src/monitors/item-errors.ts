import { type AppError, ValidationError } from "../http/errors.js";

/** One problem of one item of a batch, in the shape the error handler gives zod's: `monitors.3.url`. */
export type ItemIssue = { in: "body"; path: string; message: string };

/** The field a ValidationError names in its details (`{ path: "url" }`), if any. */
function fieldOf(err: ValidationError): string | undefined {
  const details = err.details;
  if (typeof details === "object" && details !== null && "path" in details) {
    const path = (details as { path: unknown }).path;
    if (typeof path === "string" && path !== "") return path;
  }
  return undefined;
}

/**
 * Judges every item of a batch and reports all the problems at once, each named by the item's index, so one bad
 * item among a thousand is found in one round trip. Only validation errors are collected; anything else is thrown.
 */
export function collectItemIssues<T, R>(
  listPath: string,
  items: readonly T[],
  judge: (item: T, index: number) => R,
): { results: (R | undefined)[]; issues: ItemIssue[] } {
  const issues: ItemIssue[] = [];
  const results = items.map((item, index) => {
    try {
      return judge(item, index);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const field = fieldOf(err);
      issues.push({
        in: "body",
        path: `${listPath}.${index}${field ? `.${field}` : ""}`,
        message: err.message,
      });
      return undefined;
    }
  });
  return { results, issues };
}

/** A 400 naming every item issue; the message quotes the first, like the schema errors do. */
export function itemIssuesError(issues: ItemIssue[]): AppError {
  const [first] = issues;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return new ValidationError(`Invalid body: ${first?.path}: ${first?.message}${more}`, issues);
}

/** Items that passed: only call it once there are no issues. */
export function passed<R>(results: (R | undefined)[]): R[] {
  return results.filter((r): r is R => r !== undefined);
}
