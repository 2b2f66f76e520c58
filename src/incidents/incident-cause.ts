import type { FailedAssertion } from "../monitors/assertions.js";

/** Why an incident opened: what the confirming results said, and in which regions. Shown in its timeline. */
export type IncidentCause = {
  regions: string[];
  statusCode: number | null;
  error: string | null;
  failedAssertion: FailedAssertion | null;
};
