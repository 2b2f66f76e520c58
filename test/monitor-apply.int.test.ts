import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import type { DatabaseHandle } from "../src/db/client.js";
import { phaseMs } from "../src/scheduler/slots.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { apply, createChannel, createPage, fullDocument, raw } from "./helpers/monitor-documents.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east" });
});

async function userWithChannel() {
  const user = await signUp(app);
  const ops = await createChannel(app, user.token, "Ops");
  return { ...user, ops };
}

async function monitorsOf(token: string) {
  const res = await app.request("GET", "/api/monitor?limit=1000", { token });
  return res.body.items as Record<string, any>[];
}

describe("apply", () => {
  it("creates the document's monitors, then finds nothing to do", async () => {
    const { token, ops } = await userWithChannel();
    const before = Date.now();
    const first = await apply(app, token, fullDocument("prod"));
    expect(first).toEqual({
      plan: { create: ["api", "db", "mail/dns", "backup"], update: [], delete: [], unchanged: [] },
      applied: true,
    });
    const monitors = await monitorsOf(token);
    const api = monitors.find((m) => m.key === "api");
    expect(api).toMatchObject({
      name: "API",
      method: "POST",
      intervalSeconds: 60,
      regions: ["eu-west"],
      tags: ["prod", "team/api"],
      channelIds: [ops],
      assertions: expect.arrayContaining([
        { type: "body", operator: "contains", value: "ok", caseSensitive: false },
      ]),
    });
    expect(monitors.find((m) => m.key === "db")).toMatchObject({
      type: "tcp",
      regions: ["eu-west", "us-east"],
    });
    expect(monitors.find((m) => m.key === "backup")).toMatchObject({
      paused: true,
      channelIds: [],
      tags: ["prod"],
    });

    // First checks are spread over the interval, on each monitor's own grid.
    const { rows } = await handle.db.execute<{ id: string; dueMs: number }>(sql`
      select id, (extract(epoch from next_check_at) * 1000)::float8 as "dueMs" from monitors where key = 'api'
        and id = ${api?.id}`);
    const due = rows[0];
    expect(due && due.dueMs >= before && due.dueMs < before + 61_000).toBe(true);
    expect(due && Math.round(due.dueMs) % 60_000).toBe(due && phaseMs(due.id, 60_000));

    const second = await apply(app, token, fullDocument("prod"));
    expect(second.plan).toEqual({
      create: [],
      update: [],
      delete: [],
      unchanged: ["api", "db", "mail/dns", "backup"],
    });
    expect((await monitorsOf(token)).map((m) => m.id)).toEqual(monitors.map((m) => m.id));
  });

  it("plans the changed fields of each monitor, and a dry run writes nothing", async () => {
    const { token } = await userWithChannel();
    await apply(app, token, fullDocument());
    const changed = fullDocument();
    Object.assign(changed.monitors[0] as object, {
      intervalSeconds: 120,
      tags: ["team/api", "edge"],
      channels: [],
    });
    Object.assign(changed.monitors[3] as object, { paused: false });
    const dry = await apply(app, token, changed, "?dryRun=true");
    expect(dry).toEqual({
      plan: {
        create: [],
        update: [
          { key: "api", changes: ["intervalSeconds", "channels", "tags"] },
          { key: "backup", changes: ["paused"] },
        ],
        delete: [],
        unchanged: ["db", "mail/dns"],
      },
      applied: false,
    });
    expect((await monitorsOf(token)).find((m) => m.key === "api")?.intervalSeconds).toBe(60);

    const wet = await apply(app, token, changed);
    expect(wet.plan).toEqual(dry.plan);
    const after = await monitorsOf(token);
    expect(after.find((m) => m.key === "api")).toMatchObject({ intervalSeconds: 120, channelIds: [] });
    expect(after.find((m) => m.key === "backup")?.paused).toBe(false);
    expect((await apply(app, token, changed)).plan.unchanged).toHaveLength(4);
  });

  it("prunes the monitors carrying the document's tag that it does not list", async () => {
    const { token } = await userWithChannel();
    await apply(app, token, fullDocument("prod"));
    const keyless = await createMonitor(app, token, { tags: ["prod"] });
    const untagged = await createMonitor(app, token, { tags: ["dev"] });
    const smaller = fullDocument("prod");
    smaller.monitors = smaller.monitors.filter((m) => m.key === "api" || m.key === "db");

    const withoutPrune = await apply(app, token, smaller, "?dryRun=true");
    expect(withoutPrune.plan).toMatchObject({ delete: [], unchanged: ["api", "db"] });
    const dry = await apply(app, token, smaller, "?prune=true&dryRun=true");
    expect(dry.plan.delete).toEqual([keyless.id, "backup", "mail/dns"].sort());
    expect(await monitorsOf(token)).toHaveLength(6);

    const pruned = await apply(app, token, smaller, "?prune=true");
    expect(pruned.plan.delete).toEqual(dry.plan.delete);
    expect((await monitorsOf(token)).map((m) => m.key ?? m.id).sort()).toEqual(
      ["api", "db", untagged.id].sort(),
    );
    expect((await apply(app, token, smaller, "?prune=true")).plan).toEqual({
      create: [],
      update: [],
      delete: [],
      unchanged: ["api", "db"],
    });
  });

  it("refuses to prune without a tag in the document", async () => {
    const { token } = await userWithChannel();
    const res = await app.request("POST", "/api/monitor/apply?prune=true", { token, body: fullDocument() });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "validation_error",
      message: expect.stringMatching(/prune/),
    });
    expect(await monitorsOf(token)).toHaveLength(0);
  });

  it("reads YAML bodies as well as JSON, with the same plan", async () => {
    const { token } = await userWithChannel();
    const yaml = YAML.stringify(fullDocument("yaml"));
    const res = await raw(app, "POST", "/api/monitor/apply?dryRun=true", {
      token,
      body: yaml,
      contentType: "application/yaml",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.plan.create).toEqual(["api", "db", "mail/dns", "backup"]);
    const applied = await raw(app, "POST", "/api/monitor/apply", {
      token,
      body: yaml,
      contentType: "text/yaml",
    });
    expect(applied.json.applied).toBe(true);
    expect((await apply(app, token, fullDocument("yaml"))).plan.unchanged).toHaveLength(4);

    const broken = await raw(app, "POST", "/api/monitor/apply", {
      token,
      body: "version: 1\nmonitors: [\n",
      contentType: "application/yaml",
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatchObject({ code: "bad_request", message: expect.stringMatching(/YAML/) });
    const invalid = await raw(app, "POST", "/api/monitor/apply", {
      token,
      body: "version: 1\nmonitors:\n  - key: a\n    url: https://a.io\n  - key: b\n    url: ftp://b.io\n",
      contentType: "application/yaml",
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.details).toEqual([expect.objectContaining({ path: "monitors.1.url" })]);
    // Other routes still take JSON only.
    const elsewhere = await raw(app, "POST", "/api/monitor", {
      token,
      body: "url: https://a.io",
      contentType: "application/yaml",
    });
    expect(elsewhere.status).toBe(415);
  });

  it("reports every bad item by index and applies nothing", async () => {
    const { token } = await userWithChannel();
    const bad = fullDocument();
    Object.assign(bad.monitors[0] as object, { channels: ["Ops", "Pager"] });
    Object.assign(bad.monitors[1] as object, { regions: ["mars"] });
    Object.assign(bad.monitors[2] as object, { statusPages: ["no-such-page"] });
    Object.assign(bad.monitors[3] as object, { auth: { type: "bearer", token: `\${BACKUP_TOKEN}` } });
    const res = await app.request("POST", "/api/monitor/apply", { token, body: bad });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "monitors.0.channels",
      "monitors.1.regions",
      "monitors.2.statusPages",
      "monitors.3.auth.token",
    ]);
    expect(res.body.error.details[0].message).toMatch(/Unknown notification channel: Pager/);
    expect(await monitorsOf(token)).toHaveLength(0);

    const repeated = await app.request("POST", "/api/monitor/apply", {
      token,
      body: {
        version: 1,
        monitors: [
          { key: "a", url: "https://a.io" },
          { key: "a", url: "https://b.io" },
        ],
      },
    });
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.details).toEqual([expect.objectContaining({ path: "monitors.1.key" })]);
    for (const body of [
      { version: 2, monitors: [] },
      { version: 1, monitors: [{ url: "https://a.io" }] },
      { version: 1, monitors: [{ key: "has space", url: "https://a.io" }] },
      { version: 1, monitors: [{ key: "a", url: "https://a.io", channelIds: [] }] },
    ]) {
      const refused = await app.request("POST", "/api/monitor/apply", { token, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("refuses to turn a monitor into a heartbeat or back", async () => {
    const { token } = await userWithChannel();
    await apply(app, token, { version: 1, monitors: [{ key: "job", type: "heartbeat" }] });
    const res = await app.request("POST", "/api/monitor/apply", {
      token,
      body: { version: 1, monitors: [{ key: "job", url: "https://a.io" }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "monitors.0.type" })]);
  });

  it("puts monitors on status pages by slug, in the first or a named section", async () => {
    const { token } = await userWithChannel();
    const core = await createPage(app, token, ["Core", "Extra"]);
    const bare = await createPage(app, token);
    const doc = {
      version: 1,
      monitors: [
        {
          key: "web",
          url: "https://web.example.com",
          statusPages: [core.slug, { slug: bare.slug, section: "Infra" }],
        },
        { key: "api", url: "https://api.example.com", statusPages: [{ slug: core.slug, section: "Extra" }] },
      ],
    };
    await apply(app, token, doc);
    const ids = Object.fromEntries((await monitorsOf(token)).map((m) => [m.key, m.id]));
    const sections = async (pageId: string) =>
      (await app.request("GET", `/api/status-pages/${pageId}`, { token })).body.sections;
    expect(await sections(core.id)).toEqual([
      { name: "Core", monitorIds: [ids.web] },
      { name: "Extra", monitorIds: [ids.api] },
    ]);
    expect(await sections(bare.id)).toEqual([{ name: "Infra", monitorIds: [ids.web] }]);
    expect((await apply(app, token, doc)).plan.unchanged).toEqual(["web", "api"]);

    const moved = structuredClone(doc);
    moved.monitors[0] = { ...doc.monitors[0], statusPages: [{ slug: core.slug, section: "Extra" }] } as never;
    delete (moved.monitors[1] as { statusPages?: unknown }).statusPages;
    expect((await apply(app, token, moved)).plan.update).toEqual([{ key: "web", changes: ["statusPages"] }]);
    expect(await sections(core.id)).toEqual([
      { name: "Core", monitorIds: [] },
      { name: "Extra", monitorIds: [ids.api, ids.web] },
    ]);
    expect(await sections(bare.id)).toEqual([{ name: "Infra", monitorIds: [] }]);

    const other = await signUp(app);
    const res = await app.request("POST", "/api/monitor/apply", {
      token: other.token,
      body: { version: 1, monitors: [{ key: "x", url: "https://x.io", statusPages: [core.slug] }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: "monitors.0.statusPages" });
  });

  it("keeps each user's monitors apart: same keys, separate monitors", async () => {
    const a = await userWithChannel();
    const b = await userWithChannel();
    await apply(app, a.token, fullDocument("prod"));
    const aMonitors = await monitorsOf(a.token);
    const bPlan = await apply(app, b.token, { version: 1, tag: "prod", monitors: [] }, "?prune=true");
    expect(bPlan.plan).toEqual({ create: [], update: [], delete: [], unchanged: [] });
    expect((await apply(app, b.token, fullDocument("prod"))).plan.create).toHaveLength(4);
    expect(await monitorsOf(a.token)).toEqual(
      aMonitors.map((m) => ({ ...m, status: expect.any(String), sparkline24h: expect.any(Array) })),
    );
    // A document naming another user's monitor by id creates a new monitor rather than adopting it.
    const foreign = aMonitors[0]?.id;
    const adopt = await apply(app, b.token, {
      version: 1,
      monitors: [{ key: foreign, url: "https://x.io" }],
    });
    expect(adopt.plan.create).toEqual([foreign]);
  });
});
