import type { Assertion } from "../monitors/assertions.js";
import { parseGoDurationMs } from "./go-duration.js";
import { typedValue } from "./imported-monitor.js";

export type EndpointKind = "http" | "tcp" | "dns";

/** What one Gatus condition becomes in Vigil. */
export type ConditionMapping =
  /** A [STATUS] condition: the codes it lets through; all of them together make expectedStatus. */
  | { kind: "status"; accepts: (code: number) => boolean }
  | { kind: "assertion"; assertion: Assertion }
  /** Checked by the monitor type itself: [CONNECTED] == true, [DNS_RCODE] == NOERROR on a dns monitor. */
  | { kind: "implied" }
  | { kind: "dropped"; reason: string };

// Gatus tries these in this order, each with a space on both sides.
const operators = ["==", "!=", "<=", ">=", ">", "<"] as const;
type Operator = (typeof operators)[number];

const DAY_MS = 86_400_000;

/**
 * Maps a Gatus condition (`[STATUS] == 200`, `[BODY].status == UP`, `[CERTIFICATE_EXPIRATION] > 48h`, ...) for an
 * endpoint of the given kind. Gatus compares text and has pat()/any()/len()/has(); Vigil has typed assertions, so
 * only the forms with a faithful Vigil meaning are mapped and every other one is dropped with the reason.
 */
export function mapCondition(condition: string, kind: EndpointKind): ConditionMapping {
  const split = splitCondition(condition);
  if (!split) return dropped("not a comparison Gatus would accept (left == right, with spaces)");
  const { left, op, right } = split;
  if (left === "[STATUS]")
    return kind === "http" ? status(op, right) : dropped("[STATUS] applies to http only");
  if (left === "[RESPONSE_TIME]") return responseTime(op, right);
  if (left === "[CONNECTED]") {
    return op === "==" && right === "true"
      ? { kind: "implied" }
      : dropped("only [CONNECTED] == true is checked");
  }
  if (left === "[DNS_RCODE]") {
    if (kind === "dns" && op === "==" && right.toUpperCase() === "NOERROR") return { kind: "implied" };
    return dropped(
      "Vigil's dns monitors are up on NOERROR with records and down otherwise; other codes are not compared",
    );
  }
  if (left === "[CERTIFICATE_EXPIRATION]") return certificate(op, right, kind);
  if (left === "[IP]") return dropped("Vigil does not compare the address the host resolved to");
  if (left === "[DOMAIN_EXPIRATION]") return dropped("Vigil does not check domain registration expiry");
  if (left === "[BODY]") return wholeBody(op, right, kind);
  const path = bodyPath(left);
  if (path !== null)
    return kind === "http" ? jsonPath(path, op, right) : dropped("JSON paths apply to http only");
  const has = /^has\((.*)\)$/.exec(left);
  if (has?.[1] && kind === "http") {
    const hasPath = bodyPath(has[1].trim());
    if (hasPath !== null && op === "==" && right === "true") {
      return { kind: "assertion", assertion: { type: "jsonPath", path: hasPath, operator: "exists" } };
    }
    return dropped("only has([BODY].path) == true is representable (Vigil has no not-exists)");
  }
  if (left.startsWith("len(")) return dropped("Vigil does not compare lengths");
  return dropped(`Vigil has no equivalent of ${left}`);
}

function dropped(reason: string): ConditionMapping {
  return { kind: "dropped", reason };
}

function splitCondition(condition: string): { left: string; op: Operator; right: string } | null {
  for (const op of operators) {
    const at = condition.indexOf(` ${op} `);
    if (at === -1) continue;
    return { left: condition.slice(0, at).trim(), op, right: condition.slice(at + op.length + 2).trim() };
  }
  return null;
}

/** The arguments of `name(a, b)`, or null when the text is not that call. */
function call(name: "pat" | "any", text: string): string[] | null {
  const match = new RegExp(`^${name}\\((.*)\\)$`).exec(text);
  return match ? (match[1] ?? "").split(",").map((a) => unquote(a.trim())) : null;
}

function unquote(text: string): string {
  return /^"(.*)"$/.exec(text)?.[1] ?? text;
}

/** Gatus's pat(): `*` is any run of characters, everything else literal. */
function globMatches(pattern: string, text: string): boolean {
  const escaped = pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "s").test(text);
}

/** `*text*` with no other wildcard: a contains test. */
function containsPattern(pattern: string): string | null {
  const inner = /^\*([^*]+)\*$/.exec(pattern)?.[1];
  return inner ?? null;
}

function status(op: Operator, right: string): ConditionMapping {
  if (/^\d+$/.test(right)) {
    const n = Number(right);
    const compare = {
      "==": (code: number) => code === n,
      "!=": (code: number) => code !== n,
      "<": (code: number) => code < n,
      "<=": (code: number) => code <= n,
      ">": (code: number) => code > n,
      ">=": (code: number) => code >= n,
    };
    return { kind: "status", accepts: compare[op] };
  }
  const any = call("any", right);
  const pattern = call("pat", right)?.[0];
  if ((op !== "==" && op !== "!=") || (!any && pattern === undefined)) {
    return dropped("not a status code comparison Vigil can express");
  }
  const matches = (code: number) =>
    any ? any.includes(String(code)) : globMatches(pattern ?? "", String(code));
  return { kind: "status", accepts: op === "==" ? matches : (code) => !matches(code) };
}

function responseTime(op: Operator, right: string): ConditionMapping {
  if (!/^\d+$/.test(right) || (op !== "<" && op !== "<=")) {
    return dropped("Vigil checks that the response time stays below a number of milliseconds");
  }
  const lessThanMs = Number(right) + (op === "<=" ? 1 : 0);
  if (lessThanMs < 1 || lessThanMs > 60_000) {
    return dropped("the limit is outside 1-60000 ms (no check runs longer than 60 s)");
  }
  return { kind: "assertion", assertion: { type: "responseTime", lessThanMs, degraded: false } };
}

function certificate(op: Operator, right: string, kind: EndpointKind): ConditionMapping {
  const ms = parseGoDurationMs(right);
  if (kind !== "http" || ms === null || (op !== ">" && op !== ">=")) {
    return dropped("Vigil checks that an https certificate is valid for more than some time");
  }
  // Vigil counts whole days left and passes above minDaysValid: ceil(days) − 1 passes exactly when at least
  // ceil(days) whole days remain, never earlier than Gatus would.
  const minDaysValid = Math.min(3650, Math.max(0, Math.ceil(ms / DAY_MS) - 1));
  return { kind: "assertion", assertion: { type: "certificate", minDaysValid } };
}

function wholeBody(op: Operator, right: string, kind: EndpointKind): ConditionMapping {
  const pattern = call("pat", right)?.[0];
  if (kind === "http") {
    const keyword = pattern === undefined ? null : containsPattern(pattern);
    if (keyword === null || (op !== "==" && op !== "!=")) {
      return dropped("Vigil matches a body by what it contains: only [BODY] == pat(*text*) is representable");
    }
    const operator = op === "==" ? "contains" : "notContains";
    return { kind: "assertion", assertion: { type: "body", operator, value: keyword, caseSensitive: true } };
  }
  if (kind === "dns" && op === "==" && pattern === undefined && call("any", right) === null && right !== "") {
    // Gatus's body is the answer's record; Vigil checks that the records include it.
    return { kind: "assertion", assertion: { type: "dns", operator: "contains", values: [unquote(right)] } };
  }
  return dropped("not a body comparison Vigil can express for this endpoint");
}

/** `[BODY].data[0].id` → `data[0].id`; `[BODY][0].id` → `$[0].id`; null when it is not a body path. */
function bodyPath(text: string): string | null {
  const match = /^\[BODY\](\.[^\s]+|\[\d+\][^\s]*)$/.exec(text);
  if (!match?.[1]) return null;
  return match[1].startsWith(".") ? match[1].slice(1) : `$${match[1]}`;
}

function jsonPath(path: string, op: Operator, right: string): ConditionMapping {
  if (right.startsWith("[") || right.startsWith("len(") || right.startsWith("has(")) {
    return dropped("Vigil compares a JSON value with a constant, not with another value of the response");
  }
  const pattern = call("pat", right)?.[0];
  if (pattern !== undefined) {
    const text = containsPattern(pattern);
    if (text === null || op !== "==")
      return dropped("only == pat(*text*) is representable (a contains test)");
    return { kind: "assertion", assertion: { type: "jsonPath", path, operator: "contains", value: text } };
  }
  const any = call("any", right);
  if (any && any.length !== 1) return dropped("Vigil has no one-of comparison for any(...)");
  const value = any?.[0] ?? right;
  const quoted = /^".*"$/.test(value);
  const typed = quoted ? unquote(value) : typedValue(value);
  switch (op) {
    case "==":
    case "!=":
      return {
        kind: "assertion",
        assertion: { type: "jsonPath", path, operator: op === "==" ? "equals" : "notEquals", value: typed },
      };
    case "<":
    case ">":
      if (typeof typed !== "number") return dropped(`${value} is not a number`);
      return {
        kind: "assertion",
        assertion: {
          type: "jsonPath",
          path,
          operator: op === "<" ? "lessThan" : "greaterThan",
          value: typed,
        },
      };
    default:
      return dropped("Vigil compares JSON values with < and >, not <= and >=");
  }
}
