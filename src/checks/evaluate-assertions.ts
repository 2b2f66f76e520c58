import { truncate } from "../lib/truncate.js";
import type { Assertion, FailedAssertion } from "../monitors/assertions.js";
import type { Certificate } from "../queue/check-timings.js";
import type { DnsRecordType } from "./dns-url.js";
import { readJsonPath } from "./json-path.js";
import { isExpectedStatus } from "./status-match.js";

export type AssertionInput = {
  statusCode: number;
  responseTimeMs: number;
  /** Body text as read (capped); null when the body was not read. */
  body: string | null;
  headers: Record<string, string | string[] | undefined>;
  certificate: Certificate | null;
  /** Whether the TLS certificate was trusted (false when ignoreTlsErrors accepted an invalid one); null over http. */
  certificateTrusted: boolean | null;
  /** dns checks: the record type asked and the records the answer held, rendered as strings. */
  dns?: { recordType: DnsRecordType; records: string[] };
  now: number;
};

export type AssertionVerdict =
  | { status: "up" }
  | { status: "down" | "degraded"; failed: FailedAssertion; error: string };

/** What one assertion found: null when it holds, otherwise the failure shown to the user. */
type Outcome = { expected: string; actual: string } | null;

const DAY_MS = 86_400_000;
const SNIPPET_CHARS = 100;

/**
 * Evaluates assertions in order. The first failure that makes the result down wins, even if a degraded-only
 * failure came before it, because down is the stronger signal; a degraded failure is reported only when nothing
 * failed as down.
 */
export function evaluateAssertions(assertions: Assertion[], input: AssertionInput): AssertionVerdict {
  // Parsed at most once, and only when a jsonPath assertion asks: bodies can be 1 MiB.
  let json: ParsedBody | undefined;
  const parsedBody = (): ParsedBody => {
    json ??= parseBody(input.body);
    return json;
  };
  let degraded: AssertionVerdict | null = null;
  for (const [index, assertion] of assertions.entries()) {
    const outcome = evaluateOne(assertion, input, parsedBody);
    if (outcome === null) continue;
    const failed: FailedAssertion = { index, type: assertion.type, ...outcome };
    const error = `Assertion failed: ${outcome.expected} (actual: ${outcome.actual})`;
    if (assertion.type === "responseTime" && assertion.degraded) {
      degraded ??= { status: "degraded", failed, error };
      continue;
    }
    return { status: "down", failed, error };
  }
  return degraded ?? { status: "up" };
}

/** Whether any assertion needs the body text (body or jsonPath). */
export function needsBody(assertions: Assertion[]): boolean {
  return assertions.some((assertion) => assertion.type === "body" || assertion.type === "jsonPath");
}

function evaluateOne(assertion: Assertion, input: AssertionInput, parsedBody: () => ParsedBody): Outcome {
  switch (assertion.type) {
    case "status":
      return isExpectedStatus(input.statusCode, assertion.ranges)
        ? null
        : { expected: `status in ${assertion.ranges}`, actual: String(input.statusCode) };
    case "responseTime":
      return input.responseTimeMs < assertion.lessThanMs
        ? null
        : { expected: `response time < ${assertion.lessThanMs} ms`, actual: `${input.responseTimeMs} ms` };
    case "body":
      return evaluateBody(assertion, input.body);
    case "jsonPath":
      return evaluateJsonPath(assertion, parsedBody());
    case "header":
      return evaluateHeader(assertion, input.headers);
    case "certificate":
      return evaluateCertificate(assertion, input);
    case "dns":
      return evaluateDns(assertion, input.dns);
  }
}

function evaluateBody(assertion: Extract<Assertion, { type: "body" }>, body: string | null): Outcome {
  const wanted = assertion.operator === "contains";
  const expected = `body ${wanted ? "contains" : "does not contain"} ${JSON.stringify(assertion.value)}`;
  if (body === null) return { expected, actual: "body not read" };
  const haystack = assertion.caseSensitive ? body : body.toLowerCase();
  const needle = assertion.caseSensitive ? assertion.value : assertion.value.toLowerCase();
  const at = haystack.indexOf(needle);
  if (wanted) return at === -1 ? { expected, actual: "keyword not found" } : null;
  if (at === -1) return null;
  // Show the keyword in context so the user sees why, e.g. which error page came back.
  const start = Math.max(0, at - Math.floor((SNIPPET_CHARS - needle.length) / 2));
  return { expected, actual: `found in ${JSON.stringify(truncate(body.slice(start), SNIPPET_CHARS))}` };
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

function parseBody(body: string | null): ParsedBody {
  if (body === null) return { ok: false, reason: "body not read" };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    // A non-JSON body is an answer, not a worker error: every jsonPath assertion fails with this reason.
    return { ok: false, reason: "body is not JSON" };
  }
}

/**
 * Equality is strict on type: the number 1 does not equal the string "1", nor `true` the string "true". A value
 * that was not found fails every operator, notEquals included, since a missing field usually means a wrong answer.
 */
function evaluateJsonPath(assertion: Extract<Assertion, { type: "jsonPath" }>, parsed: ParsedBody): Outcome {
  const { path, operator, value } = assertion;
  const expected =
    operator === "exists"
      ? `${path} exists`
      : `${path} ${operator} ${value === undefined ? "(no value)" : JSON.stringify(value)}`;
  if (!parsed.ok) return { expected, actual: parsed.reason };
  const result = readJsonPath(parsed.value, path);
  if (!result.found) return { expected, actual: "path not found" };
  if (operator === "exists") return null;
  const actual = truncate(JSON.stringify(result.value) ?? String(result.value), SNIPPET_CHARS);
  if (value === undefined) return { expected, actual: "assertion has no value" };
  const found = result.value;
  switch (operator) {
    case "equals":
      return jsonEquals(found, value) ? null : { expected, actual };
    case "notEquals":
      return jsonEquals(found, value) ? { expected, actual } : null;
    case "contains":
      if (typeof found === "string" && typeof value === "string") {
        return found.includes(value) ? null : { expected, actual };
      }
      if (Array.isArray(found))
        return found.some((item) => jsonEquals(item, value)) ? null : { expected, actual };
      return { expected, actual };
    case "lessThan":
    case "greaterThan": {
      const left = toNumber(found);
      const right = toNumber(value);
      if (right === null) return { expected, actual: "assertion value is not a number" };
      if (left === null) return { expected, actual };
      const holds = operator === "lessThan" ? left < right : left > right;
      return holds ? null : { expected, actual };
    }
  }
}

/** Both sides serialised: exact for strings and other primitives, structural for objects and arrays. */
function jsonEquals(found: unknown, value: unknown): boolean {
  return JSON.stringify(found) === JSON.stringify(value);
}

/** Numbers, and strings that read as a finite number ("42", " 3.5 "); anything else is not comparable. */
function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Header values compare exactly (case-sensitive); a missing header fails every operator but exists. */
function evaluateHeader(
  assertion: Extract<Assertion, { type: "header" }>,
  headers: AssertionInput["headers"],
): Outcome {
  const { name, operator, value } = assertion;
  const expected =
    operator === "exists"
      ? `header ${name} exists`
      : `header ${name} ${operator} ${value === undefined ? "(no value)" : JSON.stringify(value)}`;
  const found = headerValue(headers, name);
  if (found === null) return { expected, actual: "header missing" };
  if (operator === "exists") return null;
  if (value === undefined) return { expected, actual: "assertion has no value" };
  const actual = truncate(found, SNIPPET_CHARS);
  switch (operator) {
    case "equals":
      return found === value ? null : { expected, actual };
    case "notEquals":
      return found === value ? { expected, actual } : null;
    case "contains":
      return found.includes(value) ? null : { expected, actual };
  }
}

function headerValue(headers: AssertionInput["headers"], name: string): string | null {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    // Repeated headers arrive as arrays; joined the way HTTP folds them into one line.
    return Array.isArray(value) ? value.join(", ") : value;
  }
  return null;
}

function evaluateCertificate(
  assertion: Extract<Assertion, { type: "certificate" }>,
  input: AssertionInput,
): Outcome {
  const expected = `certificate valid for more than ${assertion.minDaysValid} days`;
  const { certificate, now } = input;
  if (certificate === null) return { expected, actual: "no certificate (not https)" };
  // Dates first: an expired certificate is also untrusted, and "expired on" tells the user more.
  if (certificate.validFrom > now)
    return { expected, actual: `not valid until ${isoDate(certificate.validFrom)}` };
  if (certificate.validTo <= now) return { expected, actual: `expired on ${isoDate(certificate.validTo)}` };
  if (input.certificateTrusted === false) return { expected, actual: "certificate not trusted" };
  const daysLeft = Math.floor((certificate.validTo - now) / DAY_MS);
  if (daysLeft > assertion.minDaysValid) return null;
  return { expected, actual: `expires in ${daysLeft} days (${isoDate(certificate.validTo)})` };
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Names and addresses compare case-insensitively and without a trailing dot; TXT strings compare exactly. */
function evaluateDns(assertion: Extract<Assertion, { type: "dns" }>, dns: AssertionInput["dns"]): Outcome {
  const expected = `records ${assertion.operator} ${assertion.values.join(", ")}`;
  if (!dns) return { expected, actual: "not a dns check" };
  const normalize = (v: string) => (dns.recordType === "TXT" ? v : v.trim().replace(/\.$/, "").toLowerCase());
  const found = new Set(dns.records.map(normalize));
  const wanted = new Set(assertion.values.map(normalize));
  const holds =
    [...wanted].every((v) => found.has(v)) &&
    (assertion.operator === "contains" || found.size === wanted.size);
  const actual = dns.records.length === 0 ? "no records" : truncate(dns.records.join(", "), 500);
  return holds ? null : { expected, actual };
}
