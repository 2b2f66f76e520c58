import { afterAll, describe, expect, it } from "vitest";
import { startReceiver } from "../../test/helpers/notification-receiver.js";
import { type ChannelSender, createChannelSender } from "./channel-sender.js";
import type { ChannelTarget } from "./channel-types.js";
import type { Delivery } from "./senders/delivery.js";

const delivery: Delivery = {
  id: "0190a000-0000-7000-8000-000000000001",
  idempotencyKey: "incident:1:down:channel",
  message: {
    event: "down",
    title: "api.example.com is DOWN",
    text: "HTTP 500 from eu-west",
    occurredAt: "2025-01-01T12:00:00.000Z",
    monitor: null,
    incident: null,
  },
};

const senders: ChannelSender[] = [];
function sender(options: Partial<Parameters<typeof createChannelSender>[0]> = {}): ChannelSender {
  const created = createChannelSender({
    targets: { allowPrivateTargets: true },
    smtp: undefined,
    ...options,
  });
  senders.push(created);
  return created;
}
afterAll(() => Promise.all(senders.map((s) => s.close())));

const webhook = (url: string): ChannelTarget => ({
  id: "c1",
  name: "Hook",
  type: "webhook",
  config: { url },
});

describe("channel sender", () => {
  it("refuses a private address when it connects, with the SSRF guard on", async () => {
    const receiver = await startReceiver();
    const guarded = sender({ targets: {} });
    await expect(guarded.send(webhook(`${receiver.url}/hook`), delivery)).rejects.toThrow(
      /127\.0\.0\.1 is loopback/,
    );
    // A name is judged by the addresses it resolves to, not by how it is spelled.
    const port = new URL(receiver.url).port;
    await expect(guarded.send(webhook(`http://localhost:${port}/hook`), delivery)).rejects.toThrow(
      /is loopback/,
    );
    expect(receiver.requests).toHaveLength(0);
  });

  it("treats a redirect as a failure instead of following it", async () => {
    const target = await startReceiver();
    const redirecting = await startReceiver(() => ({ status: 307, body: `go to ${target.url}` }));
    await expect(sender().send(webhook(redirecting.url), delivery)).rejects.toThrow(/^HTTP 307: go to/);
    expect(target.requests).toHaveLength(0);
  });

  it("fails a receiver that does not answer within the timeout", async () => {
    const hanging = await startReceiver(() => "hold");
    await expect(sender({ timeoutMs: 200 }).send(webhook(hanging.url), delivery)).rejects.toThrow(
      "No answer within 0.2 s",
    );
  });

  it("reports the status and the start of the answer on one line", async () => {
    const failing = await startReceiver(() => ({ status: 500, body: `database\n  down ${"x".repeat(500)}` }));
    const error = await sender()
      .send(webhook(failing.url), delivery)
      .catch((err: Error) => err);
    expect((error as Error).message).toMatch(/^HTTP 500: database down x+…$/);
    expect((error as Error).message.length).toBeLessThan(220);
  });

  it("never puts a secret into an error message, even when the receiver echoes it", async () => {
    const echoing = await startReceiver((request) => ({
      status: 401,
      body: `Unauthorized: ${request.path}`,
    }));
    const botToken = "123456:AAE-very-secret-token-value";
    const channel: ChannelTarget = {
      id: "c2",
      name: "Telegram",
      type: "telegram",
      config: { botToken, chatId: "42", apiBaseUrl: echoing.url },
    };
    const error = await sender()
      .send(channel, delivery)
      .catch((err: Error) => err);
    expect((error as Error).message).toBe("HTTP 401: Unauthorized: /bot********/sendMessage");
    expect(echoing.requests[0]?.path).toBe(`/bot${botToken}/sendMessage`);
  });

  it("fails an email channel clearly when SMTP is not configured", async () => {
    const channel: ChannelTarget = {
      id: "c3",
      name: "Mail",
      type: "email",
      config: { to: ["ops@example.com"] },
    };
    await expect(sender().send(channel, delivery)).rejects.toThrow("SMTP is not configured (set SMTP_HOST)");
  });
});
