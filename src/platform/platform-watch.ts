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

  async function findProblems(): Promise<Problem[]> {
    const { rows } = await db.execute<{ region: string }>(sql`
      select distinct unnest(regions) as region from monitors where not paused and type <> 'heartbeat'`);
    const workers = (await queue.listHeartbeats()).filter((h) => h.data.kind === "worker");
    const missedNow = new Map(workers.map((w) => [w.id, Number(w.data.missed ?? 0)]));
    const problems: Problem[] = [];
    for (const { region } of rows) {
      const live = workers.filter((w) => w.data.region === region);
      if (live.length === 0) {
        if (now() < silentAfter) continue;
        problems.push({
          region,
          kind: "no_live_worker",
          message: `No live worker in region ${region}: its checks are not running`,
        });
        continue;
      }
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
    return problems;
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
    const problems = await findProblems();
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
      const current = problems.map((p) => `${p.region}/${p.kind}`);
      const { rows: resolved } = await tx.execute<{ id: string; region: string; kind: string }>(sql`
        update platform_alerts set resolved_at = ${new Date(at).toISOString()}::timestamptz
        where resolved_at is null and not (region || '/' || kind = any(${sql.param(current)}::text[]))
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
