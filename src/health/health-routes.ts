import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client.js";
import type { App } from "../http/types.js";

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

const healthSchema = z.object({ status: z.enum(["ok", "error"]), database: z.enum(["up", "down"]) });

export function registerHealthRoutes(app: App, { db }: { db: Database }) {
  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: { tags: ["health"], response: { 200: healthSchema, 503: healthSchema } },
    },
    async (_request, reply) => {
      const databaseUp = await probe(() => db.execute(sql`select 1`));
      return reply
        .status(databaseUp ? 200 : 503)
        .send({ status: databaseUp ? "ok" : "error", database: databaseUp ? "up" : "down" });
    },
  );
}
