import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { insertResults } from "../src/results/result-repository.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { resultAt } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let handle: DatabaseHandle;
let admin: { token: string };

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east" });
  admin = await signUp(app);
});

describe("monitors", () => {
  it("creates a monitor with the documented defaults", async () => {
    const { token } = await signUp(app);
    const res = await app.request("POST", "/api/monitor", {
      token,
      body: { url: "https://status.example.org/health" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "status.example.org",
      type: "http",
      url: "https://status.example.org/health",
      method: "GET",
      headers: {},
      body: null,
      intervalSeconds: 180,
      timeoutMs: 10000,
      expectedStatus: "200-399",
      regions: ["eu-west", "us-east"],
      auth: null,
      followRedirects: true,
      maxRedirects: 5,
      ignoreTlsErrors: false,
      userAgent: null,
      assertions: [],
      graceSeconds: 60,
      confirmations: 2,
      quorum: 1,
      recoveries: 2,
      retryIntervalSeconds: 10,
      channelIds: null,
      reminderMinutes: null,
      tags: [],
      key: null,
      pingUrl: null,
      paused: false,
      status: "pending",
      lastCheckedAt: null,
      certificateExpiresAt: null,
      certificateDaysLeft: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await app.request("GET", `/api/monitor/${res.body.id}`, { token });
    expect(got.body).toEqual(res.body);
  });

  it("stores every field it is given, normalizing expectedStatus", async () => {
    const { token } = await signUp(app);
    const body = {
      url: "http://api.example.net:8080/v1/ping?x=1",
      name: "Ping API",
      method: "POST",
      headers: { "X-Api-Key": "abc", Accept: "application/json" },
      body: '{"ping":true}',
      intervalSeconds: 30,
      timeoutMs: 5000,
      expectedStatus: " 200 - 204 , 301",
      regions: ["us-east"],
      paused: true,
      followRedirects: false,
      maxRedirects: 2,
      ignoreTlsErrors: true,
      userAgent: "PingBot/1.0",
    };
    const res = await app.request("POST", "/api/monitor", { token, body });
    expect(res.status).toBe(201);
    // Credentials are write-only: the API key header and the body come back masked.
    expect(res.body).toMatchObject({
      ...body,
      headers: { "X-Api-Key": "********", Accept: "application/json" },
      body: "********",
      expectedStatus: "200-204,301",
      status: "paused",
    });
  });

  it("never returns credentials, and keeps them when the masked value is sent back", async () => {
    const { token } = await signUp(app);
    const monitor = await createMonitor(app, token, {
      headers: { Authorization: "Bearer real-secret", "X-Trace": "on" },
      auth: { type: "basic", username: "ada", password: "hunter22" },
      body: "password=hunter22",
    });
    expect(monitor).toMatchObject({
      headers: { Authorization: "********", "X-Trace": "on" },
      auth: { type: "basic", username: "ada", password: "********" },
      body: "********",
    });
    const listed = await app.request("GET", "/api/monitor", { token });
    expect(JSON.stringify(listed.body)).not.toMatch(/hunter22|real-secret/);

    // A client round-trips the monitor as it received it, changing only the name and the trace header.
    const roundTrip = await app.request("PUT", `/api/monitor/${monitor.id}`, {
      token,
      body: {
        name: "Renamed",
        headers: { ...(monitor.headers as object), "X-Trace": "off" },
        auth: monitor.auth,
        body: monitor.body,
      },
    });
    expect(roundTrip.status).toBe(200);
    const { rows } = await handle.db.execute<{
      headers: Record<string, string>;
      auth: { password: string };
      body: string;
    }>((await import("drizzle-orm")).sql`select headers, auth, body from monitors where id = ${monitor.id}`);
    expect(rows[0]).toMatchObject({
      headers: { Authorization: "Bearer real-secret", "X-Trace": "off" },
      auth: { password: "hunter22" },
      body: "password=hunter22",
    });
    // A new value replaces the secret.
    await app.request("PUT", `/api/monitor/${monitor.id}`, {
      token,
      body: { auth: { type: "bearer", token: "new-token" } },
    });
    const { rows: after } = await handle.db.execute<{ auth: unknown }>(
      (await import("drizzle-orm")).sql`select auth from monitors where id = ${monitor.id}`,
    );
    expect(after[0]?.auth).toEqual({ type: "bearer", token: "new-token" });
  });

  it("updates partially and keeps the other fields", async () => {
    const { token } = await signUp(app);
    const monitor = await createMonitor(app, token, { name: "Before", intervalSeconds: 60 });
    const res = await app.request("PUT", `/api/monitor/${monitor.id}`, {
      token,
      body: { name: "After", paused: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "After",
      paused: true,
      status: "paused",
      intervalSeconds: 60,
      url: monitor.url,
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(monitor.updatedAt as string));

    const resumed = await app.request("PUT", `/api/monitor/${monitor.id}`, {
      token,
      body: { paused: false },
    });
    expect(resumed.body.status).toBe("pending");
    const cleared = await app.request("PUT", `/api/monitor/${monitor.id}`, {
      token,
      body: { body: null, regions: ["eu-west"] },
    });
    expect(cleared.body).toMatchObject({ body: null, regions: ["eu-west"] });
  });

  it("checks the timeout against the interval using the merged values on update", async () => {
    const { token } = await signUp(app);
    const monitor = await createMonitor(app, token, { intervalSeconds: 60, timeoutMs: 45000 });
    const res = await app.request("PUT", `/api/monitor/${monitor.id}`, {
      token,
      body: { intervalSeconds: 30 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.message).toMatch(/timeoutMs/);
  });

  it("deletes a monitor and its results", async () => {
    const { token } = await signUp(app);
    const monitor = await createMonitor(app, token);
    const at = new Date();
    await insertResults(handle.db, [
      resultAt(monitor.id, at, {
        region: "eu-west",
      }),
    ]);
    const latest = await app.request("GET", `/api/results/${monitor.id}/latest`, { token });
    expect(latest.body.items, JSON.stringify(latest.body)).toHaveLength(1);

    expect((await app.request("DELETE", `/api/monitor/${monitor.id}`, { token })).status).toBe(204);
    expect((await app.request("GET", `/api/monitor/${monitor.id}`, { token })).status).toBe(404);
    expect((await app.request("DELETE", `/api/monitor/${monitor.id}`, { token })).status).toBe(404);
    const { rows } = await handle.db.execute<{ n: number }>(
      // Straight to the table: the API can no longer reach results of a deleted monitor.
      (await import("drizzle-orm"))
        .sql`select count(*)::int as n from check_results where monitor_id = ${monitor.id}`,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it("lists the caller's monitors in creation order with keyset pages", async () => {
    const { token } = await signUp(app);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createMonitor(app, token, { name: `m${i}` })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const res = await app.request("GET", `/api/monitor${query}`, { token });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((m: { id: string }) => m.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created);

    const all = await app.request("GET", "/api/monitor", { token });
    expect(all.body.items).toHaveLength(5);
    expect(all.body.nextCursor).toBeNull();
  });

  it("reflects the newest result in status and lastCheckedAt", async () => {
    const { token } = await signUp(app);
    const monitor = await createMonitor(app, token, { confirmations: 1 });
    const t0 = new Date(Date.now() - 60_000);
    const t1 = new Date(Date.now() - 30_000);
    await insertResults(handle.db, [
      resultAt(monitor.id, t1, {
        region: "eu-west",
        status: "down",
        statusCode: 503,
        responseTimeMs: 80,
        error: "HTTP 503",
      }),
    ]);
    // An older result arriving late does not move the status backwards.
    await insertResults(handle.db, [
      resultAt(monitor.id, t0, {
        region: "us-east",
        status: "up",
        statusCode: 200,
        responseTimeMs: 20,
        error: null,
      }),
    ]);
    const res = await app.request("GET", `/api/monitor/${monitor.id}`, { token });
    expect(res.body).toMatchObject({ status: "down", lastCheckedAt: t1.toISOString() });
  });

  it("creates dns monitors from RFC 4501 urls, named after the query", async () => {
    const { token } = await signUp(app);
    const viaSystem = await createMonitor(app, token, {
      type: "dns",
      url: "dns:example.org?type=MX",
      assertions: [{ type: "dns", operator: "contains", values: ["10 mx.example.org"] }],
    });
    expect(viaSystem).toMatchObject({ type: "dns", name: "example.org MX", url: "dns:example.org?type=MX" });
    const viaResolver = await createMonitor(app, token, { type: "dns", url: "dns://9.9.9.9/example.org" });
    expect(viaResolver).toMatchObject({ name: "example.org A", pingUrl: null });
  });

  it("rejects a region that does not exist", async () => {
    const res = await app.request("POST", "/api/monitor", {
      token: admin.token,
      body: { url: "https://example.com", regions: ["mars-1"] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/mars-1/);
  });

  it("shows when the certificate the regions saw expires, the earliest of them", async () => {
    const { token } = await signUp(app);
    const monitor = await createMonitor(app, token);
    const at = new Date();
    const cert = (days: number) => ({
      issuer: "CN=Test CA",
      subject: "CN=example.com",
      validFrom: 0,
      validTo: Date.now() + days * 86_400_000,
    });
    await insertResults(handle.db, [
      resultAt(monitor.id, at, {
        region: "eu-west",
        certificate: cert(30.5),
      }),
      resultAt(monitor.id, at, {
        region: "us-east",
        certificate: cert(10.5),
      }),
    ]);
    const res = await app.request("GET", `/api/monitor/${monitor.id}`, { token });
    expect(res.body.certificateDaysLeft).toBe(10);
    const latest = await app.request("GET", `/api/results/${monitor.id}/latest`, { token });
    expect(latest.body.items[0].certificate).toMatchObject({
      issuer: "CN=Test CA",
      subject: "CN=example.com",
    });
  });
});
