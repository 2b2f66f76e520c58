import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { streamKeys } from "../src/queue/stream-keys.js";
import { postgresLeaderElection } from "../src/scheduler/leader-election.js";
import { createScheduler } from "../src/scheduler/scheduler.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { type Published, recordingQueue } from "./helpers/recording-queue.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { testBackend } from "./helpers/test-env.js";
import { useTestQueue } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
// Leader election is a PostgreSQL advisory lock; PGlite runs in one process and needs none.
describe.runIf(testBackend === "postgres")("two schedulers", () => {
  it("publish each slot once while both run, and the follower takes over when the leader dies", async () => {
    const handle = await useTestDatabase();
    const url = handle.url ?? "";
    const { queue, prefix } = useTestQueue();
    const app = await startTestApp(handle, { QUEUE_PREFIX: prefix }, { queue });
    const { token } = await signUp(app);
    const monitors: { id: string }[] = [];
    for (let i = 0; i < 20; i++)
      monitors.push(
        await createMonitor(app, token, { url: `https://example.com/${i}`, intervalSeconds: 30 }),
      );

    // Time runs 30x fast for both schedulers, so a 30 s interval passes every real second.
    const t0 = Date.now();
    const now = () => t0 + (Date.now() - t0) * 30;
    const log: Published[] = [];
    const start = (name: string) =>
      createScheduler({
        db: handle.db,
        queue: recordingQueue(queue, name, log),
        keys: streamKeys(prefix),
        leader: postgresLeaderElection(url, silent),
        logger: silent,
        tickMs: 50,
        now,
      }).start();
    const a = start("a");
    const b = start("b");
    const slotsOf = (id: string) => log.filter((p) => p.monitorId === id).map((p) => p.scheduledAt);
    await waitFor(() => monitors.every((m) => slotsOf(m.id).length >= 3), {
      message: "three slots per monitor",
    });

    const leaderName = log[0]?.by;
    expect(new Set(log.map((p) => p.by))).toEqual(new Set([leaderName]));
    const [leader, follower] = leaderName === "a" ? [a, b] : [b, a];
    // The leader dies: its session ends, and with it the lock.
    const killedAt = Date.now();
    const publishedBefore = log.length;
    await leader.stop();
    await waitFor(() => log.slice(publishedBefore).some((p) => p.by !== leaderName), {
      timeoutMs: 10_000,
      message: "takeover",
    });
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await waitFor(() => monitors.every((m) => slotsOf(m.id).length >= 6), {
      message: "three more slots per monitor",
    });
    await follower.stop();

    for (const monitor of monitors) {
      const slots = slotsOf(monitor.id);
      expect(new Set(slots).size, "a slot published twice").toBe(slots.length);
      // After the immediate first check, one slot per interval: none skipped across the takeover.
      const gaps = slots.slice(2).map((slot, i) => slot - (slots[i + 1] ?? 0));
      for (const gap of gaps) expect(gap).toBe(30_000);
    }
  }, 30_000);
});
