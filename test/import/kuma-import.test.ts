import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ImportResult, toCreateBody } from "../../src/import/imported-monitor.js";
import { convertKuma } from "../../src/import/kuma-convert.js";
import { readKumaFile } from "../../src/import/kuma-files.js";
import { createMonitorBody } from "../../src/monitors/monitor-schemas.js";
import { kumaDatabase } from "./kuma-database.js";

const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);

async function fromBackup(): Promise<ImportResult> {
  return convertKuma(await readKumaFile(await readFile(fixture("kuma-backup.json"))));
}

function byKey(result: ImportResult, key: string) {
  const monitor = result.monitors.find((m) => m.key === key);
  if (!monitor) throw new Error(`no monitor ${key} in ${result.monitors.map((m) => m.key).join(", ")}`);
  return monitor;
}

const notesOf = (result: ImportResult, name: string) =>
  result.notes.filter((n) => n.name === name).map((n) => n.note);

function expectValidBodies(result: ImportResult): void {
  for (const monitor of result.monitors) {
    const parsed = createMonitorBody.safeParse(toCreateBody(monitor));
    expect(parsed.success, `${monitor.key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  }
}

describe("Uptime Kuma 1.x JSON backup", () => {
  it("imports http, keyword, json-query, port, dns and push monitors and skips the rest with reasons", async () => {
    const result = await fromBackup();
    expect(result.monitors.map((m) => m.key)).toEqual([
      "kuma-1",
      "kuma-2",
      "kuma-3",
      "kuma-4",
      "kuma-5",
      "kuma-6",
      "kuma-7",
      "kuma-12",
    ]);
    expect(result.skipped).toEqual([
      {
        name: "Redis container",
        reason: "checks a container through the Docker daemon: no Vigil equivalent",
      },
      {
        name: "Router ping",
        reason:
          "ICMP ping has no Vigil equivalent (a tcp monitor on a port the host answers on is the nearest)",
      },
      {
        name: "Old site must stay down",
        reason: "upside-down mode (up when the check fails) has no Vigil equivalent",
      },
      {
        name: "Backend",
        reason:
          "a group only gathers other monitors; its members are imported with the group's name as a tag",
      },
      {
        name: "Cart total",
        reason:
          'JSON query "$sum(items.price)" is a JSONata expression; Vigil reads plain paths like data.items[0].status',
      },
      {
        name: "CAA record",
        reason: "record type CAA is not supported (Vigil asks A, AAAA, CNAME, MX, TXT, NS)",
      },
    ]);
    expectValidBodies(result);
  });

  it("maps an http monitor field by field: retries + 1 confirmations, one success recovers", async () => {
    expect(byKey(await fromBackup(), "kuma-1")).toEqual({
      key: "kuma-1",
      tags: ["production", "team:web"],
      name: "Website",
      paused: false,
      type: "http",
      url: "https://example.com/",
      method: "GET",
      headers: { "X-Env": "prod" },
      body: null,
      auth: { type: "basic", username: "monitor", password: "s3cret" },
      expectedStatus: "200-299,301",
      ignoreTlsErrors: false,
      maxRedirects: 10,
      assertions: [],
      intervalSeconds: 60,
      timeoutMs: 48_000,
      confirmations: 3,
      recoveries: 1,
      retryIntervalSeconds: 30,
    });
  });

  it("maps keyword monitors to body assertions, inverted ones to notContains", async () => {
    const result = await fromBackup();
    const keyword = byKey(result, "kuma-2");
    expect(keyword.assertions).toEqual([
      { type: "body", operator: "contains", value: "All Systems Operational", caseSensitive: true },
    ]);
    // maxredirects 0: the 3xx is the answer.
    expect(keyword).toMatchObject({ followRedirects: false, intervalSeconds: 30, timeoutMs: 16_000 });
    expect(keyword).not.toHaveProperty("maxRedirects");
    expect(keyword).toMatchObject({ confirmations: 1, retryIntervalSeconds: 20, reminderMinutes: 5 });
    expect(notesOf(result, "Status page keyword")).toEqual([
      "interval 20 s raised to Vigil's minimum, 30 s",
      "reminder 4 min raised to Vigil's minimum, 5 min",
    ]);

    const inverted = byKey(result, "kuma-3");
    expect(inverted.assertions).toEqual([
      { type: "body", operator: "notContains", value: "Error", caseSensitive: true },
    ]);
    expect(inverted).toMatchObject({
      method: "POST",
      body: '{"ping": true}',
      // Kuma sends a json-encoded body as application/json; Vigil sends exactly the headers it is given.
      headers: { "Content-Type": "application/json" },
      ignoreTlsErrors: true,
      maxRedirects: 3,
      tags: ["team-a:front-end"],
    });
    expect(notesOf(result, "No errors on the home page")).toEqual([
      'tag "Team A:Front End" stored as "team-a:front-end"',
      "Kuma sent this check through a proxy; Vigil connects directly",
    ]);
  });

  it("maps json-query to a jsonPath assertion and clamps the timeout to Vigil's maximum", async () => {
    const result = await fromBackup();
    expect(byKey(result, "kuma-4")).toMatchObject({
      type: "http",
      assertions: [{ type: "jsonPath", path: "data.status", operator: "equals", value: "ok" }],
      intervalSeconds: 120,
      timeoutMs: 60_000,
      confirmations: 4,
      retryIntervalSeconds: 60,
    });
    expect(notesOf(result, "API status (JSON)")).toEqual([
      "timeout 96000 ms lowered to Vigil's maximum, 60000 ms",
    ]);
  });

  it("maps port to tcp (paused when inactive), dns to a dns URL, push to a heartbeat", async () => {
    const result = await fromBackup();
    expect(byKey(result, "kuma-5")).toEqual({
      key: "kuma-5",
      tags: [],
      name: "Postgres port",
      paused: true,
      type: "tcp",
      url: "tcp://db.example.com:5432",
      intervalSeconds: 60,
      timeoutMs: 48_000,
      confirmations: 1,
      recoveries: 1,
      retryIntervalSeconds: 60,
    });
    expect(byKey(result, "kuma-6")).toMatchObject({
      type: "dns",
      url: "dns://1.1.1.1/example.com?type=MX",
      confirmations: 2,
    });
    expect(byKey(result, "kuma-7")).toEqual({
      key: "kuma-7",
      tags: ["jobs"],
      name: "Nightly backup",
      paused: false,
      type: "heartbeat",
      intervalSeconds: 86_400,
      graceSeconds: 0,
      confirmations: 2,
      recoveries: 1,
    });
    expect(notesOf(result, "Nightly backup")).toEqual([
      "push monitor: Vigil gives it a new pingUrl; point the job at it",
    ]);
  });

  it("tags a group's members with its name, fills in Kuma's 0.8 × interval timeout, caps confirmations at 10", async () => {
    const result = await fromBackup();
    expect(byKey(result, "kuma-12")).toMatchObject({
      tags: ["backend"],
      timeoutMs: 48_000,
      confirmations: 10,
      retryIntervalSeconds: 60,
    });
    expect(notesOf(result, "Orders API")).toEqual([
      "confirmations (retries + 1) 16 lowered to Vigil's maximum, 10",
    ]);
    expect(notesOf(result, "notifications")).toEqual([
      "2 Kuma monitors had notifications; Kuma's notification settings are not imported, so the imported monitors alert every notification channel of your Vigil account (set channelIds to narrow it)",
    ]);
  });

  it("refuses a file that is neither a Kuma database nor a backup", async () => {
    await expect(readKumaFile(Buffer.from('{"hello": 1}'))).rejects.toThrow(/has no monitorList/);
    await expect(readKumaFile(Buffer.from("not json"))).rejects.toThrow(
      /not an Uptime Kuma database or JSON/,
    );
  });
});

describe("Uptime Kuma SQLite database", () => {
  const database = () =>
    kumaDatabase({
      monitors: [
        {
          id: 1,
          name: "Website",
          type: "http",
          url: "https://example.com/",
          interval: 60,
          timeout: 48,
          maxretries: 2,
          retry_interval: 30,
          accepted_statuscodes_json: '["200-299","301"]',
          headers: '{\n  "X-Env": "prod"\n}',
          auth_method: "basic",
          basic_auth_user: "monitor",
          basic_auth_pass: "s3cret",
          http_body_encoding: "json",
        },
        {
          id: 2,
          name: "Legacy auth, form body",
          type: "http",
          url: "https://legacy.example.com/login",
          method: "post",
          interval: 300,
          timeout: 0,
          accepted_statuscodes_json: '["200-299","418"]',
          basic_auth_user: "old",
          basic_auth_pass: "pw",
          body: "a=1&b=2",
          http_body_encoding: "form",
          ignore_tls: 1,
          maxredirects: 20,
        },
        {
          id: 3,
          name: "Feature flag",
          type: "json-query",
          url: "https://api.example.com/flags",
          interval: 60,
          json_path: "$.flags[0].enabled",
          expected_value: "true",
        },
        {
          id: 4,
          name: "Keyword gone",
          type: "keyword",
          url: "https://example.com/",
          keyword: "maintenance",
          invert_keyword: 1,
        },
        { id: 5, name: "SSH", type: "port", hostname: "2001:db8::1", port: 22, active: 0 },
        {
          id: 6,
          name: "TXT via two resolvers",
          type: "dns",
          interval: 60,
          hostname: "example.com",
          port: 5353,
          dns_resolve_type: "TXT",
          dns_resolve_server: "9.9.9.9, 1.1.1.1",
        },
        {
          id: 7,
          name: "Cron",
          type: "push",
          interval: 10,
          push_token: "tok",
          maxretries: 0,
          resend_interval: 3,
        },
        { id: 8, name: "Broker", type: "mqtt", hostname: "mqtt.example.com", port: 1883 },
        {
          id: 9,
          name: "NTLM intranet",
          type: "http",
          url: "https://intranet.example.com/",
          auth_method: "ntlm",
        },
      ],
      tags: [
        { id: 1, name: "production" },
        { id: 2, name: "team" },
      ],
      monitorTags: [
        { monitor_id: 1, tag_id: 2, value: "web" },
        { monitor_id: 1, tag_id: 1, value: null },
        { monitor_id: 3, tag_id: 1, value: "" },
      ],
      notifications: [{ id: 1, name: "Ops Slack" }],
      monitorNotifications: [
        { monitor_id: 1, notification_id: 1 },
        { monitor_id: 7, notification_id: 1 },
      ],
    });

  it("reads monitor, tag, monitor_tag and monitor_notification and maps them like the backup", async () => {
    const result = convertKuma(await readKumaFile(await database()));
    expectValidBodies(result);
    const backup = await fromBackup();
    // The same monitor in both exports converts to the same body.
    expect(byKey(result, "kuma-1")).toEqual(byKey(backup, "kuma-1"));
    expect(result.skipped).toEqual([
      {
        name: "Broker",
        reason: "MQTT has no Vigil equivalent",
      },
      {
        name: "NTLM intranet",
        reason: "ntlm authentication is not supported (Vigil sends basic or bearer auth)",
      },
    ]);
    expect(notesOf(result, "notifications")[0]).toMatch(/^2 Kuma monitors had notifications/);
  });

  it("maps the snake_case columns: legacy basic auth, form bodies, status lists, typed JSON values", async () => {
    const result = convertKuma(await readKumaFile(await database()));
    expect(byKey(result, "kuma-2")).toMatchObject({
      method: "POST",
      auth: { type: "basic", username: "old", password: "pw" },
      body: "a=1&b=2",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      expectedStatus: "200-299,418",
      ignoreTlsErrors: true,
      maxRedirects: 10,
      intervalSeconds: 300,
      // timeout 0: Kuma's 0.8 × interval, within Vigil's 60 s.
      timeoutMs: 60_000,
    });
    expect(notesOf(result, "Legacy auth, form body")).toEqual([
      "max redirects 20 lowered to Vigil's maximum, 10",
      "timeout 240000 ms lowered to Vigil's maximum, 60000 ms",
    ]);
    expect(byKey(result, "kuma-3")).toMatchObject({
      tags: ["production"],
      assertions: [{ type: "jsonPath", path: "$.flags[0].enabled", operator: "equals", value: true }],
    });
    expect(notesOf(result, "Feature flag")).toEqual([
      'expected value "true" is compared as the boolean true: Kuma compared text, Vigil compares JSON types',
    ]);
    expect(byKey(result, "kuma-4").assertions).toEqual([
      { type: "body", operator: "notContains", value: "maintenance", caseSensitive: true },
    ]);
  });

  it("maps port, dns and push rows", async () => {
    const result = convertKuma(await readKumaFile(await database()));
    expect(byKey(result, "kuma-5")).toMatchObject({
      type: "tcp",
      url: "tcp://[2001:db8::1]:22",
      paused: true,
    });
    expect(byKey(result, "kuma-6")).toMatchObject({
      type: "dns",
      url: "dns://9.9.9.9:5353/example.com?type=TXT",
    });
    expect(notesOf(result, "TXT via two resolvers")).toEqual([
      "Kuma asked 9.9.9.9, 1.1.1.1; Vigil asks the first, 9.9.9.9",
    ]);
    expect(byKey(result, "kuma-7")).toMatchObject({
      type: "heartbeat",
      intervalSeconds: 30,
      graceSeconds: 0,
      confirmations: 1,
      recoveries: 1,
      reminderMinutes: 5,
    });
    expect(byKey(result, "kuma-7")).not.toHaveProperty("url");
  });

  it("refuses a SQLite file without Kuma's monitor table", async () => {
    const bytes = await kumaDatabase({ monitors: [] });
    const { default: initSqlJs } = await import("sql.js");
    const { createRequire } = await import("node:module");
    const SQL = await initSqlJs({
      locateFile: () => createRequire(import.meta.url).resolve("sql.js/dist/sql-wasm.wasm"),
    });
    const db = new SQL.Database(bytes);
    db.run("DROP TABLE monitor_tag; DROP TABLE monitor_notification; DROP TABLE monitor");
    const withoutMonitors = db.export();
    db.close();
    await expect(readKumaFile(withoutMonitors)).rejects.toThrow(
      "not an Uptime Kuma database: it has no monitor table",
    );
  });
});
