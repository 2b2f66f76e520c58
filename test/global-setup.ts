import net from "node:net";
import pg from "pg";
import { ensureTemplateDatabase } from "./helpers/template-database.js";
import { testDatabaseUrl, testRedisUrl } from "./helpers/test-env.js";

const howToStart = {
  postgres:
    "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (Debian: apt-get install postgresql) or set TEST_DATABASE_URL",
  redis:
    'start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no` (Debian: apt-get install redis-server) or set TEST_REDIS_URL',
};

function stop(line: string): never {
  console.error(line);
  process.exit(1);
}

async function checkPostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (err) {
    stop(
      `PostgreSQL is not reachable at ${testDatabaseUrl} (${(err as Error).message}): ${howToStart.postgres}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A raw PING, so the check needs no Redis client of its own. */
async function checkRedis(): Promise<void> {
  const url = new URL(testRedisUrl);
  const reply = await new Promise<string>((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve("timeout");
    }, 3_000);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      clearTimeout(timer);
      socket.end();
      resolve(data.toString());
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      resolve(err.message);
    });
  });
  if (!reply.startsWith("+PONG"))
    stop(`Redis is not reachable at ${testRedisUrl} (${reply.trim()}): ${howToStart.redis}`);
}

export async function setup(): Promise<void> {
  await Promise.all([checkPostgres(), checkRedis()]);
  await ensureTemplateDatabase();
}
