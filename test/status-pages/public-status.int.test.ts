import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/client.js";
import { createMonitor, signUp, type TestUser } from "../helpers/factories.js";
import { resultAt, seed } from "../helpers/seed-results.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";
import { parseHtml, parseXml } from "./markup.js";
import { getText } from "./public-http.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const evilName = "<script>alert(1)</script>";
const evilTitle = `<script>alert("x")</script> & 'quotes'`;
const evilMessage = "Seen by <img src=x onerror=alert(2)> users\nsecond line";
/** A raw check error: it must never reach a public page. */
const secretError = "connect ECONNREFUSED 10.9.8.7:5432 (secret-db.internal)";

let handle: DatabaseHandle;
let app: TestApp;
let owner: TestUser;
let slug: string;
let pageId: string;
let monitorUrls: string[];
let activeIncidentId: string;

const iso = (ms: number) => new Date(ms).toISOString();
const todayStart = () => Math.floor(Date.now() / DAY_MS) * DAY_MS;

async function api(method: string, path: string, body?: unknown) {
  const res = await app.request(method, path, { token: owner.token, body });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
  owner = await signUp(app);
  const up = await createMonitor(app, owner.token, { name: "API" });
  const evil = await createMonitor(app, owner.token, { name: evilName });
  const paused = await createMonitor(app, owner.token, { name: "Paused one", paused: true });
  const maint = await createMonitor(app, owner.token, { name: "Maint one" });
  monitorUrls = [up, evil, paused, maint].map((m) => String(m.url));
  const yesterday = todayStart() - DAY_MS + HOUR_MS;
  const now = Date.now();
  await seed(handle, [
    ...[0, 1, 2].map((i) => resultAt(up.id, new Date(yesterday + i * 60_000), { region: "local" })),
    ...[2, 1].map((i) => resultAt(up.id, new Date(now - i * 60_000), { region: "local" })),
    ...[2, 1].map((i) =>
      resultAt(evil.id, new Date(now - i * 60_000), {
        region: "local",
        status: "down",
        statusCode: null,
        error: secretError,
      }),
    ),
  ]);
  await api("POST", "/api/maintenance-windows", {
    name: "DB failover",
    kind: "once",
    monitorIds: [maint.id],
    startsAt: iso(now - HOUR_MS),
    endsAt: iso(now + HOUR_MS),
  });
  await api("POST", "/api/maintenance-windows", {
    name: "Upgrade <b>&</b>",
    kind: "once",
    monitorIds: [up.id],
    startsAt: iso(now + 2 * DAY_MS),
    endsAt: iso(now + 2 * DAY_MS + HOUR_MS),
  });
  await api("POST", "/api/maintenance-windows", {
    name: "Far away",
    kind: "once",
    monitorIds: [up.id],
    startsAt: iso(now + 10 * DAY_MS),
    endsAt: iso(now + 10 * DAY_MS + HOUR_MS),
  });
  slug = `acme-${Date.now().toString(36)}`;
  const page = await api("POST", "/api/status-pages", {
    slug,
    title: "Acme & Co",
    logoUrl: "https://cdn.example.com/logo.png",
    sections: [
      { name: "Core <services>", monitorIds: [up.id, evil.id] },
      { name: "Other", monitorIds: [paused.id, maint.id] },
    ],
  });
  pageId = page.id;
  const incidents = `/api/status-pages/${pageId}/incidents`;
  const active = await api("POST", incidents, { title: evilTitle, message: evilMessage });
  activeIncidentId = active.id;
  await api("POST", `${incidents}/${active.id}/updates`, {
    message: "Identified the cause",
    state: "identified",
  });
  const resolved = await api("POST", incidents, {
    title: "Earlier blip",
    message: "Short",
    state: "investigating",
  });
  await api("POST", `${incidents}/${resolved.id}/updates`, { message: "All good", state: "resolved" });
  const old = await api("POST", incidents, { title: "Ancient history", message: "m", state: "resolved" });
  await handle.db.execute(sql`
    update status_page_incidents set resolved_at = ${iso(now - 100 * DAY_MS)}::timestamptz,
      created_at = ${iso(now - 101 * DAY_MS)}::timestamptz, updated_at = ${iso(now - 100 * DAY_MS)}::timestamptz
    where id = ${old.id}`);
  await api("PUT", `/api/status-pages/${pageId}`, { title: "Acme & Co" }); // drops the renders cached so far
});

function expectNoSecrets(body: string) {
  expect(body).not.toContain(secretError);
  expect(body).not.toContain("ECONNREFUSED");
  for (const url of monitorUrls) expect(body).not.toContain(url);
}

describe("the public status page", () => {
  it("renders monitors, states, uptime bars, incidents and maintenance as HTML", async () => {
    const res = await getText(app, `/status/${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=5");
    expect(res.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    const doc = parseHtml(res.body);
    expect(doc.title).toBe("Acme & Co status");
    expect(doc.querySelector("h1")?.textContent).toBe("Acme & Co");
    expect(doc.querySelector("header img")?.getAttribute("src")).toBe("https://cdn.example.com/logo.png");
    expect(doc.querySelector(".overall span")?.textContent).toBe("Partial outage");
    const monitors = [...doc.querySelectorAll(".monitor")].map((m) => ({
      name: m.querySelector(".name")?.textContent,
      state: m.querySelector(".state")?.textContent,
      bars: [...m.querySelectorAll(".bar")].map((b) => b.getAttribute("class")),
    }));
    expect(monitors.map(({ name, state }) => [name, state])).toEqual([
      ["API", "Operational"],
      [evilName, "Outage"],
      ["Paused one", "Paused"],
      ["Maint one", "Under maintenance"],
    ]);
    for (const m of monitors) expect(m.bars).toHaveLength(90);
    const [api, evil] = monitors;
    expect(api?.bars.slice(-2)).toEqual(["bar b-up", "bar b-up"]);
    expect(api?.bars[0]).toBe("bar b-no-data");
    expect(evil?.bars.at(-1)).toBe("bar b-down");
    expect(doc.querySelector(".monitor .legend")?.textContent).toMatch(/100% uptime/);
    const sections = [...doc.querySelectorAll("section h2")].map((h) => h.textContent);
    expect(sections).toEqual([
      "Active incidents",
      "Scheduled maintenance",
      "Core <services>",
      "Other",
      "Resolved in the last 90 days",
    ]);
    const incidents = [...doc.querySelectorAll("article.incident h3")].map((h) => h.textContent);
    expect(incidents).toEqual([evilTitle, "Earlier blip"]);
    const maintenance = [...doc.querySelectorAll("li.incident h3")].map((h) => h.textContent);
    expect(maintenance).toEqual(["DB failover In progress", "Upgrade <b>&</b>"]);
  });

  it("escapes every user-provided string in the HTML", async () => {
    const { body } = await getText(app, `/status/${slug}`);
    const doc = parseHtml(body);
    expect(doc.querySelectorAll("script")).toHaveLength(0);
    expect([...doc.querySelectorAll("img")].map((i) => i.getAttribute("src"))).toEqual([
      "https://cdn.example.com/logo.png",
    ]);
    expect(doc.querySelectorAll("b")).toHaveLength(0);
    expect(body).not.toContain("<script>");
    expect(body).not.toContain("<img src=x");
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;");
    const update = [...doc.querySelectorAll(".update p")].map((p) => p.textContent);
    expect(update).toContain(evilMessage);
    expectNoSecrets(body);
  });

  it("serves the same information as JSON", async () => {
    const res = await getText(app, `/status/${slug}/status.json`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=5");
    expectNoSecrets(res.body);
    const status = JSON.parse(res.body);
    expect(status.page).toEqual({
      slug,
      title: "Acme & Co",
      logoUrl: "https://cdn.example.com/logo.png",
      historyDays: 90,
    });
    expect(status.state).toBe("partial_outage");
    expect(
      status.sections.map((s: any) => [s.name, s.monitors.map((m: any) => [m.name, m.state, m.bars.length])]),
    ).toEqual([
      [
        "Core <services>",
        [
          ["API", "up", 90],
          [evilName, "down", 90],
        ],
      ],
      [
        "Other",
        [
          ["Paused one", "paused", 90],
          ["Maint one", "maintenance", 90],
        ],
      ],
    ]);
    const api = status.sections[0].monitors[0];
    expect(api.uptime).toBe(1);
    expect(api.bars.at(-1)).toEqual({ date: iso(todayStart()).slice(0, 10), status: "up", uptime: 1 });
    expect(Object.keys(api).sort()).toEqual(["bars", "id", "name", "state", "uptime"]);
    expect(status.incidents.active.map((i: any) => [i.title, i.state, i.updates.length])).toEqual([
      [evilTitle, "identified", 2],
    ]);
    expect(status.incidents.active[0].updates[1].message).toBe(evilMessage);
    expect(status.incidents.recent.map((i: any) => i.title)).toEqual(["Earlier blip"]);
    expect(status.maintenance.map((w: any) => [w.name, w.active])).toEqual([
      ["DB failover", true],
      ["Upgrade <b>&</b>", false],
    ]);
  });

  it("publishes incidents as Atom and RSS feeds, escaped", async () => {
    const atom = await getText(app, `/status/${slug}/feed.atom`);
    expect(atom.status).toBe(200);
    expect(atom.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const feed = parseXml(atom.body);
    expect(feed.querySelectorAll("script")).toHaveLength(0);
    const entries = [...feed.querySelectorAll("entry")];
    expect(entries.map((e) => e.querySelector("title")?.textContent)).toEqual([
      "Resolved: Earlier blip",
      `Identified: ${evilTitle}`,
      "Resolved: Ancient history",
    ]);
    const content = entries[1]?.querySelector("content")?.textContent ?? "";
    expect(content).toContain(evilMessage);
    expect(content.indexOf("Identified the cause")).toBeLessThan(content.indexOf("Seen by"));
    expect(feed.querySelector("feed > link[rel=self]")?.getAttribute("href")).toBe(
      `${app.url}/status/${slug}/feed.atom`,
    );
    expect(atom.body).not.toContain("<script>");
    expectNoSecrets(atom.body);

    const rss = await getText(app, `/status/${slug}/feed.rss`);
    expect(rss.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    const channel = parseXml(rss.body);
    expect(channel.querySelectorAll("script")).toHaveLength(0);
    const items = [...channel.querySelectorAll("item")];
    expect(items[1]?.querySelector("title")?.textContent).toBe(`Identified: ${evilTitle}`);
    // RSS descriptions are HTML: the text arrives escaped once more, so a reader shows it, never runs it.
    const description = items[1]?.querySelector("description")?.textContent ?? "";
    expect(description).toContain("Seen by &lt;img src=x onerror=alert(2)&gt; users<br>second line");
    expect(items[1]?.querySelector("link")?.textContent).toBe(
      `${app.url}/status/${slug}#incident-${activeIncidentId}`,
    );
    expect(rss.body).not.toContain("<script>");
    expect(rss.body).not.toContain("<img");
    expectNoSecrets(rss.body);
  });
});

describe("public page errors and caching", () => {
  it("answers an unknown or malformed slug with a 404 page, and JSON formats with the JSON error", async () => {
    for (const path of ["/status/no-such-page", "/status/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]) {
      const res = await getText(app, path);
      expect(res.status).toBe(404);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(parseHtml(res.body).querySelector("h1")?.textContent).toBe("Status page not found");
      expect(res.body).not.toContain("<script>");
    }
    for (const suffix of ["status.json", "feed.atom", "feed.rss"]) {
      const res = await app.request("GET", `/status/no-such-page/${suffix}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });

  it("shows an edit made through the API at once, although renders are cached", async () => {
    const json = async () => JSON.parse((await getText(app, `/status/${slug}/status.json`)).body);
    expect((await json()).page.title).toBe("Acme & Co");
    // Written behind the API's back: the cached render stands (the cache holds it for 5 s).
    await handle.db.execute(sql`update status_pages set title = 'Behind the back' where id = ${pageId}`);
    expect((await json()).page.title).toBe("Acme & Co");
    await api("PUT", `/api/status-pages/${pageId}`, { title: "Renamed Co" });
    expect((await json()).page.title).toBe("Renamed Co");
    const html = parseHtml((await getText(app, `/status/${slug}`)).body);
    expect(html.querySelector("h1")?.textContent).toBe("Renamed Co");
    // An incident update drops the cache too.
    await api("POST", `/api/status-pages/${pageId}/incidents/${activeIncidentId}/updates`, {
      message: "Fix deployed",
      state: "monitoring",
    });
    expect((await json()).incidents.active[0]).toMatchObject({ state: "monitoring" });
    expect(
      [
        ...parseXml((await getText(app, `/status/${slug}/feed.atom`)).body).querySelectorAll("entry title"),
      ].map((t) => t.textContent),
    ).toContain(`Monitoring: ${evilTitle}`);
  });

  it("hides an unpublished page, in every format, at once", async () => {
    await getText(app, `/status/${slug}`); // cached while published
    await api("PUT", `/api/status-pages/${pageId}`, { published: false });
    for (const suffix of ["", "/status.json", "/feed.atom", "/feed.rss"]) {
      const res = await getText(app, `/status/${slug}${suffix}`);
      expect(res.status, suffix).toBe(404);
    }
    await api("PUT", `/api/status-pages/${pageId}`, { published: true });
    expect((await getText(app, `/status/${slug}`)).status).toBe(200);
  });
});
