import { describe, expect, it } from "vitest";
import { escapeMarkup, safeUrl } from "./escape.js";
import { overallState } from "./public-status-service.js";

describe("overallState", () => {
  it.each([
    [[], "operational"],
    [["up", "paused", "pending"], "operational"],
    [["up", "maintenance"], "maintenance"],
    [["up", "degraded"], "partial_outage"],
    [["up", "down", "maintenance"], "partial_outage"],
    [["down", "down", "paused", "maintenance"], "major_outage"],
  ] as const)("%j is %s", (states, expected) => {
    expect(overallState([...states])).toBe(expected);
  });
});

describe("escapeMarkup", () => {
  it("escapes the five markup characters and drops what XML cannot carry", () => {
    expect(escapeMarkup(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(escapeMarkup("a\u0000b\u0008c\td\ne\uFFFEf\uD800g 😀")).toBe("abc\td\nefg 😀");
  });

  it("lets only http and https URLs into attributes", () => {
    expect(safeUrl("https://cdn.example.com/a.png?x=1&y=2")).toBe(
      "https://cdn.example.com/a.png?x=1&amp;y=2",
    );
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl("data:image/png;base64,AAAA")).toBeNull();
    expect(safeUrl("not a url")).toBeNull();
  });
});
