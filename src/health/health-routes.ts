import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client.js";
import type { App } from "../http/types.js";
import type { StreamQueue } from "../queue/stream-queue.js";

const probeTimeoutMs = 2_000;

/** Resolves true when the probe answers within the time limit, false on error or timeout. */
async function probe(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), probeTimeoutMs);
  });
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const healthSchema = z.object({
  status: z.enum(["ok", "error"]),
  database: z.enum(["up", "down"]),
  queue: z.enum(["up", "down"]),
});

export function registerHealthRoutes(app: App, { db, queue }: { db: Database; queue: StreamQueue }) {
  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: { tags: ["health"], response: { 200: healthSchema, 503: healthSchema } },
    },
    async (_request, reply) => {
      const [databaseUp, queueUp] = await Promise.all([
        probe(() => db.execute(sql`select 1`)),
        probe(async () => {
          if (!(await queue.ping())) throw new Error("queue did not answer");
        }),
      ]);
      const ok = databaseUp && queueUp;
      return reply.status(ok ? 200 : 503).send({
        status: ok ? "ok" : "error",
        database: databaseUp ? "up" : "down",
        queue: queueUp ? "up" : "down",
      });
    },
  );
}
