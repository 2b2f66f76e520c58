import { describe, expect, it } from "vitest";
import { isExpectedStatus } from "./status-match.js";

describe("isExpectedStatus", () => {
  it.each([
    [200, "200", true],
    [201, "200", false],
    [200, "200-399", true],
    [399, "200-399", true],
    [400, "200-399", false],
    [199, "200-399", false],
    [301, "200-299,301", true],
    [302, "200-299,301", false],
    [500, " 500 , 502-504 ", true],
    [503, "500,502-504", true],
  ])("%i against %j is %s", (code, expected, result) => {
    expect(isExpectedStatus(code, expected)).toBe(result);
  });

  it.each(["", "abc", "2xx", "299-200", "600", "200-", "200,,300"])(
    "unparsable %j matches nothing",
    (expected) => {
      expect(isExpectedStatus(200, expected)).toBe(false);
    },
  );
});
