import { describe, expect, it } from "vitest";
import { readJsonPath } from "./json-path.js";

const document = {
  data: { items: [{ status: "ok" }, { status: "degraded", tags: ["a", "b"] }], count: 2, empty: null },
  "weird key": { x: 1, "a.b": "dotted" },
  'quo"te': true,
  list: [10, 20, [30, 40]],
};

describe("readJsonPath", () => {
  it.each([
    ["data.items[0].status", "ok"],
    ["$.data.items[0].status", "ok"],
    ["$.data.items[1].tags[1]", "b"],
    ["data.items.1.status", "degraded"],
    ["data.count", 2],
    ["data.empty", null],
    ['$["weird key"].x', 1],
    ["$['weird key']['a.b']", "dotted"],
    ['["weird key"].x', 1],
    ['$["quo\\"te"]', true],
    ["list[2][1]", 40],
    ["$.list[ 0 ]", 10],
    ["data.items[0]", { status: "ok" }],
  ])("%s reads %j", (path, value) => {
    expect(readJsonPath(document, path)).toEqual({ found: true, value });
  });

  it("reads the whole document at $", () => {
    expect(readJsonPath(document, "$")).toEqual({ found: true, value: document });
  });

  it("reads into a top-level array", () => {
    expect(readJsonPath([{ id: 7 }], "$[0].id")).toEqual({ found: true, value: 7 });
    expect(readJsonPath([{ id: 7 }], "0.id")).toEqual({ found: true, value: 7 });
  });

  it.each([
    ["missing key", "data.missing"],
    ["index out of range", "data.items[5].status"],
    ["dotted index out of range", "data.items.2"],
    ["into a string", "data.items[0].status.length"],
    ["into a number", "data.count.x"],
    ["into null", "data.empty.x"],
    ["a key on an array", "data.items.status"],
    ["an inherited property", "data.constructor"],
    ["a prototype key", "data.__proto__"],
  ])("%s is not found", (_label, path) => {
    expect(readJsonPath(document, path)).toEqual({ found: false });
  });

  it.each([
    "",
    ".data",
    "data.",
    "data..count",
    "data[",
    "data[]",
    "data[x]",
    "data[-1]",
    "data[1.5]",
    '$["unterminated',
    '$["a"x]',
    "$data",
    "data.items[0]status",
  ])("unparsable path %j is not found, without throwing", (path) => {
    expect(readJsonPath(document, path)).toEqual({ found: false });
  });

  it("treats a primitive document as having no children", () => {
    expect(readJsonPath("text", "length")).toEqual({ found: false });
    expect(readJsonPath(null, "a")).toEqual({ found: false });
  });
});
