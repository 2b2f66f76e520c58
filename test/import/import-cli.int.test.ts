import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../helpers/factories.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";
import { kumaDatabase } from "./kuma-database.js";

const root = path.resolve(import.meta.dirname, "../..");
const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);

let app: TestApp;
let scratch: string;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
  scratch = await mkdtemp(path.join(tmpdir(), "vigil-import-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** `vigil <args>` from the sources as its own process, with only the environment given; resolves when it exits. */
function vigil(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

async function listMonitors(token: string): Promise<any[]> {
  const res = await app.request("GET", "/api/monitor?limit=1000", { token });
  expect(res.status).toBe(200);
  return res.body.items;
}

describe("vigil import", () => {
  it("--dry-run prints the summary and creates nothing", async () => {
    const { token } = await signUp(app);
    const run = await vigil(["import", "gatus", fixture("gatus-config.yaml"), "--dry-run"], {
      VIGIL_URL: app.url,
      VIGIL_TOKEN: token,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("8 to import, 5 skipped");
    expect(run.output).toContain("gatus-infra-dns-check");
    expect(run.output).toContain("login flow: suites chain requests through a shared context");
    expect(run.output).toContain("condition dropped: len([BODY].items) < 5");
    expect(run.output).toContain("Dry run: nothing was created.");
    expect(await listMonitors(token)).toEqual([]);
  });

  it("creates a Kuma backup's monitors through the API, and a second run creates none again", async () => {
    const { token } = await signUp(app);
    const env = { VIGIL_URL: app.url, VIGIL_TOKEN: token };
    const run = await vigil(["import", "kuma", fixture("kuma-backup.json")], env);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("8 to import, 6 skipped");
    expect(run.output).toContain(`Created 8 monitors in Vigil at ${app.url}.`);

    const monitors = await listMonitors(token);
    expect(monitors.map((m) => [m.name, m.type, m.type === "heartbeat" ? "ping" : m.url])).toEqual([
      ["Website", "http", "https://example.com/"],
      ["Status page keyword", "http", "https://status.example.com/"],
      ["No errors on the home page", "http", "https://example.com/"],
      ["API status (JSON)", "http", "https://api.example.com/health"],
      ["Postgres port", "tcp", "tcp://db.example.com:5432"],
      ["Mail exchangers", "dns", "dns://1.1.1.1/example.com?type=MX"],
      ["Nightly backup", "heartbeat", "ping"],
      ["Orders API", "http", "https://orders.example.com/health"],
    ]);
    const website = monitors.find((m) => m.name === "Website");
    expect(website).toMatchObject({
      expectedStatus: "200-299,301",
      tags: ["production", "team:web"],
      confirmations: 3,
      recoveries: 1,
      retryIntervalSeconds: 30,
      intervalSeconds: 60,
      timeoutMs: 48_000,
      auth: { type: "basic", username: "monitor" },
      key: null,
    });
    expect(monitors.find((m) => m.name === "Status page keyword").assertions).toEqual([
      { type: "body", operator: "contains", value: "All Systems Operational", caseSensitive: true },
    ]);
    expect(monitors.find((m) => m.name === "Postgres port")).toMatchObject({
      paused: true,
      status: "paused",
    });
    expect(monitors.find((m) => m.name === "Nightly backup")).toMatchObject({
      graceSeconds: 0,
      pingUrl: expect.stringMatching(/^\/api\/heartbeat\//),
    });

    const again = await vigil(["import", "kuma", fixture("kuma-backup.json")], env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain("Created 0 monitors");
    expect(again.output).toContain("8 already in Vigil with the same type, name and target");
    expect(await listMonitors(token)).toHaveLength(8);
  });

  it("imports a Kuma SQLite database and a Gatus config", async () => {
    const { token } = await signUp(app);
    const env = { VIGIL_URL: app.url, VIGIL_TOKEN: token };
    const db = path.join(scratch, "kuma.db");
    await writeFile(
      db,
      await kumaDatabase({
        monitors: [{ id: 3, name: "From SQLite", type: "http", url: "https://example.org/", interval: 60 }],
        tags: [{ id: 1, name: "legacy" }],
        monitorTags: [{ monitor_id: 3, tag_id: 1, value: null }],
      }),
    );
    const kuma = await vigil(["import", "kuma", db], env);
    expect(kuma.code, kuma.output).toBe(0);
    const gatus = await vigil(["import", "gatus", fixture("gatus-config.yaml")], env);
    expect(gatus.code, gatus.output).toBe(0);
    expect(gatus.output).toContain("Created 8 monitors");

    const monitors = await listMonitors(token);
    expect(monitors).toHaveLength(9);
    expect(monitors[0]).toMatchObject({ name: "From SQLite", tags: ["legacy"], timeoutMs: 48_000 });
    expect(monitors.find((m) => m.name === "api health")).toMatchObject({
      expectedStatus: "100-299",
      followRedirects: false,
      confirmations: 3,
      recoveries: 2,
      tags: ["core"],
    });
    expect(monitors.find((m) => m.name === "dns check")).toMatchObject({
      url: "dns://8.8.8.8/example.com?type=A",
      assertions: [{ type: "dns", operator: "contains", values: ["93.184.215.14"] }],
    });
  });

  it("creates nothing when the API refuses one monitor, and names it", async () => {
    const guarded = await startTestApp(await useTestDatabase(), { ALLOW_PRIVATE_TARGETS: "false" });
    const { token } = await signUp(guarded);
    const config = path.join(scratch, "gatus-private.yaml");
    await writeFile(
      config,
      [
        "endpoints:",
        "  - name: public",
        '    url: "https://example.com/"',
        '    conditions: ["[STATUS] == 200"]',
        "  - name: router admin",
        '    url: "http://192.168.1.1/"',
        '    conditions: ["[STATUS] == 200"]',
      ].join("\n"),
    );
    const run = await vigil(["import", "gatus", config], { VIGIL_URL: guarded.url, VIGIL_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.output).toContain("Vigil refused the import, nothing of this request was created");
    expect(run.output).toMatch(/router admin \(gatus-router-admin\) url: .*192\.168\.1\.1/);
    const res = await guarded.request("GET", "/api/monitor", { token });
    expect(res.body.items).toEqual([]);
  });

  it("says what is missing instead of importing without a token or with a bad one", async () => {
    const missing = await vigil(["import", "kuma", fixture("kuma-backup.json")], { VIGIL_URL: app.url });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("set VIGIL_TOKEN");
    const wrong = await vigil(["import", "kuma", fixture("kuma-backup.json")], {
      VIGIL_URL: app.url,
      VIGIL_TOKEN: "not-a-token",
    });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain("Vigil refused the token (VIGIL_TOKEN)");
    const usage = await vigil(["import", "nagios", "x.cfg"], {});
    expect(usage.code).toBe(1);
    expect(usage.output).toContain("vigil import needs kuma or gatus and a file");
  });
});
