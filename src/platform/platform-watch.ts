import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "../db/client.js";
import type { PlatformAlertKind } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";
import { runPeriodically } from "../lib/periodic.js";
import { enqueueNotifications } from "../notifications/outbox.js";
import type { StreamQueue } from "../queue/stream-queue.js";
import type { LeaderElection } from "../scheduler/leader-election.js";

export type PlatformWatchDeps = {
  db: Database;
  queue: StreamQueue;
  leader: LeaderElection;
  logger: Logger;
  periodMs?: number;
  /** After start-up, workers get this long to send their first heartbeat before a region counts as silent. */
  startupGraceMs?: number;
  now?: () => number;
};

type Problem = { region: string; kind: PlatformAlertKind; message: string };

/** Looks without new misses before a backlog alert resolves (4 × 15 s): a backlog drains unevenly. */
const backlogClearLooks = 4;

/**
 * Watches Vigil itself: a region whose active monitors have no live worker, or whose workers report checks missed
 * (deadline passed before a worker could run them: a backlog), is a SYSTEM_ERROR for the admins, not an outage of
 * the monitors (missed checks never count against them). Runs on the scheduler leader only.
 */
export function createPlatformWatch(deps: PlatformWatchDeps) {
  const { db, queue, logger } = deps;
  const now = deps.now ?? Date.now;
  /** Each worker's cumulative missed count at the previous look: an increase means deadlines are being missed. */
  let missedBefore = new Map<string, number>();
  const silentAfter = now() + (deps.startupGraceMs ?? 60_000);
  /** Consecutive clean looks per region/kind: a backlog alert resolves only after a minute without new misses. */
  const cleanLooks = new Map<string, number>();

  /**
   * The problems seen now, and the region/kinds that were actually judged clean (not merely unjudged: inside the
   * start-up grace, or on the first look at a worker's missed count, nothing can be said).
   */
  async function look(): Promise<{ problems: Problem[]; clean: string[]; active: string[] }> {
    const { rows } = await db.execute<{ region: string }>(sql`
      select distinct unnest(regions) as region from monitors where not paused and type <> 'heartbeat'`);
    const workers = (await queue.listHeartbeats()).filter((h) => h.data.kind === "worker");
    const missedNow = new Map(workers.map((w) => [w.id, Number(w.data.missed ?? 0)]));
    const problems: Problem[] = [];
    const judged: string[] = [];
    for (const { region } of rows) {
      const live = workers.filter((w) => w.data.region === region);
      if (now() >= silentAfter || live.length > 0) judged.push(`${region}/no_live_worker`);
      if (live.length === 0) {
        if (now() < silentAfter) continue;
        problems.push({
          region,
          kind: "no_live_worker",
          message: `No live worker in region ${region}: its checks are not running`,
        });
        continue;
      }
      if (live.every((w) => missedBefore.has(w.id))) judged.push(`${region}/deadlines_missed`);
      const newlyMissed = live.reduce((sum, w) => {
        const before = missedBefore.get(w.id);
        return sum + (before === undefined ? 0 : Math.max(0, (missedNow.get(w.id) ?? 0) - before));
      }, 0);
      if (newlyMissed > 0) {
        problems.push({
          region,
          kind: "deadlines_missed",
          message: `Region ${region} is behind: ${newlyMissed} check(s) missed their deadline since the last look`,
        });
      }
    }
    missedBefore = missedNow;
    const failing = new Set(problems.map((p) => `${p.region}/${p.kind}`));
    const clean = judged.filter((key) => {
      if (failing.has(key)) {
        cleanLooks.delete(key);
        return false;
      }
      const looks = (cleanLooks.get(key) ?? 0) + 1;
      cleanLooks.set(key, looks);
      return !key.endsWith("/deadlines_missed") || looks >= backlogClearLooks;
    });
    return { problems, clean, active: rows.map((r) => r.region) };
  }

  async function notifyAdmins(tx: Database, key: string, title: string, text: string, at: number) {
    const { rows: admins } = await tx.execute<{ id: string }>(sql`select id from users where role = 'admin'`);
    for (const admin of admins) {
      await enqueueNotifications(tx, {
        userId: admin.id,
        channelIds: null,
        incidentId: null,
        idempotencyKey: key,
        message: {
          event: "system_error",
          title,
          text,
          occurredAt: new Date(at).toISOString(),
          monitor: null,
          incident: null,
        },
      });
    }
  }

  /** Opens an alert per new problem and resolves the alerts whose problem is gone; each notifies admins once. */
  async function check(): Promise<void> {
    if (!(await deps.leader.isLeader())) return;
    const { problems, clean, active } = await look();
    const at = now();
    await db.transaction(async (tx) => {
      for (const p of problems) {
        const { rows } = await tx.execute<{ id: string }>(sql`
          insert into platform_alerts (id, region, kind, message, opened_at)
          values (${newId()}, ${p.region}, ${p.kind}, ${p.message}, ${new Date(at).toISOString()}::timestamptz)
          on conflict (region, kind) where resolved_at is null do nothing returning id`);
        const opened = rows[0];
        if (!opened) continue;
        logger.warn({ region: p.region, kind: p.kind }, p.message);
        await notifyAdmins(
          tx,
          `platform:${opened.id}:open`,
          `SYSTEM ERROR: ${p.message}`,
          `${p.message}. Monitors in ${p.region} are not marked down for it.`,
          at,
        );
      }
      const { rows: resolved } = await tx.execute<{ id: string; region: string; kind: string }>(sql`
        update platform_alerts set resolved_at = ${new Date(at).toISOString()}::timestamptz
        where resolved_at is null and (region || '/' || kind = any(${sql.param(clean)}::text[])
          or not (region = any(${sql.param(active)}::text[])))
        returning id, region, kind`);
      for (const r of resolved) {
        const title = `RESOLVED: region ${r.region} is checking again (${r.kind.replaceAll("_", " ")})`;
        await notifyAdmins(tx, `platform:${r.id}:resolved`, title, title, at);
      }
    });
  }

  return {
    check,
    start() {
      const loop = runPeriodically("platform-watch", deps.periodMs ?? 15_000, check, logger);
      return { stop: () => loop.stop() };
    },
  };
}
