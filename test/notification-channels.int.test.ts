import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { enqueueNotifications } from "../src/notifications/outbox.js";
import { createSecretBox } from "../src/notifications/secret-box.js";
import { signUp } from "./helpers/factories.js";
import { startTestApp, type TestApp, testEncryptionKey } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
});

const slackUrl = "https://hooks.slack.com/services/T000/B000/slack-secret-part";
const botToken = "123456789:AAH-telegram-secret-token-value";
const routingKey = "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12";

async function createChannel(token: string, body: Record<string, unknown>) {
  const res = await app.request("POST", "/api/notification-channels", { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; config: Record<string, unknown> } & Record<string, unknown>;
}

async function storedColumns(id: string) {
  const { rows } = await handle.db.execute<{ settings: Record<string, unknown>; secrets: string | null }>(
    sql`select settings, secrets from notification_channels where id = ${id}`,
  );
  const row = rows[0];
  if (!row) throw new Error(`no channel ${id}`);
  return row;
}

describe("notification channels", () => {
  it("creates each type with its defaults and shows secrets only as ********", async () => {
    const { token } = await signUp(app);
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ type: "email", config: { to: "ops@example.com" } }, { to: ["ops@example.com"] }],
      [
        { type: "webhook", config: { url: "https://hooks.example.com/vigil", secret: "s".repeat(32) } },
        { url: "https://hooks.example.com/vigil", secret: "********" },
      ],
      [{ type: "slack", config: { webhookUrl: slackUrl } }, { webhookUrl: "********" }],
      [
        { type: "discord", config: { webhookUrl: "https://discord.com/api/webhooks/1/x" } },
        { webhookUrl: "********" },
      ],
      [
        { type: "telegram", config: { botToken, chatId: -1001234 } },
        { botToken: "********", chatId: "-1001234", apiBaseUrl: "https://api.telegram.org" },
      ],
      [
        { type: "ntfy", config: { topic: "vigil-alerts" } },
        { topic: "vigil-alerts", serverUrl: "https://ntfy.sh" },
      ],
      [
        { type: "pagerduty", config: { routingKey } },
        { routingKey: "********", eventsUrl: "https://events.pagerduty.com/v2/enqueue" },
      ],
    ];
    for (const [body, config] of cases) {
      const created = await createChannel(token, { name: `My ${body.type}`, ...body });
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: `My ${body.type}`,
        type: body.type,
        enabled: true,
        config,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const got = await app.request("GET", `/api/notification-channels/${created.id}`, { token });
      expect(got.body).toEqual(created);
    }
  });

  it("never returns a secret and never stores one in plain text", async () => {
    const { token } = await signUp(app);
    const webhook = await createChannel(token, {
      type: "webhook",
      name: "Signed",
      config: {
        url: "https://hooks.example.com/in",
        secret: "webhook-signing-secret-1",
        headers: { Authorization: "Bearer header-secret-2", "X-Env": "prod" },
      },
    });
    const telegram = await createChannel(token, {
      type: "telegram",
      name: "TG",
      config: { botToken, chatId: 42 },
    });
    expect(webhook.config.headers).toEqual({ Authorization: "********", "X-Env": "prod" });

    const secrets = ["webhook-signing-secret-1", "header-secret-2", botToken];
    const listed = await app.request("GET", "/api/notification-channels", { token });
    const updated = await app.request("PUT", `/api/notification-channels/${telegram.id}`, {
      token,
      body: { name: "Renamed" },
    });
    for (const body of [webhook, telegram, listed.body, updated.body]) {
      for (const secret of secrets) expect(JSON.stringify(body)).not.toContain(secret);
    }
    for (const id of [webhook.id, telegram.id]) {
      const stored = await storedColumns(id);
      expect(stored.secrets).toMatch(/^v1:/);
      for (const secret of secrets) expect(JSON.stringify(stored)).not.toContain(secret);
    }
    expect((await storedColumns(webhook.id)).settings).toEqual({ url: "https://hooks.example.com/in" });
  });

  it("keeps stored secrets when the masked config is sent back, and replaces them when new ones are sent", async () => {
    const { token } = await signUp(app);
    const channel = await createChannel(token, {
      type: "webhook",
      name: "Hook",
      config: {
        url: "https://a.example.com/hook",
        secret: "original-secret-123",
        headers: { "X-Api-Key": "k-1" },
      },
    });
    const box = createSecretBox(testEncryptionKey);
    const secretsOf = async () => JSON.parse(box.open((await storedColumns(channel.id)).secrets ?? ""));

    // A client round-trips what it received, changing only the URL.
    const roundTrip = await app.request("PUT", `/api/notification-channels/${channel.id}`, {
      token,
      body: { config: { ...channel.config, url: "https://b.example.com/hook" } },
    });
    expect(roundTrip.status, JSON.stringify(roundTrip.body)).toBe(200);
    expect(roundTrip.body.config).toEqual({
      url: "https://b.example.com/hook",
      secret: "********",
      headers: { "X-Api-Key": "********" },
    });
    expect(await secretsOf()).toEqual({ secret: "original-secret-123", headers: { "X-Api-Key": "k-1" } });

    await app.request("PUT", `/api/notification-channels/${channel.id}`, {
      token,
      body: { config: { url: "https://b.example.com/hook", secret: "replacement-secret-4" } },
    });
    // The config is replaced whole: leaving the headers out removed them.
    expect(await secretsOf()).toEqual({ secret: "replacement-secret-4" });
  });

  it("stays usable when its secrets cannot be read (ENCRYPTION_KEY changed): fixed by entering them again", async () => {
    const { token } = await signUp(app);
    const channel = await createChannel(token, {
      type: "slack",
      name: "Lost key",
      config: { webhookUrl: slackUrl },
    });
    const foreign = createSecretBox("another-key-another-key-another-key").seal(
      JSON.stringify({ webhookUrl: slackUrl }),
    );
    await handle.db.execute(
      sql`update notification_channels set secrets = ${foreign} where id = ${channel.id}`,
    );

    const got = await app.request("GET", `/api/notification-channels/${channel.id}`, { token });
    expect(got.status).toBe(200);
    expect(got.body.config).toEqual({});
    expect((await app.request("GET", "/api/notification-channels", { token })).status).toBe(200);
    const test = await app.request("POST", `/api/notification-channels/${channel.id}/test`, { token });
    expect(test.status).toBe(502);
    expect(test.body.error.message).toMatch(/ENCRYPTION_KEY changed/);

    const masked = await app.request("PUT", `/api/notification-channels/${channel.id}`, {
      token,
      body: { config: { webhookUrl: "********" } },
    });
    expect(masked.status).toBe(400);
    const fixed = await app.request("PUT", `/api/notification-channels/${channel.id}`, {
      token,
      body: { config: { webhookUrl: `${slackUrl}-new` } },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.config).toEqual({ webhookUrl: "********" });
  });

  it("updates name and enabled alone, keeping the config", async () => {
    const { token } = await signUp(app);
    const channel = await createChannel(token, { type: "ntfy", name: "Before", config: { topic: "t1" } });
    const res = await app.request("PUT", `/api/notification-channels/${channel.id}`, {
      token,
      body: { name: "After", enabled: false },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "After", enabled: false, config: channel.config });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(channel.updatedAt as string));
  });

  it("lists the caller's channels in creation order with keyset pages", async () => {
    const { token } = await signUp(app);
    const ids: string[] = [];
    for (const topic of ["a1", "a2", "a3"])
      ids.push((await createChannel(token, { type: "ntfy", name: topic, config: { topic } })).id);
    const first = await app.request("GET", "/api/notification-channels?limit=2", { token });
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
    const second = await app.request(
      "GET",
      `/api/notification-channels?limit=2&cursor=${first.body.nextCursor}`,
      {
        token,
      },
    );
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
  });

  it("deletes a channel together with its outbox rows", async () => {
    const { token, user } = await signUp(app);
    const channel = await createChannel(token, { type: "ntfy", name: "Gone", config: { topic: "gone" } });
    await enqueueNotifications(handle.db, {
      userId: user.id,
      channelIds: [channel.id],
      incidentId: null,
      idempotencyKey: `delete-test:${channel.id}`,
      message: {
        event: "test",
        title: "t",
        text: "t",
        occurredAt: new Date().toISOString(),
        monitor: null,
        incident: null,
      },
    });
    expect((await app.request("DELETE", `/api/notification-channels/${channel.id}`, { token })).status).toBe(
      204,
    );
    expect((await app.request("GET", `/api/notification-channels/${channel.id}`, { token })).status).toBe(
      404,
    );
    expect((await app.request("DELETE", `/api/notification-channels/${channel.id}`, { token })).status).toBe(
      404,
    );
    const { rows } = await handle.db.execute<{ n: number }>(
      sql`select count(*)::int as n from notifications where channel_id = ${channel.id}`,
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe("the SSRF guard on channel URLs", () => {
  it("refuses private and internal addresses when the guard is on", async () => {
    const guarded = await startTestApp(handle, { ALLOW_PRIVATE_TARGETS: "false" }, { createRegions: false });
    const { token } = await signUp(guarded);
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ type: "webhook", config: { url: "http://127.0.0.1:8080/hook" } }, /config\.url: .*loopback/],
      [
        { type: "slack", config: { webhookUrl: "http://169.254.169.254/latest" } },
        /config\.webhookUrl: .*link-local/,
      ],
      [
        { type: "ntfy", config: { serverUrl: "http://localhost:2586", topic: "t" } },
        /config\.serverUrl: .*loopback/,
      ],
      [
        { type: "telegram", config: { botToken, chatId: "1", apiBaseUrl: "http://10.0.0.5" } },
        /config\.apiBaseUrl: .*private/,
      ],
      [
        { type: "pagerduty", config: { routingKey, eventsUrl: "http://[::1]/v2" } },
        /config\.eventsUrl: .*loopback/,
      ],
    ];
    for (const [body, message] of refused) {
      const res = await guarded.request("POST", "/api/notification-channels", {
        token,
        body: { name: "x", ...body },
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({
        code: "validation_error",
        message: expect.stringMatching(message),
      });
    }
    const allowed = await guarded.request("POST", "/api/notification-channels", {
      token,
      body: { name: "ok", type: "webhook", config: { url: "https://hooks.example.com/x" } },
    });
    expect(allowed.status).toBe(201);
    const moved = await guarded.request("PUT", `/api/notification-channels/${allowed.body.id}`, {
      token,
      body: { config: { url: "http://192.168.1.10/hook" } },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toMatch(/config\.url: .*private/);
  });
});
