import { setTimeout as idle } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { startDatabaseProxy } from "./helpers/tcp-proxy.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { testBackend } from "./helpers/test-env.js";
import { waitFor } from "./helpers/wait-for.js";

// Connection loss is a network matter: PostgreSQL only (PGlite runs in-process).
describe.runIf(testBackend === "postgres")("losing the database connection", () => {
  it("mid-transaction fails that transaction without crashing the process, and the pool recovers", async () => {
    const direct = await useTestDatabase();
    const proxy = await startDatabaseProxy(direct.url ?? "");
    const handle = await openDatabase({ url: proxy.url });
    try {
      let cutInside = false;
      const transaction = handle.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        // The connection dies while the transaction waits between two queries, as a scheduler awaiting Redis does.
        // The pause is the scenario (a transaction idle while its socket dies), not synchronisation: the assertions
        // below hold however long it is; a shorter pause only makes the crash path less likely to be exercised.
        proxy.cut();
        cutInside = true;
        await idle(200);
        await tx.execute(sql`select 2`);
      });
      await expect(transaction).rejects.toThrow();
      expect(cutInside).toBe(true);
      proxy.restore();
      await waitFor(
        async () => (await handle.db.execute<{ ok: number }>(sql`select 1 as ok`)).rows[0]?.ok === 1,
        {
          message: "the pool to reconnect",
        },
      );
    } finally {
      await handle.close();
    }
  });
});
