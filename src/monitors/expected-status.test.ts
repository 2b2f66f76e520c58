import { describe, expect, it } from "vitest";
import { formatExpectedStatus, parseExpectedStatus } from "./expected-status.js";

describe("expectedStatus", () => {
  it.each([
    ["200-399", [[200, 399]], "200-399"],
    ["200", [[200, 200]], "200"],
    [
      " 200 - 299 , 301,404 ",
      [
        [200, 299],
        [301, 301],
        [404, 404],
      ],
      "200-299,301,404",
    ],
  ])("parses %j", (input, ranges, canonical) => {
    const parsed = parseExpectedStatus(input);
    expect(parsed).toEqual(ranges);
    expect(formatExpectedStatus(parsed as [number, number][])).toBe(canonical);
  });

  it.each([
    ["", /not a status code/],
    ["2xx", /not a status code/],
    ["200-", /not a status code/],
    ["099", /outside 100-599/],
    ["200-600", /outside 100-599/],
    ["300-200", /reversed/],
    [Array(21).fill("200").join(","), /at most 20/],
  ])("rejects %j", (input, message) => {
    expect(parseExpectedStatus(input)).toMatch(message);
  });
});
