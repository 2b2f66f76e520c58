import { sql } from "drizzle-orm";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { createPlatformWatch } from "../src/platform/platform-watch.js";
import type { StreamQueue } from "../src/queue/stream-queue.js";
import { soleLeader } from "../src/scheduler/leader-election.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { useTestQueue } from "./helpers/test-queue.js";

let handle: DatabaseHandle;
let queue: StreamQueue;

type Sent = { title: string; event: string; userId: string };

async function systemNotifications(): Promise<Sent[]> {
  const { rows } = await handle.db.execute<Sent>(sql`
    select message->>'title' as title, message->>'event' as event, user_id as "userId"
    from notifications where message->>'event' = 'system_error' order by created_at, idempotency_key`);
  return rows;
}

const workerBeat = (region: string, missed: number) =>
  queue.setHeartbeat(
    `worker:w-${region}`,
    { kind: "worker", region, workerId: `w-${region}`, missed, at: Date.now() },
    60_000,
  );

beforeAll(async () => {
  handle = await useTestDatabase();
  ({ queue } = useTestQueue());
  const app = await startTestApp(handle, { REGIONS: "eu-west,us-east" }, { queue });
  const admin = await signUp(app); // the first account is the admin
  const member = await signUp(app);
  for (const user of [admin, member]) {
    await handle.db.execute(sql`
      insert into notification_channels (id, user_id, name, type, settings)
      values (gen_random_uuid(), ${user.user.id}, 'ops', 'webhook', '{"url":"https://hooks.example.com"}')`);
  }
  await createMonitor(app, member.token, { regions: ["eu-west", "us-east"] });
});

describe("SYSTEM_ERROR: the platform watching itself", () => {
  it("alerts the admins once when a region has no live worker, and again when it recovers", async () => {
    const watch = createPlatformWatch({
      db: handle.db,
      queue,
      leader: soleLeader,
      logger: pino({ level: "silent" }),
      startupGraceMs: 0,
    });
    await workerBeat("us-east", 0);
    await watch.check();
    await watch.check(); // a second look at the same problem sends nothing new
    const opened = await systemNotifications();
    expect(opened).toHaveLength(1);
    expect(opened[0]?.title).toBe(
      "SYSTEM ERROR: No live worker in region eu-west: its checks are not running",
    );
    const { rows: admins } = await handle.db.execute<{ id: string }>(
      sql`select id from users where role = 'admin'`,
    );
    expect(opened[0]?.userId).toBe(admins[0]?.id);

    await workerBeat("eu-west", 0);
    await watch.check();
    const all = await systemNotifications();
    expect(all).toHaveLength(2);
    expect(all[1]?.title).toMatch(/RESOLVED: region eu-west is checking again/);
    // The monitors were never marked down for it.
    const { rows } = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from incidents`);
    expect(rows[0]?.n).toBe(0);
  });

  it("alerts when a region's workers report checks missing their deadlines (a backlog)", async () => {
    const watch = createPlatformWatch({
      db: handle.db,
      queue,
      leader: soleLeader,
      logger: pino({ level: "silent" }),
    });
    await workerBeat("eu-west", 5);
    await workerBeat("us-east", 0);
    await watch.check(); // the first look only learns the counts
    await workerBeat("eu-west", 9);
    await watch.check();
    const titles = (await systemNotifications()).map((n) => n.title);
    expect(titles.at(-1)).toBe(
      "SYSTEM ERROR: Region eu-west is behind: 4 check(s) missed their deadline since the last look",
    );
  });

  it("resolves only what it judged: not on a first look after a restart, and a backlog only after a clean minute", async () => {
    await handle.db.execute(sql`update platform_alerts set resolved_at = now() where resolved_at is null`);
    const logger = pino({ level: "silent" });
    const first = createPlatformWatch({ db: handle.db, queue, leader: soleLeader, logger });
    await workerBeat("eu-west", 10);
    await workerBeat("us-east", 0);
    await first.check();
    await workerBeat("eu-west", 12);
    await first.check(); // a backlog alert opens
    const opened = (await systemNotifications()).length;
    // A new leader's first look cannot tell whether misses continue: the alert stays open.
    const next = createPlatformWatch({ db: handle.db, queue, leader: soleLeader, logger });
    await next.check();
    expect(await systemNotifications()).toHaveLength(opened);
    for (let look = 1; look <= 3; look++) await next.check();
    expect(await systemNotifications()).toHaveLength(opened); // three clean looks: not yet
    await next.check();
    const all = await systemNotifications();
    expect(all).toHaveLength(opened + 1);
    expect(all.at(-1)?.title).toMatch(/RESOLVED: region eu-west is checking again \(deadlines missed\)/);
  });

  it("stays quiet during the start-up grace, while workers come up", async () => {
    const before = (await systemNotifications()).length;
    await handle.db.execute(sql`update platform_alerts set resolved_at = now() where resolved_at is null`);
    const watch = createPlatformWatch({
      db: handle.db,
      queue,
      leader: soleLeader,
      logger: pino({ level: "silent" }),
    });
    await queue.setHeartbeat("worker:w-eu-west", { kind: "other" }, 1);
    await watch.check();
    expect(await systemNotifications()).toHaveLength(before);
  });
});
