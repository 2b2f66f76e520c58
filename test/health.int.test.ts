import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { closedPort } from "./helpers/target-server.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

describe("GET /health", () => {
  it("is 200 with the database up", async () => {
    const app = await startTestApp(await useTestDatabase());
    const res = await app.request("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: "up", queue: "up" });
  });

  it("is 503 when the database cannot be reached, and routes answer 503 rather than hang", async () => {
    // An instance of its own pointed at a closed port: the shared servers are never stopped.
    const down = await openDatabase({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/nothing` });
    afterAll(() => down.close());
    const app = await startTestApp(down, {}, { createRegions: false });

    const res = await app.request("GET", "/health");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "error", database: "down", queue: "up" });

    const login = await app.request("POST", "/api/auth/login", {
      body: { email: "a@b.co", password: "whatever1" },
    });
    expect(login.status).toBe(503);
    expect(login.body.error.code).toBe("service_unavailable");
  });
});
