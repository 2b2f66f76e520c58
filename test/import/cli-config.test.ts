import { describe, expect, it } from "vitest";
import { ConfigError, loadCliConfig } from "../../src/config.js";

describe("loadCliConfig", () => {
  it("defaults to the local API without a token, and reads VIGIL_URL and VIGIL_TOKEN", () => {
    expect(loadCliConfig({})).toEqual({ apiUrl: "http://127.0.0.1:3000", token: undefined });
    expect(
      loadCliConfig({ VIGIL_URL: "https://vigil.example.com/", VIGIL_TOKEN: "t0k", JWT_SECRET: "x" }),
    ).toEqual({
      apiUrl: "https://vigil.example.com",
      token: "t0k",
    });
  });

  it("refuses a URL that is not http(s), and ignores the server's settings", () => {
    expect(() => loadCliConfig({ VIGIL_URL: "ftp://example.com" })).toThrow(ConfigError);
    // A production server's requirements (JWT_SECRET, ENCRYPTION_KEY) are not the client's.
    expect(loadCliConfig({ NODE_ENV: "production", VIGIL_TOKEN: "t" }).token).toBe("t");
  });
});
