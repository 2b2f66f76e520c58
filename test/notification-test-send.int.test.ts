import { createHmac, timingSafeEqual } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { signUp } from "./helpers/factories.js";
import { type ReceivedRequest, type Receiver, startReceiver } from "./helpers/notification-receiver.js";
import { type SmtpSink, startSmtpSink } from "./helpers/smtp-sink.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

// POST /api/notification-channels/:id/test, through the real senders, to real local receivers and SMTP server.

let handle: DatabaseHandle;
let app: TestApp;
let token: string;
let receiver: Receiver;
let smtp: SmtpSink;

beforeAll(async () => {
  handle = await useTestDatabase();
  smtp = await startSmtpSink();
  app = await startTestApp(handle, {
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: "Vigil Alerts <alerts@vigil.test>",
  });
  receiver = await startReceiver((request) =>
    request.path.startsWith("/fail")
      ? { status: 500, body: "receiver exploded" }
      : { status: 202, body: "{}" },
  );
  ({ token } = await signUp(app));
});

/** Creates a channel, tests it, and returns the requests the receiver got for it. */
async function sendTest(body: Record<string, unknown>): Promise<ReceivedRequest[]> {
  const created = await app.request("POST", "/api/notification-channels", { token, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const before = receiver.requests.length;
  const res = await app.request("POST", `/api/notification-channels/${created.body.id}/test`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toEqual({ ok: true });
  return receiver.requests.slice(before);
}

/** What a receiver does: recompute the HMAC over "<timestamp>.<raw body>" and compare in constant time. */
function signatureIsValid(request: ReceivedRequest, secret: string): boolean {
  const timestamp = String(request.headers["x-vigil-timestamp"]);
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${request.rawBody}`).digest("hex")}`;
  const given = String(request.headers["x-vigil-signature"]);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe("testing a channel sends a real message", () => {
  it("webhook: the documented JSON body and headers, signed with the channel's secret", async () => {
    const secret = "whsec-0123456789abcdef";
    const [request, ...more] = await sendTest({
      type: "webhook",
      name: "Hook",
      config: { url: `${receiver.url}/hooks/vigil`, secret, headers: { "X-Env": "prod" } },
    });
    expect(more).toHaveLength(0);
    if (!request) throw new Error("no webhook request");
    expect(request).toMatchObject({ method: "POST", path: "/hooks/vigil" });
    const delivery = String(request.headers["x-vigil-delivery"]);
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "x-vigil-event": "test",
      "idempotency-key": `test:${delivery}`,
      "x-env": "prod",
    });
    expect(request.json()).toEqual({
      id: delivery,
      event: "test",
      occurredAt: expect.any(String),
      title: "Test notification from Vigil: Hook",
      text: expect.stringContaining('webhook channel "Hook"'),
      monitor: null,
      incident: null,
    });
    const timestamp = Number(request.headers["x-vigil-timestamp"]);
    expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(60);
    expect(signatureIsValid(request, secret)).toBe(true);
    expect(signatureIsValid(request, "another-secret-entirely")).toBe(false);
    // A body changed on the way no longer matches its signature.
    expect(signatureIsValid({ ...request, rawBody: request.rawBody.replace("Hook", "Hack") }, secret)).toBe(
      false,
    );
  });

  it("webhook without a secret: unsigned", async () => {
    const [request] = await sendTest({
      type: "webhook",
      name: "Plain",
      config: { url: `${receiver.url}/plain` },
    });
    expect(request?.headers["x-vigil-signature"]).toBeUndefined();
    expect(request?.headers["x-vigil-timestamp"]).toMatch(/^\d+$/);
  });

  it("slack: text and a section block carrying the title", async () => {
    const [request] = await sendTest({
      type: "slack",
      name: "Ops <Slack>",
      config: { webhookUrl: `${receiver.url}/slack` },
    });
    const body = request?.json();
    expect(body.text).toBe("Test notification from Vigil: Ops <Slack>");
    expect(body.blocks[0].text).toMatchObject({
      type: "mrkdwn",
      text: expect.stringContaining("*Test notification from Vigil: Ops &lt;Slack&gt;*"),
    });
  });

  it("discord: content and an embed, with mentions disabled", async () => {
    const [request] = await sendTest({
      type: "discord",
      name: "Disc",
      config: { webhookUrl: `${receiver.url}/discord` },
    });
    expect(request?.json()).toMatchObject({
      content: "Test notification from Vigil: Disc",
      embeds: [
        { title: "Test notification from Vigil: Disc", description: expect.stringContaining("discord") },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it("telegram: sendMessage for the bot, to the chat", async () => {
    const botToken = "987654321:AAF-telegram-test-token-abc";
    const [request] = await sendTest({
      type: "telegram",
      name: "TG",
      config: { botToken, chatId: -100555, apiBaseUrl: `${receiver.url}/tg/` },
    });
    expect(request?.path).toBe(`/tg/bot${botToken}/sendMessage`);
    expect(request?.json()).toMatchObject({
      chat_id: "-100555",
      text: expect.stringMatching(/^Test notification/),
    });
  });

  it("ntfy: the text to server/topic with Title, Priority, Tags and the bearer token", async () => {
    const [request] = await sendTest({
      type: "ntfy",
      name: "Phone ✓",
      config: { serverUrl: `${receiver.url}/ntfy`, topic: "vigil-alerts", token: "tk_ntfy_secret" },
    });
    expect(request?.path).toBe("/ntfy/vigil-alerts");
    expect(request?.rawBody).toMatch(/ntfy channel "Phone ✓"/);
    const title = String(request?.headers.title);
    // Not ASCII, so RFC 2047-encoded; ntfy decodes it.
    expect(Buffer.from(title.replace(/^=\?UTF-8\?B\?|\?=$/g, ""), "base64").toString()).toBe(
      "Test notification from Vigil: Phone ✓",
    );
    expect(request?.headers).toMatchObject({
      priority: "3",
      tags: "test_tube",
      authorization: "Bearer tk_ntfy_secret",
    });
  });

  it("pagerduty: a trigger with routing and dedup keys, then its resolve", async () => {
    const routingKey = "PDKEY0123456789PDKEY0123456789AB";
    const [trigger, resolve] = await sendTest({
      type: "pagerduty",
      name: "PD",
      config: { routingKey, eventsUrl: `${receiver.url}/v2/enqueue` },
    });
    expect(trigger?.json()).toMatchObject({
      routing_key: routingKey,
      event_action: "trigger",
      dedup_key: expect.stringMatching(/^test:/),
      payload: { summary: "Test notification from Vigil: PD", severity: "info", source: "vigil" },
    });
    expect(resolve?.json()).toEqual({
      routing_key: routingKey,
      event_action: "resolve",
      dedup_key: trigger?.json().dedup_key,
    });
  });

  it("email: one message to every address through the configured SMTP server", async () => {
    const created = await app.request("POST", "/api/notification-channels", {
      token,
      body: { type: "email", name: "On-call", config: { to: ["a@example.com", "b@example.com"] } },
    });
    const res = await app.request("POST", `/api/notification-channels/${created.body.id}/test`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({
      from: "alerts@vigil.test",
      to: ["a@example.com", "b@example.com"],
      subject: "Test notification from Vigil: On-call",
    });
    expect(smtp.mails[0]?.raw).toMatch(/email channel "On-call"/);
  });
});

describe("a failed test says why", () => {
  it("answers 502 delivery_failed with the receiver's status and answer", async () => {
    const created = await app.request("POST", "/api/notification-channels", {
      token,
      body: { type: "slack", name: "Broken", config: { webhookUrl: `${receiver.url}/fail/slack` } },
    });
    const res = await app.request("POST", `/api/notification-channels/${created.body.id}/test`, { token });
    expect(res.status).toBe(502);
    expect(res.body.error).toEqual({
      code: "delivery_failed",
      message: "Delivery failed: HTTP 500: receiver exploded",
    });
  });

  it("answers 502 when SMTP is not configured", async () => {
    const bare = await startTestApp(handle, {}, { createRegions: false });
    const { token: bareToken } = await signUp(bare);
    const created = await bare.request("POST", "/api/notification-channels", {
      token: bareToken,
      body: { type: "email", name: "Mail", config: { to: "ops@example.com" } },
    });
    const res = await bare.request("POST", `/api/notification-channels/${created.body.id}/test`, {
      token: bareToken,
    });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toBe("Delivery failed: SMTP is not configured (set SMTP_HOST)");
  });
});
