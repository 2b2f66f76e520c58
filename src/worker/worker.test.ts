import { createServer } from "node:http";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../test/helpers/wait-for.js";
import { runHttpCheck } from "../checks/http-check.js";
import { createInProcessQueue } from "../queue/in-process-queue.js";
import { checkResultSchema, decodeMessage, encodeMessage } from "../queue/messages.js";
import { streamKeys } from "../queue/stream-keys.js";
import type { StreamQueue } from "../queue/stream-queue.js";
import { createWorker } from "./worker.js";

describe("worker watchdog", () => {
  it("restarts a read loop that stopped making progress", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("no port");

    const inner = createInProcessQueue();
    let reads = 0;
    // The first read never returns, as with a socket that died without an error: the loop is stuck in it.
    const queue: StreamQueue = Object.assign(Object.create(inner) as StreamQueue, {
      read: (...args: Parameters<StreamQueue["read"]>) =>
        ++reads === 1 ? new Promise<never>(() => undefined) : inner.read(...args),
    });
    let clock = Date.now();
    const keys = streamKeys("watchdog");
    const worker = await createWorker({
      queue,
      keys,
      region: "r",
      workerId: "w",
      concurrency: 5,
      claimIdleMs: 1_000,
      runCheck: (job) => runHttpCheck(job, { targets: { allowPrivateTargets: true } }),
      logger: pino({ level: "silent" }),
      blockMs: 100,
      now: () => clock,
    }).start();
    afterAll(async () => {
      await worker.stop();
      await inner.close();
      await new Promise((resolve) => server.close(resolve));
    });

    const job = {
      monitorId: "00000000-0000-7000-8000-000000000002",
      region: "r",
      url: `http://127.0.0.1:${address.port}/`,
      method: "GET" as const,
      headers: {},
      body: null,
      timeoutMs: 5_000,
      expectedStatus: "200",
      scheduledAt: clock,
      deadlineAt: clock + 3_600_000,
    };
    await inner.add(keys.checks("r"), [encodeMessage(job)]);
    await waitFor(() => reads === 1, { message: "the stuck read" });
    // Time passes with no progress: the watchdog's next maintenance run starts a fresh read loop.
    clock += 60_000;
    await inner.ensureGroup(keys.results, keys.resultsGroup);
    const results = await waitFor(
      async () => {
        const entries = await inner.read(keys.results, keys.resultsGroup, "t", { count: 1, blockMs: 50 });
        return entries.length > 0 ? entries : undefined;
      },
      { timeoutMs: 5_000, message: "the job to be checked after the restart" },
    );
    expect(decodeMessage(results[0]?.fields ?? {}, checkResultSchema)).toMatchObject({ status: "up" });
    expect(reads).toBeGreaterThan(1);
  });
});
