import { describe, expect, it } from "vitest";
import { createRedisStreamsQueue } from "../src/queue/redis-streams-queue.js";
import { insertResults } from "../src/results/result-repository.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { result } from "./helpers/seed-results.js";
import { closedPort } from "./helpers/target-server.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { useTestQueue } from "./helpers/test-queue.js";

describe("queue in the API", () => {
  it("shows admins each region's backlog and the workers' heartbeats", async () => {
    const handle = await useTestDatabase();
    const { queue, prefix } = useTestQueue();
    const app = await startTestApp(handle, { REGIONS: "eu-west", QUEUE_PREFIX: prefix }, { queue });
    const admin = await signUp(app);
    const member = await signUp(app);
    // A region added through the API gets its consumer group at once.
    await app.request("POST", "/api/regions", { token: admin.token, body: { name: "ap-east" } });
    await queue.add(`${prefix}:checks:ap-east`, [{ m: "{}" }, { m: "{}" }]);
    await queue.setHeartbeat(
      "worker:w1",
      { kind: "worker", region: "ap-east", workerId: "w1", inFlight: 3, done: 7, missed: 1, at: Date.now() },
      10_000,
    );

    expect((await app.request("GET", "/api/queue/stats", { token: member.token })).status).toBe(403);
    const res = await app.request("GET", "/api/queue/stats", { token: admin.token });
    expect(res.status).toBe(200);
    const apEast = res.body.regions.find((r: { region: string }) => r.region === "ap-east");
    expect(apEast).toMatchObject({ length: 2, pending: 0, lag: 2 });
    expect(res.body.workers).toEqual([
      {
        workerId: "w1",
        region: "ap-east",
        inFlight: 3,
        done: 7,
        missed: 1,
        lastHeartbeatAt: expect.any(String),
      },
    ]);
  });

  it("reports the queue in /health and answers 503 when Redis is unreachable", async () => {
    const handle = await useTestDatabase();
    const broken = createRedisStreamsQueue({
      url: `redis://127.0.0.1:${await closedPort()}`,
      prefix: "vigil-test-down",
    });
    const app = await startTestApp(handle, {}, { queue: broken, createRegions: false });
    const res = await app.request("GET", "/health");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "error", database: "up", queue: "down" });
    await broken.close();
  });

  it("drops results of deleted monitors without failing the batch", async () => {
    const handle = await useTestDatabase();
    const app = await startTestApp(handle);
    const { token } = await signUp(app);
    const kept = await createMonitor(app, token);
    const gone = await createMonitor(app, token);
    await app.request("DELETE", `/api/monitor/${gone.id}`, { token });
    const inserted = await insertResults(handle.db, [
      result(kept.id, 1000, { region: "local" }),
      result(gone.id, 1000, { region: "local" }),
    ]);
    expect(inserted).toBe(1);
    expect((await app.request("GET", `/api/monitor/${kept.id}`, { token })).body.status).toBe("up");
  });
});
