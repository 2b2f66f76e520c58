import { sql } from "drizzle-orm";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { runHttpCheck } from "../src/checks/http-check.js";
import { createIngester } from "../src/ingest/ingester.js";
import { checkResultSchema, decodeMessage, encodeMessage } from "../src/queue/messages.js";
import { createRedisStreamsQueue } from "../src/queue/redis-streams-queue.js";
import { streamKeys } from "../src/queue/stream-keys.js";
import { soleLeader } from "../src/scheduler/leader-election.js";
import { createScheduler } from "../src/scheduler/scheduler.js";
import { createWorker } from "../src/worker/worker.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { startTargetServer } from "./helpers/target-server.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { testBackend, testRedisUrl } from "./helpers/test-env.js";
import { deleteKeys, testPrefix } from "./helpers/test-queue.js";
import { spawnVigil } from "./helpers/vigil-process.js";
import { waitFor } from "./helpers/wait-for.js";

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

// Worker processes talk through Redis, so this runs once, in the PostgreSQL + Redis project.
describe.runIf(testBackend === "postgres")("a worker killed with SIGKILL", () => {
  it("has its pending jobs reclaimed by a survivor: every slot stored once, as a real check", async () => {
    const handle = await useTestDatabase();
    const prefix = testPrefix();
    const keys = streamKeys(prefix);
    const queue = createRedisStreamsQueue({ url: testRedisUrl, prefix });
    const target = await startTargetServer();
    const app = await startTestApp(handle, { REGIONS: "eu-west", QUEUE_PREFIX: prefix }, { queue });
    const { token } = await signUp(app);
    const stopAll: (() => Promise<void>)[] = [];
    try {
      await queue.ensureGroup(keys.checks("eu-west"), "eu-west");
      // Worker A, its own process, alone in the region: it takes every job and is killed mid-check.
      const env = {
        REDIS_URL: testRedisUrl,
        ALLOW_PRIVATE_TARGETS: "true",
        QUEUE_PREFIX: prefix,
        QUEUE_CLAIM_IDLE_MS: "2000",
        LOG_LEVEL: "info",
      };
      const workerA = await spawnVigil(
        ["worker", "--region", "eu-west", "--concurrency", "50"],
        env,
        /worker started/,
      );

      const monitors: { id: string }[] = [];
      for (let i = 0; i < 10; i++) {
        monitors.push(
          await createMonitor(app, token, {
            url: `${target.url}/slow/m${i}?ms=1500`,
            timeoutMs: 10_000,
            intervalSeconds: 600,
          }),
        );
      }
      const scheduler = createScheduler({
        db: handle.db,
        queue,
        keys,
        leader: soleLeader,
        logger: silent,
        tickMs: 100,
      }).start();
      stopAll.push(scheduler.stop);
      const ingester = createIngester({
        db: handle.db,
        queue,
        keys,
        logger: silent,
        consumer: "ingester-test",
        claimIdleMs: 2000,
        blockMs: 200,
      }).start();
      stopAll.push(ingester.stop);

      // A holds all ten jobs, and its requests have reached the target: it is mid-check.
      await waitFor(async () => (await queue.groupInfo(keys.checks("eu-west"), "eu-west")).pending === 10, {
        message: "A to hold 10 jobs",
      });
      await waitFor(() => monitors.every((_, i) => target.hitsOf(`/slow/m${i}`) === 1), {
        message: "A's requests to arrive",
      });
      await workerA.kill();

      const workerB = await createWorker({
        queue,
        keys,
        region: "eu-west",
        workerId: "survivor",
        concurrency: 50,
        claimIdleMs: 2000,
        runCheck: (job) => runHttpCheck(job, { targets: { allowPrivateTargets: true } }),
        logger: silent,
        blockMs: 200,
      }).start();
      stopAll.push(workerB.stop);

      const rows = await waitFor(
        async () => {
          const { rows } = await handle.db.execute<{ monitorId: string; status: string; n: number }>(sql`
            select monitor_id as "monitorId", min(status) as status, count(*)::int as n from check_results
            group by monitor_id`);
          return rows.length === 10 ? rows : undefined;
        },
        { timeoutMs: 20_000, message: "every slot to be stored" },
      );
      for (const row of rows) expect(row).toMatchObject({ status: "up", n: 1 });
      for (let i = 0; i < 10; i++) {
        // A's requests were cut off mid-flight (never answered); B's checks were the only ones that saw an answer.
        expect(target.completedOf(`/slow/m${i}`)).toBe(1);
        expect(target.hitsOf(`/slow/m${i}`)).toBe(2);
      }
      const info = await queue.groupInfo(keys.checks("eu-west"), "eu-west");
      expect(info.pending).toBe(0);
    } finally {
      for (const stop of stopAll.reverse()) await stop();
      await queue.close();
      await deleteKeys(prefix);
    }
  }, 60_000);

  it("drains in-flight checks on SIGTERM: the result is handed over before the process exits", async () => {
    const prefix = testPrefix();
    const keys = streamKeys(prefix);
    const queue = createRedisStreamsQueue({ url: testRedisUrl, prefix });
    const target = await startTargetServer();
    try {
      const env = {
        REDIS_URL: testRedisUrl,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: "info",
        ALLOW_PRIVATE_TARGETS: "true",
      };
      const worker = await spawnVigil(["worker", "--region", "drain"], env, /worker started/);
      await queue.ensureGroup(keys.results, keys.resultsGroup);
      const scheduledAt = Date.now();
      const job = {
        monitorId: "00000000-0000-7000-8000-000000000001",
        region: "drain",
        url: `${target.url}/slow/drain?ms=1500`,
        method: "GET" as const,
        headers: {},
        body: null,
        timeoutMs: 10_000,
        expectedStatus: "200",
        scheduledAt,
        deadlineAt: scheduledAt + 60_000,
      };
      await queue.add(keys.checks("drain"), [encodeMessage(job)]);
      await waitFor(() => target.hitsOf("/slow/drain") === 1, { message: "the check to start" });
      expect(await worker.stop()).toBe(0);
      const results = await queue.read(keys.results, keys.resultsGroup, "reader", {
        count: 10,
        blockMs: 100,
      });
      expect(results).toHaveLength(1);
      expect(decodeMessage(results[0]?.fields ?? {}, checkResultSchema)).toMatchObject({
        status: "up",
        statusCode: 200,
      });
      expect((await queue.groupInfo(keys.checks("drain"), "drain")).pending).toBe(0);
    } finally {
      await queue.close();
      await deleteKeys(prefix);
    }
  }, 60_000);
});
