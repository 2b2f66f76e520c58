import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { TestApp } from "./test-app.js";

/** A monitors-as-code document using every monitor type, every assertion type and most fields. */
export const fullDocument = (tag?: string) => ({
  version: 1,
  ...(tag ? { tag } : {}),
  monitors: [
    {
      key: "api",
      name: "API",
      url: "https://api.example.com/health",
      method: "POST",
      headers: { "X-Trace": "on" },
      intervalSeconds: 60,
      timeoutMs: 5000,
      expectedStatus: "200-299,301",
      regions: ["eu-west"],
      followRedirects: false,
      maxRedirects: 2,
      ignoreTlsErrors: true,
      userAgent: "Bot/1.0",
      confirmations: 3,
      recoveries: 1,
      retryIntervalSeconds: 20,
      reminderMinutes: 30,
      tags: ["team/api"],
      channels: ["Ops"],
      assertions: [
        { type: "status", ranges: "200-299" },
        { type: "responseTime", lessThanMs: 500, degraded: true },
        { type: "body", operator: "contains", value: "ok" },
        { type: "jsonPath", path: "data.status", operator: "equals", value: "up" },
        { type: "header", name: "content-type", operator: "contains", value: "json" },
        { type: "certificate", minDaysValid: 14 },
      ],
    },
    { key: "db", type: "tcp", url: "tcp://db.example.com:5432", timeoutMs: 2000, quorum: 2 },
    {
      key: "mail/dns",
      type: "dns",
      url: "dns:example.com?type=MX",
      assertions: [{ type: "dns", operator: "contains", values: ["10 mx.example.com"] }],
    },
    {
      key: "backup",
      type: "heartbeat",
      name: "Nightly backup",
      intervalSeconds: 86_400,
      graceSeconds: 600,
      paused: true,
      channels: [],
    },
  ],
});

export type Raw = { status: number; text: string; headers: Headers; json: any };

/** A request with a raw body and content type, answered as text (exports are YAML or JSON text). */
export async function raw(
  app: TestApp,
  method: string,
  path: string,
  { token, body, contentType }: { token?: string; body?: string; contentType?: string } = {},
): Promise<Raw> {
  const res = await fetch(app.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(contentType ? { "content-type": contentType } : {}),
    },
    body,
  });
  const text = await res.text();
  let json: unknown = null;
  if (res.headers.get("content-type")?.includes("json")) json = JSON.parse(text);
  return { status: res.status, text, headers: res.headers, json };
}

export async function apply(app: TestApp, token: string, document: unknown, query = "") {
  const res = await app.request("POST", `/api/monitor/apply${query}`, { token, body: document });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    plan: {
      create: string[];
      update: { key: string; changes: string[] }[];
      delete: string[];
      unchanged: string[];
    };
    applied: boolean;
  };
}

export async function createChannel(app: TestApp, token: string, name: string): Promise<string> {
  const res = await app.request("POST", "/api/notification-channels", {
    token,
    body: { name, type: "webhook", config: { url: "https://hooks.example.com/x" } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export async function createPage(app: TestApp, token: string, sections: string[] = []) {
  const res = await app.request("POST", "/api/status-pages", {
    token,
    body: {
      slug: `page-${randomBytes(4).toString("hex")}`,
      title: "Acme",
      sections: sections.map((name) => ({ name, monitorIds: [] })),
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; slug: string };
}
