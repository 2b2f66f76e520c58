import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { CliError } from "../src/cli/api-client.js";
import { runApply } from "../src/cli/apply-command.js";
import { runExport } from "../src/cli/export-command.js";
import type { CliConfig } from "../src/config.js";
import { signUp } from "./helpers/factories.js";
import { apply, createChannel, fullDocument } from "./helpers/monitor-documents.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

const root = path.resolve(import.meta.dirname, "..");
let app: TestApp;
let dir: string;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase(), { REGIONS: "eu-west,us-east" });
  dir = await mkdtemp(path.join(tmpdir(), "vigil-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function user(): Promise<CliConfig> {
  const { token } = await signUp(app);
  await createChannel(app, token, "Ops");
  return { apiUrl: app.url, token };
}

async function file(name: string, content: string): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, content);
  return at;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
  };
}

describe("vigil apply and vigil export", () => {
  it("plans without --yes, applies with it, then finds nothing to do", async () => {
    const config = await user();
    const yaml = await file("monitors.yaml", YAML.stringify(fullDocument("prod")));
    const printed: string[] = [];
    const dry = await runApply({ file: yaml, yes: false, prune: false }, config, (t) => printed.push(t));
    expect(dry.applied).toBe(false);
    expect(printed[0]).toContain(`Plan for ${yaml}: 4 to create, 0 to update, 0 to delete, 0 unchanged`);
    expect(printed[0]).toContain("  + create  api\n  + create  db\n  + create  mail/dns\n  + create  backup");
    expect(printed[0]).toContain("Dry run: nothing was changed. Run again with --yes to apply.");
    expect(
      (await runExport({ format: "json", tag: undefined }, config, capture().io)).length,
    ).toBeGreaterThan(0);
    expect(
      JSON.parse(await runExport({ format: "json", tag: undefined }, config, capture().io)).monitors,
    ).toEqual([]);

    printed.length = 0;
    await runApply({ file: yaml, yes: true, prune: false }, config, (t) => printed.push(t));
    expect(printed[0]).toContain("Applied: 4 created, 0 updated, 0 deleted.");

    const changed = fullDocument("prod");
    changed.monitors = changed.monitors.filter((m) => m.key !== "backup");
    Object.assign(changed.monitors[0] as object, { intervalSeconds: 300 });
    const json = await file("monitors.json", JSON.stringify(changed));
    printed.length = 0;
    await runApply({ file: json, yes: true, prune: true }, config, (t) => printed.push(t));
    expect(printed[0]).toContain("0 to create, 1 to update, 1 to delete, 2 unchanged");
    expect(printed[0]).toContain("  ~ update  api (intervalSeconds)\n  - delete  backup\n  = 2 unchanged");

    printed.length = 0;
    await runApply({ file: json, yes: true, prune: true }, config, (t) => printed.push(t));
    expect(printed[0]).toContain("  = 3 unchanged\n\nNothing to change.");
  });

  it("exports what the API exports, noting withheld secrets on stderr", async () => {
    const config = await user();
    await apply(app, config.token ?? "", {
      version: 1,
      tag: "prod",
      monitors: [{ key: "a", url: "https://a.example.com", auth: { type: "bearer", token: "s3cret" } }],
    });
    const { out, err, io } = capture();
    const text = await runExport({ format: "yaml", tag: "prod" }, config, io);
    expect(out).toEqual([text]);
    expect(YAML.parse(text)).toMatchObject({ version: 1, tag: "prod", monitors: [{ key: "a" }] });
    expect(text).not.toContain("s3cret");
    expect(err.join("")).toMatch(/1 secret was written as \$\{\.\.\.\} placeholders/);
  });

  it("names the bad items by index and key, and changes nothing", async () => {
    const config = await user();
    const bad = await file(
      "bad.yaml",
      "version: 1\nmonitors:\n  - key: good\n    url: https://a.io\n  - key: broken\n    url: ftp://b.io\n",
    );
    const printed: string[] = [];
    const error = await runApply({ file: bad, yes: true, prune: false }, config, (t) =>
      printed.push(t),
    ).catch((e) => e);
    expect(printed).toEqual([]);
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain(`${bad} was not applied`);
    expect(error.message).toContain('monitors.1 (key "broken") url:');
    const missing = await runApply(
      { file: path.join(dir, "nope.yaml"), yes: false, prune: false },
      config,
    ).catch((e) => e);
    expect(missing.message).toMatch(/cannot read/);
    const anonymous = await runApply(
      { file: bad, yes: false, prune: false },
      { apiUrl: app.url, token: undefined },
    ).catch((e) => e);
    expect(anonymous.message).toMatch(/VIGIL_TOKEN/);
  });

  it("runs as `vigil apply` and `vigil export` processes against VIGIL_URL with VIGIL_TOKEN", async () => {
    const config = await user();
    const yaml = await file("process.yaml", YAML.stringify(fullDocument("proc")));
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? "", VIGIL_URL: app.url, VIGIL_TOKEN: config.token ?? "" };
    const cli = (...args: string[]) =>
      run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: root, env });
    const applied = await cli("apply", yaml, "--yes");
    expect(applied.stdout).toContain("Applied: 4 created");
    const exported = await cli("export", "--format", "json", "--tag", "proc");
    expect(JSON.parse(exported.stdout).monitors).toHaveLength(4);
    const refused = await cli("export", "--format", "toml").catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--format must be yaml or json/),
    });
  }, 60_000);
});
