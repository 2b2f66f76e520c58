import { describe, expect, it } from "vitest";
import type { Assertion } from "../monitors/assertions.js";
import { type AssertionInput, evaluateAssertions, needsBody } from "./evaluate-assertions.js";

const NOW = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;

function input(overrides: Partial<AssertionInput> = {}): AssertionInput {
  return {
    statusCode: 200,
    responseTimeMs: 120,
    body: '{"data":{"status":"ok","count":3,"load":"0.75","tags":["eu","us"],"none":null}}',
    headers: { "content-type": "application/json; charset=utf-8", "set-cookie": ["a=1", "b=2"] },
    certificate: {
      issuer: "CA",
      subject: "example.com",
      validFrom: NOW - 30 * DAY_MS,
      validTo: NOW + 90 * DAY_MS,
    },
    certificateTrusted: true,
    now: NOW,
    ...overrides,
  };
}

/** The failure of a single assertion, or "up". */
function check(assertion: Assertion, overrides: Partial<AssertionInput> = {}) {
  const verdict = evaluateAssertions([assertion], input(overrides));
  return verdict.status === "up" ? "up" : verdict.failed.actual;
}

type JsonAssertion = Extract<Assertion, { type: "jsonPath" }>;
const json = (
  path: string,
  operator: JsonAssertion["operator"],
  value?: JsonAssertion["value"],
): Assertion => ({
  type: "jsonPath",
  path,
  operator,
  value,
});

describe("evaluateAssertions", () => {
  it("is up with no assertions", () => {
    expect(evaluateAssertions([], input())).toEqual({ status: "up" });
  });

  it("checks the status code against ranges", () => {
    expect(check({ type: "status", ranges: "200-299,301" })).toBe("up");
    const verdict = evaluateAssertions(
      [{ type: "status", ranges: "200-299,301" }],
      input({ statusCode: 503 }),
    );
    expect(verdict).toEqual({
      status: "down",
      failed: { index: 0, type: "status", expected: "status in 200-299,301", actual: "503" },
      error: "Assertion failed: status in 200-299,301 (actual: 503)",
    });
  });

  it("checks the response time, down unless marked degraded", () => {
    const slow = input({ responseTimeMs: 800 });
    expect(check({ type: "responseTime", lessThanMs: 500, degraded: false })).toBe("up");
    expect(
      evaluateAssertions([{ type: "responseTime", lessThanMs: 500, degraded: false }], slow),
    ).toMatchObject({
      status: "down",
      failed: { expected: "response time < 500 ms", actual: "800 ms" },
    });
    expect(
      evaluateAssertions([{ type: "responseTime", lessThanMs: 500, degraded: true }], slow),
    ).toMatchObject({
      status: "degraded",
      failed: { index: 0, type: "responseTime", actual: "800 ms" },
      error: "Assertion failed: response time < 500 ms (actual: 800 ms)",
    });
    expect(check({ type: "responseTime", lessThanMs: 800, degraded: false }, { responseTimeMs: 800 })).toBe(
      "800 ms",
    );
  });

  describe("precedence", () => {
    const slowDegraded: Assertion = { type: "responseTime", lessThanMs: 100, degraded: true };
    const slowDown: Assertion = { type: "responseTime", lessThanMs: 50, degraded: false };
    const badStatus: Assertion = { type: "status", ranges: "300" };

    it("reports a later down failure over an earlier degraded one", () => {
      const verdict = evaluateAssertions([slowDegraded, badStatus], input({ responseTimeMs: 200 }));
      expect(verdict).toMatchObject({ status: "down", failed: { index: 1, type: "status" } });
    });

    it("reports the first down failure", () => {
      const verdict = evaluateAssertions([slowDegraded, slowDown, badStatus], input({ responseTimeMs: 200 }));
      expect(verdict).toMatchObject({ status: "down", failed: { index: 1, type: "responseTime" } });
    });

    it("reports degraded when only degraded assertions fail", () => {
      const ok: Assertion = { type: "status", ranges: "200" };
      const verdict = evaluateAssertions([ok, slowDegraded], input({ responseTimeMs: 200 }));
      expect(verdict).toMatchObject({ status: "degraded", failed: { index: 1 } });
    });
  });

  describe("body", () => {
    const body = "<html>All systems OK</html>";
    it("contains, case-insensitive by default", () => {
      expect(check({ type: "body", operator: "contains", value: "ok", caseSensitive: false }, { body })).toBe(
        "up",
      );
      expect(check({ type: "body", operator: "contains", value: "ok", caseSensitive: true }, { body })).toBe(
        "keyword not found",
      );
      const verdict = evaluateAssertions(
        [{ type: "body", operator: "contains", value: "down", caseSensitive: false }],
        input({ body }),
      );
      expect(verdict).toMatchObject({
        failed: { expected: 'body contains "down"', actual: "keyword not found" },
      });
    });

    it("notContains shows a snippet around the keyword", () => {
      const long = `${"x".repeat(500)} Fatal ERROR here ${"y".repeat(500)}`;
      const assertion: Assertion = {
        type: "body",
        operator: "notContains",
        value: "error",
        caseSensitive: false,
      };
      expect(check(assertion, { body })).toBe("up");
      const actual = check(assertion, { body: long });
      expect(actual).toContain("ERROR");
      expect(actual.length).toBeLessThanOrEqual(120);
      expect(check({ ...assertion, caseSensitive: true }, { body: long })).toBe("up");
    });

    it("fails when the body was not read", () => {
      expect(
        check({ type: "body", operator: "notContains", value: "x", caseSensitive: false }, { body: null }),
      ).toBe("body not read");
    });
  });

  describe("jsonPath", () => {
    it.each([
      [json("data.status", "equals", "ok"), "up"],
      [json("$.data.count", "equals", 3), "up"],
      [json("data.count", "equals", "3"), "3"],
      [json("data.status", "equals", "OK"), '"ok"'],
      [json("data.none", "equals", null), "up"],
      [json("data.status", "notEquals", "error"), "up"],
      [json("data.status", "notEquals", "ok"), '"ok"'],
      [json("data.status", "contains", "o"), "up"],
      [json("data.tags", "contains", "us"), "up"],
      [json("data.tags", "contains", "asia"), '["eu","us"]'],
      [json("data.count", "contains", "3"), "3"],
      [json("data.count", "lessThan", 5), "up"],
      [json("data.count", "greaterThan", 5), "3"],
      [json("data.load", "lessThan", 1), "up"],
      [json("data.load", "greaterThan", "0.5"), "up"],
      [json("data.status", "lessThan", 5), '"ok"'],
      [json("data.count", "lessThan", "many"), "assertion value is not a number"],
      [json("data.none", "exists"), "up"],
      [json("data.tags[1]", "equals", "us"), "up"],
      [json("data.missing", "exists"), "path not found"],
      [json("data.missing", "notEquals", "x"), "path not found"],
      [json("data.status", "equals"), "assertion has no value"],
    ])("%j → %s", (assertion, expected) => {
      expect(check(assertion)).toBe(expected);
    });

    it("describes the expectation and truncates the actual value", () => {
      const body = JSON.stringify({ data: { status: "x".repeat(300) } });
      const verdict = evaluateAssertions([json("data.status", "equals", "ok")], input({ body }));
      expect(verdict).toMatchObject({
        failed: { index: 0, type: "jsonPath", expected: 'data.status equals "ok"' },
      });
      expect(verdict.status === "up" ? "" : verdict.failed.actual).toHaveLength(100);
    });

    it("fails when the body is not JSON or not read", () => {
      expect(check(json("data.status", "exists"), { body: "<html>" })).toBe("body is not JSON");
      expect(check(json("data.status", "exists"), { body: null })).toBe("body not read");
    });
  });

  describe("header", () => {
    it.each([
      [{ name: "Content-Type", operator: "contains", value: "json" }, "up"],
      [{ name: "content-type", operator: "equals", value: "application/json; charset=utf-8" }, "up"],
      [{ name: "content-type", operator: "equals", value: "text/html" }, "application/json; charset=utf-8"],
      [{ name: "content-type", operator: "notEquals", value: "text/html" }, "up"],
      [{ name: "content-type", operator: "contains", value: "JSON" }, "application/json; charset=utf-8"],
      [{ name: "CONTENT-TYPE", operator: "exists" }, "up"],
      [{ name: "x-cache", operator: "exists" }, "header missing"],
      [{ name: "set-cookie", operator: "equals", value: "a=1, b=2" }, "up"],
      [{ name: "set-cookie", operator: "contains", value: "b=2" }, "up"],
      [{ name: "set-cookie", operator: "notEquals", value: "a=1, b=2" }, "a=1, b=2"],
    ] as const)("%j → %s", (fields, expected) => {
      expect(check({ type: "header", ...fields })).toBe(expected);
    });

    it("treats an undefined header value as missing", () => {
      const verdict = evaluateAssertions(
        [{ type: "header", name: "x-cache", operator: "exists" }],
        input({ headers: { "x-cache": undefined } }),
      );
      expect(verdict).toMatchObject({
        failed: { expected: "header x-cache exists", actual: "header missing" },
      });
    });
  });

  describe("certificate", () => {
    const expiringIn = (days: number) => ({
      certificate: {
        issuer: "CA",
        subject: "example.com",
        validFrom: NOW - DAY_MS,
        validTo: NOW + days * DAY_MS,
      },
    });

    it("passes when it expires after the minimum", () => {
      expect(check({ type: "certificate", minDaysValid: 14 }, expiringIn(30))).toBe("up");
    });

    it("fails when it expires within the minimum", () => {
      const verdict = evaluateAssertions([{ type: "certificate", minDaysValid: 14 }], input(expiringIn(10)));
      expect(verdict).toEqual({
        status: "down",
        failed: {
          index: 0,
          type: "certificate",
          expected: "certificate valid for more than 14 days",
          actual: "expires in 10 days (2025-01-11)",
        },
        error:
          "Assertion failed: certificate valid for more than 14 days (actual: expires in 10 days (2025-01-11))",
      });
      expect(check({ type: "certificate", minDaysValid: 14 }, expiringIn(14))).toBe(
        "expires in 14 days (2025-01-15)",
      );
    });

    it("fails when expired or not yet valid", () => {
      expect(check({ type: "certificate", minDaysValid: 0 }, expiringIn(-2))).toBe("expired on 2024-12-30");
      const future = { issuer: "CA", subject: "x", validFrom: NOW + DAY_MS, validTo: NOW + 90 * DAY_MS };
      expect(check({ type: "certificate", minDaysValid: 0 }, { certificate: future })).toBe(
        "not valid until 2025-01-02",
      );
    });

    it("fails when untrusted or over http", () => {
      expect(check({ type: "certificate", minDaysValid: 0 }, { certificateTrusted: false })).toBe(
        "certificate not trusted",
      );
      expect(
        check({ type: "certificate", minDaysValid: 0 }, { certificate: null, certificateTrusted: null }),
      ).toBe("no certificate (not https)");
    });
  });
});

describe("evaluateAssertions: dns records", () => {
  const dns = (operator: "equals" | "contains", values: string[]): Assertion => ({
    type: "dns",
    operator,
    values,
  });
  const answer = (recordType: "AAAA" | "NS", records: string[]) => ({ dns: { recordType, records } });

  it("fails on a check that is not a dns check", () => {
    expect(check(dns("contains", ["192.0.2.1"]))).toBe("not a dns check");
  });

  it("compares addresses and names without case or a trailing dot, as a set for equals", () => {
    const aaaa = answer("AAAA", ["2001:db8::1", "2001:db8::a"]);
    expect(check(dns("equals", ["2001:DB8::A", "2001:db8::1"]), aaaa)).toBe("up");
    expect(check(dns("equals", ["2001:db8::1", "2001:db8::a", "2001:db8::b"]), aaaa)).toBe(
      "2001:db8::1, 2001:db8::a",
    );
    expect(check(dns("contains", ["NS1.Example.com."]), answer("NS", ["ns1.example.com"]))).toBe("up");
  });

  it("shows an empty answer and cuts a long one", () => {
    expect(check(dns("contains", ["ns1.example.com"]), answer("NS", []))).toBe("no records");
    const many = Array.from({ length: 60 }, (_, i) => `ns${i}.a-rather-long-name.example.com`);
    const actual = check(dns("equals", ["ns1.example.com"]), answer("NS", many));
    expect(actual).toHaveLength(500);
    expect(actual.endsWith("…")).toBe(true);
  });
});

describe("needsBody", () => {
  it("is true only for body and jsonPath assertions", () => {
    expect(needsBody([{ type: "status", ranges: "200" }])).toBe(false);
    expect(needsBody([{ type: "header", name: "x", operator: "exists" }])).toBe(false);
    expect(needsBody([{ type: "body", operator: "contains", value: "ok", caseSensitive: false }])).toBe(true);
    expect(needsBody([json("a", "exists")])).toBe(true);
  });
});
