import { describe, expect, it } from "vitest";
import { signUp } from "./helpers/factories.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

describe("SSRF guard at the API (on by default)", () => {
  it("refuses monitors of private, loopback and metadata addresses, naming the setting that allows them", async () => {
    const app = await startTestApp(await useTestDatabase(), { ALLOW_PRIVATE_TARGETS: "false" });
    const { token } = await signUp(app);
    for (const url of [
      "dns://10.0.0.53/example.com?type=A",
      "tcp://127.0.0.1:5432",
      "http://127.0.0.1:8080/",
      "http://localhost/",
      "http://10.0.0.1/",
      "http://[::1]/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:192.168.0.1]/",
    ]) {
      const type = url.slice(0, url.indexOf(":")).replace("https", "http");
      const res = await app.request("POST", "/api/monitor", { token, body: { type, url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
      expect(res.body.error.message).toMatch(/ALLOW_PRIVATE_TARGETS=true/);
    }
    expect(
      (await app.request("POST", "/api/monitor", { token, body: { url: "https://example.com/" } })).status,
    ).toBe(201);
    const created = await app.request("POST", "/api/monitor", {
      token,
      body: { url: "https://example.org/" },
    });
    const moved = await app.request("PUT", `/api/monitor/${created.body.id}`, {
      token,
      body: { url: "http://192.168.1.1/" },
    });
    expect(moved.status).toBe(400);
  });

  it("lets through the networks in ALLOWED_PRIVATE_NETWORKS and nothing else", async () => {
    const app = await startTestApp(await useTestDatabase(), {
      ALLOW_PRIVATE_TARGETS: "false",
      ALLOWED_PRIVATE_NETWORKS: "10.20.0.0/16",
    });
    const { token } = await signUp(app);
    expect(
      (await app.request("POST", "/api/monitor", { token, body: { url: "http://10.20.3.4/" } })).status,
    ).toBe(201);
    expect(
      (await app.request("POST", "/api/monitor", { token, body: { url: "http://10.21.3.4/" } })).status,
    ).toBe(400);
  });
});
