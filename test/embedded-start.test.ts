import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnVigil } from "./helpers/vigil-process.js";

/** `vigil start` on the embedded default (no DATABASE_URL, no REDIS_URL), on a free port. */
async function startVigil(dataDir: string) {
  const env = { DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1" };
  const vigil = await spawnVigil(["start"], env, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
  return { url: vigil.match, stop: vigil.stop };
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("vigil start on the embedded default", () => {
  it("serves the API with PGlite under DATA_DIR, and data and tokens survive a restart", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "vigil-embedded-"));
    afterAll(() => rm(dataDir, { recursive: true, force: true }));

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
    const monitor = await fetch(`${first.url}/api/monitor`, {
      ...json({ url: "https://example.com", name: "Kept" }),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    });
    expect(monitor.status).toBe(201);
    expect(await first.stop()).toBe(0);
    // The generated JWT secret is kept beside the database, readable by the owner only.
    expect((await readFile(path.join(dataDir, "jwt-secret"), "utf8")).length).toBeGreaterThanOrEqual(32);

    const second = await startVigil(dataDir);
    const list = await fetch(`${second.url}/api/monitor`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { items: { name: string }[] };
    expect(body.items.map((m) => m.name)).toEqual(["Kept"]);
    expect(await second.stop()).toBe(0);
  }, 120_000);
});
