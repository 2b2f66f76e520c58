import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

/** A port on 127.0.0.1 that nothing listens on: bound, its number read, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("GET /health", () => {
  it("is 200 with the database up", async () => {
    const app = await startTestApp(await useTestDatabase());
    const res = await app.request("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: "up" });
  });

  it("is 503 when the database cannot be reached, and routes answer 503 rather than hang", async () => {
    // An instance of its own pointed at a closed port: the shared servers are never stopped.
    const down = await openDatabase({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/nothing` });
    afterAll(() => down.close());
    const app = await startTestApp(down, {}, { createRegions: false });

    const res = await app.request("GET", "/health");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "error", database: "down" });

    const login = await app.request("POST", "/api/auth/login", {
      body: { email: "a@b.co", password: "whatever1" },
    });
    expect(login.status).toBe(503);
    expect(login.body.error.code).toBe("service_unavailable");
  });
});
