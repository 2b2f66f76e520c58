import { describe, expect, it } from "vitest";
import { parseTags, splitTagWords, tagProblem } from "./monitor-tags";

describe("monitor tags", () => {
  it("parse comma-separated text as the API stores tags: trimmed, lower-cased, unique, sorted", () => {
    expect(parseTags(" Team/Payments, env:prod,,ENV:PROD ,  ")).toEqual(["env:prod", "team/payments"]);
    expect(parseTags("")).toEqual([]);
  });

  it("name what the API would refuse", () => {
    expect(tagProblem(["env:prod", "a_b.c-d/e"])).toBeUndefined();
    expect(tagProblem(["ok", "has space", "é"])).toBe(
      'Tags may hold only letters, digits and _ . : / - (not "has space", "é")',
    );
    expect(tagProblem(["x".repeat(51)])).toMatch(/at most 50 characters/);
    expect(tagProblem(Array.from({ length: 21 }, (_, i) => `t${i}`))).toBe(
      "A monitor may have at most 20 tags",
    );
  });

  it("split tag:name words from the other words of a filter", () => {
    expect(splitTagWords(["tag:env:prod", "api", "tag:", "tag:Team/API"])).toEqual({
      tags: ["env:prod", "team/api"],
      terms: ["api"],
    });
  });
});
