import { beforeAll, describe, expect, it } from "vitest";
import type { BadInput } from "./helpers/bad-inputs.js";
import { signUp } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let token: string;
let ntfyId: string;
let webhookId: string;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
  ({ token } = await signUp(app));
  const create = async (body: unknown) =>
    (await app.request("POST", "/api/notification-channels", { token, body })).body.id as string;
  ntfyId = await create({ type: "ntfy", name: "n", config: { topic: "t" } });
  webhookId = await create({ type: "webhook", name: "w", config: { url: "https://a.io/hook" } });
});

const create = (body: unknown, message?: RegExp): Omit<BadInput, "name"> => ({
  method: "POST",
  path: "/api/notification-channels",
  call: { body },
  status: 400,
  code: "validation_error",
  ...(message ? { message } : {}),
});
const update = (path: () => string, body: unknown, message?: RegExp): Omit<BadInput, "name"> => ({
  ...create(body, message),
  method: "PUT",
  path,
});
const channel = (type: string, config: unknown) => ({ type, name: "x", config });
const ntfyPath = () => `/api/notification-channels/${ntfyId}`;
const webhookPath = () => `/api/notification-channels/${webhookId}`;
const botToken = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ";

const cases: BadInput[] = [
  { name: "no type", ...create({ name: "x", config: {} }, /type must be one of email, webhook/) },
  { name: "unknown type", ...create(channel("sms", {}), /type must be one of/) },
  { name: "no config", ...create({ type: "slack", name: "x" }, /config must be an object/) },
  {
    name: "config as string",
    ...create(channel("slack", "https://hooks.slack.com"), /config must be an object/),
  },
  { name: "unknown config field", ...create(channel("ntfy", { topic: "t", priority: 5 }), /priority/) },
  {
    name: "unknown top-level field",
    ...create({ ...channel("ntfy", { topic: "t" }), retries: 3 }, /retries/),
  },
  {
    name: "empty name",
    ...create({ ...channel("ntfy", { topic: "t" }), name: "  " }, /name must not be empty/),
  },
  { name: "enabled as string", ...create({ ...channel("ntfy", { topic: "t" }), enabled: "yes" }, /enabled/) },
  {
    name: "email not an address",
    ...create(channel("email", { to: "ops" }), /config.to.0: to must hold email/),
  },
  { name: "email empty list", ...create(channel("email", { to: [] }), /at least one address/) },
  {
    name: "email over 20 addresses",
    ...create(channel("email", { to: Array.from({ length: 21 }, (_, i) => `a${i}@b.io`) }), /at most 20/),
  },
  {
    name: "email with a header injection",
    ...create(channel("email", { to: "a@b.io\r\nBcc: c@d.io" }), /email/),
  },
  { name: "webhook without url", ...create(channel("webhook", {}), /url/) },
  {
    name: "webhook ftp url",
    ...create(channel("webhook", { url: "ftp://a.io" }), /http:\/\/ or https:\/\//),
  },
  { name: "webhook relative url", ...create(channel("webhook", { url: "/hook" }), /absolute/) },
  {
    name: "webhook short secret",
    ...create(channel("webhook", { url: "https://a.io", secret: "short" }), /at least 16/),
  },
  {
    name: "webhook reserved header",
    ...create(channel("webhook", { url: "https://a.io", headers: { "X-Vigil-Signature": "x" } }), /sets the/),
  },
  {
    name: "webhook header with a line break",
    ...create(channel("webhook", { url: "https://a.io", headers: { "X-A": "a\r\nX-B: b" } }), /line breaks/),
  },
  {
    name: "webhook header name with a space",
    ...create(channel("webhook", { url: "https://a.io", headers: { "Bad Name": "v" } }), /HTTP tokens/),
  },
  { name: "slack url not a url", ...create(channel("slack", { webhookUrl: "hooks" }), /webhookUrl must be/) },
  { name: "discord without url", ...create(channel("discord", {}), /webhookUrl/) },
  {
    name: "telegram bad token",
    ...create(channel("telegram", { botToken: "abc", chatId: "1" }), /BotFather/),
  },
  {
    name: "telegram bad chat id",
    ...create(channel("telegram", { botToken, chatId: "my chat" }), /chatId must be a chat id/),
  },
  { name: "ntfy topic with a slash", ...create(channel("ntfy", { topic: "a/b" }), /topic must be/) },
  { name: "pagerduty short key", ...create(channel("pagerduty", { routingKey: "abc" }), /32-character/) },
  {
    name: "masked value as a new secret",
    ...create(
      channel("ntfy", { topic: "t", token: "********" }),
      /config.token: \*{8} stands for a stored secret/,
    ),
  },
  {
    name: "masked token where none is stored",
    ...update(ntfyPath, { config: { topic: "t", token: "********" } }, /none is stored/),
  },
  { name: "update with no fields", ...update(ntfyPath, {}, /at least one field/) },
  { name: "update changing the type", ...update(ntfyPath, { type: "slack" }, /type/) },
  {
    name: "update with a config of another type",
    ...update(ntfyPath, { config: { webhookUrl: "https://a.io" } }),
  },
  {
    name: "update with a bad url",
    ...update(webhookPath, { config: { url: "gopher://a.io" } }, /config.url: url must be/),
  },
  {
    name: "channel id not a uuid",
    method: "GET",
    path: "/api/notification-channels/42",
    status: 400,
    code: "validation_error",
    message: /UUID/,
  },
  {
    name: "unknown channel",
    method: "POST",
    path: "/api/notification-channels/00000000-0000-7000-8000-000000000000/test",
    status: 404,
    code: "not_found",
  },
  {
    name: "outbox state unknown",
    method: "GET",
    path: "/api/notifications?state=lost",
    status: 400,
    code: "validation_error",
    message: /state must be one of pending, sent, dead/,
  },
  {
    name: "outbox forged cursor",
    method: "GET",
    path: `/api/notifications?cursor=${Buffer.from('{"t":"x"}').toString("base64url")}`,
    status: 400,
    code: "validation_error",
    message: /cursor/,
  },
  {
    name: "outbox limit 0",
    method: "GET",
    path: "/api/notifications?limit=0",
    status: 400,
    code: "validation_error",
  },
  {
    name: "channel list unknown parameter",
    method: "GET",
    path: "/api/notification-channels?type=slack",
    status: 400,
    code: "validation_error",
  },
];

describe("bad channel input gets a clear 4xx, never a 500", () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      const path = typeof c.path === "function" ? c.path() : c.path;
      const res = await app.request(c.method, path, { ...c.call, token });
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      expect(res.body.error.code).toBe(c.code);
      if (c.message) expect(res.body.error.message).toMatch(c.message);
    });
  }
});
