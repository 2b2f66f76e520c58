import pg from "pg";
import type { Logger } from "pino";

/** Whether this process may schedule. Checked before every tick. */
export type LeaderElection = { isLeader(): Promise<boolean>; close(): Promise<void> };

const lockKey = 7_419_003;

/** PGlite lives in one process: there is no other scheduler to elect against. */
export const soleLeader: LeaderElection = { isLeader: async () => true, close: async () => undefined };

/**
 * A session-level Postgres advisory lock on a connection of its own. Holding the connection is holding the lock:
 * when the leader dies its session ends and the lock frees, and a follower's next try (every tick) takes it.
 * Each check runs a query on the connection, so a leader whose connection silently died steps down.
 */
export function postgresLeaderElection(url: string, logger: Logger): LeaderElection {
  let client: pg.Client | undefined;
  let leader = false;

  const drop = async () => {
    const old = client;
    client = undefined;
    if (leader) logger.warn("lost scheduler leadership");
    leader = false;
    await old?.end().catch((err: unknown) => logger.debug({ err }, "closing the leader connection failed"));
  };

  return {
    async isLeader() {
      try {
        if (!client) {
          const fresh = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
          fresh.on("error", () => void drop());
          client = fresh;
          await fresh.connect();
        }
        if (leader) {
          await client.query("select 1");
          return true;
        }
        const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1) as ok", [
          lockKey,
        ]);
        leader = rows[0]?.ok === true;
        if (leader) logger.info("became the scheduler leader");
        return leader;
      } catch (err) {
        logger.warn({ err }, "leader election failed; retrying");
        await drop();
        return false;
      }
    },
    close: drop,
  };
}
