import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTargetServer } from "./helpers/target-server.js";
import { spawnVigil } from "./helpers/vigil-process.js";
import { waitFor } from "./helpers/wait-for.js";

/** `vigil start` on the embedded default (no DATABASE_URL, no REDIS_URL), on a free port. */
async function startVigil(dataDir: string) {
  // The check targets a server on 127.0.0.1, so the SSRF guard is lifted explicitly.
  const env = { DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", ALLOW_PRIVATE_TARGETS: "true" };
  const vigil = await spawnVigil(["start"], env, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
  return { url: vigil.match, stop: vigil.stop };
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("vigil start on the embedded default", () => {
  it("runs every role on PGlite and the in-process queue; data and tokens survive a restart", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "vigil-embedded-"));
    afterAll(() => rm(dataDir, { recursive: true, force: true }));

    const target = await startTargetServer();
    const first = await startVigil(dataDir);
    expect(await (await fetch(`${first.url}/health`)).json()).toEqual({
      status: "ok",
      database: "up",
      queue: "up",
    });
    const signup = await fetch(
      `${first.url}/api/auth/signup`,
      json({ email: "e@example.com", name: "E", password: "embedded pw" }),
    );
    expect(signup.status).toBe(201);
    const { token } = (await signup.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const created = await fetch(`${first.url}/api/monitor`, {
      ...json({ url: `${target.url}/ok`, name: "Kept" }),
      headers: { "content-type": "application/json", ...auth },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Scheduler, worker and ingester run in the same process on the in-process queue: the check happens at once.
    await waitFor(
      async () => {
        const res = await fetch(`${first.url}/api/monitor/${id}`, { headers: auth });
        return ((await res.json()) as { status: string }).status === "up";
      },
      { timeoutMs: 20_000, message: "the first check to be stored" },
    );
    expect(target.hitsOf("/ok")).toBeGreaterThanOrEqual(1);
    expect(await first.stop()).toBe(0);
    // The generated JWT secret is kept beside the database, readable by the owner only.
    expect((await readFile(path.join(dataDir, "jwt-secret"), "utf8")).length).toBeGreaterThanOrEqual(32);

    const second = await startVigil(dataDir);
    const list = await fetch(`${second.url}/api/monitor`, { headers: auth });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { items: { name: string; status: string }[] };
    expect(body.items).toMatchObject([{ name: "Kept", status: "up" }]);
    const checks = await fetch(`${second.url}/api/results/${id}/checks`, { headers: auth });
    expect(((await checks.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(1);
    expect(await second.stop()).toBe(0);
  }, 120_000);
});
