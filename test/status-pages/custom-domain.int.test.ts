import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/client.js";
import { type DnsZone, startDnsServer } from "../helpers/dns-server.js";
import { createMonitor, signUp, type TestUser } from "../helpers/factories.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";
import { parseHtml, parseXml } from "./markup.js";
import { getText } from "./public-http.js";

const domain = "status.acme-widgets.test";
const record = `_vigil-challenge.${domain}`;

/** The DNS server reads the zone on every query, so a test adds records as it goes. */
const zone: DnsZone = {};
let handle: DatabaseHandle;
let app: TestApp;
let owner: TestUser;
let page: {
  id: string;
  slug: string;
  domainVerification: { record: string; value: string; verified: boolean };
};

const verify = (id = page.id) =>
  app.request("POST", `/api/status-pages/${id}/domain/verify`, { token: owner.token });
const onDomain = (path: string, host = domain) => getText(app, path, { host });

beforeAll(async () => {
  const dns = await startDnsServer(zone);
  handle = await useTestDatabase();
  app = await startTestApp(handle, {}, { statusPageDnsServers: [dns.server] });
  owner = await signUp(app);
  const monitor = await createMonitor(app, owner.token, { name: "Widgets API" });
  const res = await app.request("POST", "/api/status-pages", {
    token: owner.token,
    body: {
      slug: `widgets-${Date.now().toString(36)}`,
      title: "Widgets status",
      customDomain: domain,
      sections: [{ name: "Services", monitorIds: [monitor.id] }],
    },
  });
  expect(res.status).toBe(201);
  page = res.body;
});

describe("custom domains", () => {
  it("does not serve the page on its domain before verification", async () => {
    expect(page.domainVerification).toMatchObject({ record, verified: false });
    const res = await onDomain("/");
    expect(res.status).not.toBe(500);
    expect(res.body).not.toContain("Widgets status");
    expect((await onDomain("/status.json")).status).toBe(404);
  });

  it("fails verification without the TXT record, and with a wrong value", async () => {
    const missing = await verify();
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: "bad_request",
      message: expect.stringContaining(record),
    });
    expect(missing.body.error.message).toMatch(/No TXT record/);
    zone[record] = { TXT: [["vigil-verify=not-the-token"], ["v=spf1 -all"]] };
    const wrong = await verify();
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain(page.domainVerification.value);
    expect(wrong.body.error.details.found).toEqual(["vigil-verify=not-the-token", "v=spf1 -all"]);
    const got = await app.request("GET", `/api/status-pages/${page.id}`, { token: owner.token });
    expect(got.body.domainVerification.verified).toBe(false);
    expect((await onDomain("/")).body).not.toContain("Widgets status");
  });

  it("verifies with the right value (in any TXT record, split in chunks) and then serves the page there", async () => {
    const value = page.domainVerification.value;
    zone[record] = { TXT: [["unrelated"], [value.slice(0, 10), value.slice(10)]] };
    const verified = await verify();
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.domainVerification).toEqual({ record, value, verified: true });

    const html = await onDomain("/");
    expect(html.status).toBe(200);
    expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(html.headers["cache-control"]).toBe("public, max-age=5");
    const doc = parseHtml(html.body);
    expect(doc.querySelector("h1")?.textContent).toBe("Widgets status");
    expect(doc.querySelector(".monitor .name")?.textContent).toBe("Widgets API");
    // Links stay on the custom domain.
    expect(doc.querySelector('link[type="application/atom+xml"]')?.getAttribute("href")).toBe("/feed.atom");

    const json = await onDomain("/status.json");
    expect(JSON.parse(json.body).page.slug).toBe(page.slug);
    const port = new URL(app.url).port;
    const atom = parseXml((await onDomain("/feed.atom", `${domain}:${port}`)).body);
    expect(atom.querySelector("feed > link[rel=self]")?.getAttribute("href")).toBe(
      `http://${domain}:${port}/feed.atom`,
    );
    const rss = await onDomain("/feed.rss", `STATUS.Acme-Widgets.test:${port}`);
    expect(rss.status).toBe(200);
    expect(rss.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
  });

  it("lets every other request on that host through to the app", async () => {
    expect((await onDomain("/health")).status).toBe(200);
    const apiCall = await onDomain("/api/status-pages");
    expect(apiCall.status).toBe(401);
    // And the page's usual address still works on the app's own host.
    expect((await getText(app, `/status/${page.slug}`)).status).toBe(200);
  });

  it("lets others claim the domain but not verify it while it is verified here, and keeps serving this page", async () => {
    const squatter = await signUp(app);
    const claim = await app.request("POST", "/api/status-pages", {
      token: squatter.token,
      body: { slug: `claim-${Date.now().toString(36)}`, title: "Not widgets", customDomain: domain },
    });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect(claim.body.domainVerification.verified).toBe(false);
    // Even with their value in DNS next to ours, the domain stays with the page that verified it first.
    zone[record] = { TXT: [[page.domainVerification.value], [claim.body.domainVerification.value]] };
    const refused = await app.request("POST", `/api/status-pages/${claim.body.id}/domain/verify`, {
      token: squatter.token,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("verified by another status page");
    expect((await onDomain("/")).body).toContain("Widgets status");
  });

  it("applies the app's rate limit to the page on its domain", async () => {
    const limited = await startTestApp(handle, { RATE_LIMIT_MAX: "3" });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await getText(limited, "/", { host: domain })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await getText(limited, "/status.json", { host: domain });
    expect(JSON.parse(refused.body).error.code).toBe("rate_limited");
    expect((await getText(limited, `/status/${page.slug}`)).status).toBe(429);
  });

  it("stops serving the domain once the page moves to another domain or is unpublished", async () => {
    expect((await onDomain("/")).status).toBe(200);
    const unpublished = await app.request("PUT", `/api/status-pages/${page.id}`, {
      token: owner.token,
      body: { published: false },
    });
    expect(unpublished.body.domainVerification.verified).toBe(true);
    expect((await onDomain("/")).body).not.toContain("Widgets status");
    await app.request("PUT", `/api/status-pages/${page.id}`, {
      token: owner.token,
      body: { published: true },
    });
    expect((await onDomain("/")).body).toContain("Widgets status");
    const moved = await app.request("PUT", `/api/status-pages/${page.id}`, {
      token: owner.token,
      body: { customDomain: "status.elsewhere.test" },
    });
    expect(moved.body.domainVerification.verified).toBe(false);
    expect((await onDomain("/")).body).not.toContain("Widgets status");
    expect((await onDomain("/", "status.elsewhere.test")).body).not.toContain("Widgets status");
  });
});
