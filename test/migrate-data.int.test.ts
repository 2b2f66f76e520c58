import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { runMigrateData } from "../src/migrate-data/run-migrate-data.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { result, seed } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { databaseUrl, testBackend, testDatabaseUrl } from "./helpers/test-env.js";

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A database with nothing in it, not even migrations: what someone moving off the embedded default starts with. */
async function emptyDatabase(): Promise<string> {
  const name = `vigil_migrate_${randomBytes(6).toString("hex")}`;
  await admin(`create database ${name}`);
  afterAll(() => admin(`drop database if exists ${name} with (force)`));
  return databaseUrl(name);
}

/** What a user sees through the API, to compare before and after the move. */
async function snapshot(app: TestApp, token: string, monitorIds: string[]) {
  const get = async (p: string) => {
    const res = await app.request("GET", p, { token });
    expect(res.status, `${p}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  return {
    monitors: await Promise.all(monitorIds.map((id) => get(`/api/monitor/${id}`))),
    checks: await Promise.all(monitorIds.map((id) => get(`/api/results/${id}/checks?limit=100`))),
    incidents: await get("/api/incidents"),
    channels: await get("/api/notification-channels"),
    maintenance: await get("/api/maintenance-windows"),
    statusPages: await get("/api/status-pages"),
  };
}

// The source is always embedded PGlite and the target PostgreSQL, so this runs once, in the postgres project.
describe.skipIf(testBackend !== "postgres")("vigil migrate-data", () => {
  it("copies an embedded install into a fresh PostgreSQL database, verified by counts and through the API", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "vigil-migrate-"));
    afterAll(() => rm(dataDir, { recursive: true, force: true }));
    const password = "correct horse battery";

    const source = await openDatabase({ dataDir });
    await migrateDatabase(source);
    const before = await startTestApp(source, { REGIONS: "eu-west" });
    const { token, user } = await signUp(before, { password });
    const web = await createMonitor(before, token, {
      name: "Web",
      headers: { "x-probe": "vigil" },
      assertions: [{ type: "responseTime", lessThanMs: 500 }],
      confirmations: 1,
      recoveries: 1,
    });
    const beat = await createMonitor(before, token, {
      type: "heartbeat",
      name: "Nightly job",
      url: undefined,
    });
    const channel = await before.request("POST", "/api/notification-channels", {
      token,
      body: {
        name: "Hook",
        type: "webhook",
        config: { url: "https://hooks.example.com/x", secret: "s3cret-s3cret-s3cret" },
      },
    });
    expect(channel.status, JSON.stringify(channel.body)).toBe(201);
    const window = await before.request("POST", "/api/maintenance-windows", {
      token,
      body: {
        name: "Upgrade",
        monitorIds: [web.id],
        kind: "once",
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      },
    });
    expect(window.status, JSON.stringify(window.body)).toBe(201);
    const page = await before.request("POST", "/api/status-pages", {
      token,
      body: {
        slug: `moved-${randomBytes(3).toString("hex")}`,
        title: "Moved",
        sections: [{ name: "All", monitorIds: [web.id] }],
      },
    });
    expect(page.status, JSON.stringify(page.body)).toBe(201);
    // Results over several days (so several partitions), a failure that opens an incident and a recovery.
    const day = 86_400_000;
    await seed(source, [result(web.id, 3 * day), result(web.id, 2 * day), result(web.id, day)]);
    await seed(source, [
      result(web.id, 120_000, { status: "down", responseTimeMs: null, error: "HTTP 503" }),
    ]);
    await seed(source, [result(web.id, 60_000, { responseTimeMs: 80 })]);
    const ids = [web.id, beat.id];
    const seen = await snapshot(before, token, ids);
    expect(seen.incidents.items).toMatchObject([{ state: "resolved" }]);
    await before.close();
    await source.close();

    const to = await emptyDatabase();
    const printed: string[] = [];
    await runMigrateData(loadConfig({ DATA_DIR: dataDir }), to, (line) => printed.push(line));
    const output = printed.join("\n");
    expect(output).toMatch(/check_results\s+5 → 5/);
    expect(output).toMatch(/users\s+1 → 1/);
    expect(output).toContain("Copied and verified");
    expect(output).not.toContain("s3cret");

    const target = await openDatabase({ url: to });
    afterAll(() => target.close());
    const after = await startTestApp(target, { REGIONS: "eu-west" });
    // The same account, password and data; the session token of the old install is valid too (same secret).
    const login = await after.request("POST", "/api/auth/login", { body: { email: user.email, password } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    expect(await snapshot(after, login.body.token, ids)).toEqual(seen);
    // Identity sequences moved past the copied ids: new results and incident events insert without clashes.
    await seed(target, [result(web.id, 30_000, { status: "down", responseTimeMs: null, error: "HTTP 500" })]);
    const checks = await after.request("GET", `/api/results/${web.id}/checks?limit=100`, {
      token: login.body.token,
    });
    expect(checks.body.items).toHaveLength(6);

    // A second run into a database with data refuses and changes nothing.
    await expect(runMigrateData(loadConfig({ DATA_DIR: dataDir }), to, () => undefined)).rejects.toThrow(
      /not empty/,
    );
  });

  it("refuses a data directory without an embedded database, and a URL that is not PostgreSQL", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "vigil-migrate-empty-"));
    afterAll(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig({ DATA_DIR: dataDir });
    await expect(runMigrateData(config, "mysql://x")).rejects.toThrow(/postgres:\/\//);
    await expect(runMigrateData(config, databaseUrl("nowhere"))).rejects.toThrow(/no embedded database/);
  });
});
