import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/client.js";
import { createMonitor, signUp, type TestUser } from "../helpers/factories.js";
import { result, seed } from "../helpers/seed-results.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";
import { parseXml } from "./markup.js";
import { getText } from "./public-http.js";

let handle: DatabaseHandle;
let app: TestApp;
let owner: TestUser;
let shown: string;
let hidden: string;
let onDraftOnly: string;
let pageId: string;

const svgText = (svg: string) => [...parseXml(svg).querySelectorAll("text")].map((t) => t.textContent);

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
  owner = await signUp(app);
  [shown, hidden, onDraftOnly] = (await Promise.all(
    ["Shown", "Hidden", "Draft"].map(async (name) => (await createMonitor(app, owner.token, { name })).id),
  )) as [string, string, string];
  const page = async (body: Record<string, unknown>) => {
    const res = await app.request("POST", "/api/status-pages", {
      token: owner.token,
      body: { slug: `badges-${randomUUID().slice(0, 8)}`, title: "Badges", ...body },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  pageId = await page({ sections: [{ name: "S", monitorIds: [shown] }] });
  await page({ published: false, sections: [{ name: "S", monitorIds: [onDraftOnly] }] });
  // One down, then three up in the last hour: 75 % uptime; response times 100, 200, 300 (the down one has none).
  await seed(handle, [
    result(shown, 40 * 60_000, {
      region: "local",
      status: "down",
      statusCode: null,
      responseTimeMs: null,
      error: "secret failure",
    }),
    result(shown, 30 * 60_000, { region: "local", responseTimeMs: 100 }),
    result(shown, 20 * 60_000, { region: "local", responseTimeMs: 200 }),
    result(shown, 10 * 60_000, { region: "local", responseTimeMs: 300 }),
  ]);
});

describe("SVG badges", () => {
  it("draws a monitor on a published page, cacheable for a minute", async () => {
    const res = await getText(app, `/badge/${shown}/status.svg`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=60");
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(svgText(res.body)).toEqual(["status", "status", "up", "up"]);
    expect(res.body).not.toContain("secret failure");
  });

  it("reports uptime and response time over the asked days, naming the statistic", async () => {
    const uptime = await getText(app, `/badge/${shown}/uptime.svg`);
    expect(svgText(uptime.body)).toEqual(["uptime 30d", "uptime 30d", "75%", "75%"]);
    const week = await getText(app, `/badge/${shown}/uptime.svg?days=7`);
    expect(svgText(week.body)[0]).toBe("uptime 7d");
    const mean = await getText(app, `/badge/${shown}/response-time.svg?stat=mean`);
    expect(svgText(mean.body)).toEqual(["mean response 1d", "mean response 1d", "200 ms", "200 ms"]);
    const p95 = await getText(app, `/badge/${shown}/response-time.svg?days=2`);
    expect(svgText(p95.body)[0]).toBe("p95 response 2d");
    expect(svgText(p95.body)[2]).toMatch(/^(29\d|30\d) ms$/);
  });

  it("escapes a label override", async () => {
    const label = `<script>alert("x")</script>&'`;
    const res = await getText(app, `/badge/${shown}/status.svg?label=${encodeURIComponent(label)}`);
    expect(res.status).toBe(200);
    const svg = parseXml(res.body);
    expect(svg.querySelectorAll("script")).toHaveLength(0);
    expect(svgText(res.body)[0]).toBe(label);
    expect(svg.querySelector("title")?.textContent).toBe(`${label}: up`);
    expect(res.body).not.toContain("<script>");
  });

  it("is the same 404 for a monitor on no published page and for a missing one", async () => {
    const responses = await Promise.all(
      [hidden, onDraftOnly, randomUUID()].map((id) => app.request("GET", `/badge/${id}/status.svg`)),
    );
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: "not_found", message: "Badge not found" } });
    }
    for (const kind of ["uptime", "response-time"]) {
      expect((await app.request("GET", `/badge/${hidden}/${kind}.svg`)).status).toBe(404);
    }
  });

  it("stops drawing a monitor once it leaves its page", async () => {
    const res = await app.request("PUT", `/api/status-pages/${pageId}`, {
      token: owner.token,
      body: { sections: [{ name: "S", monitorIds: [] }] },
    });
    expect(res.status).toBe(200);
    expect((await app.request("GET", `/badge/${shown}/status.svg`)).status).toBe(404);
    await app.request("PUT", `/api/status-pages/${pageId}`, {
      token: owner.token,
      body: { sections: [{ name: "S", monitorIds: [shown] }] },
    });
    expect((await getText(app, `/badge/${shown}/status.svg`)).status).toBe(200);
  });

  it("refuses bad input with a 400", async () => {
    for (const [path, message] of [
      [`/badge/${shown}/uptime.svg?days=0`, /days must be at least 1/],
      [`/badge/${shown}/uptime.svg?days=91`, /days must be at most 90/],
      [`/badge/${shown}/uptime.svg?days=week`, /days must be a number/],
      [`/badge/${shown}/response-time.svg?stat=max`, /stat must be mean or p95/],
      [`/badge/${shown}/status.svg?label=`, /label must not be empty/],
      [`/badge/${shown}/status.svg?colour=red`, /colour/],
      ["/badge/not-a-uuid/status.svg", /monitorId must be a UUID/],
    ] as const) {
      const res = await app.request("GET", path);
      expect(res.status, path).toBe(400);
      expect(res.body.error).toMatchObject({
        code: "validation_error",
        message: expect.stringMatching(message),
      });
    }
  });
});
