import { describe, expect, it } from "vitest";
import { ApiError } from "./client";
import { errorFor, fieldErrorsOf, unclaimedErrors } from "./field-errors";

describe("fieldErrorsOf", () => {
  it("joins several problems of one field", () => {
    const errors = fieldErrorsOf(
      new ApiError(400, "validation_error", "x", [
        { path: "name", message: "a" },
        { path: "name", message: "b" },
      ]),
    );
    expect(errors).toEqual({ name: "a; b" });
  });

  it("finds a child's error for its parent field, and lists unclaimed ones with their path", () => {
    const errors = fieldErrorsOf(
      new ApiError(400, "validation_error", "x", [
        { path: "config.url", message: "url must be an absolute http:// or https:// URL" },
        { path: "mystery", message: "unexpected" },
      ]),
    );
    expect(errorFor(errors, "config")).toBe("url must be an absolute http:// or https:// URL");
    expect(unclaimedErrors(errors, ["config"])).toEqual(["mystery: unexpected"]);
  });

  it("treats a non-API error as the form's", () => {
    expect(fieldErrorsOf(new Error("offline"))).toEqual({ "": "offline" });
    expect(fieldErrorsOf(new ApiError(409, "email_taken", "An account with this email exists"))).toEqual({
      "": "An account with this email exists",
    });
  });
});
