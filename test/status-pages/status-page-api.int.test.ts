import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { BadInput } from "../helpers/bad-inputs.js";
import { createMonitor, signUp, type TestUser } from "../helpers/factories.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { useTestDatabase } from "../helpers/test-database.js";

const path = "/api/status-pages";

let app: TestApp;
let owner: TestUser;
let other: TestUser;
let revokedToken: string;
let monitorA: string;
let monitorB: string;
let othersMonitor: string;

const uniqueSlug = (prefix = "page") => `${prefix}-${randomBytes(4).toString("hex")}`;

async function createPage(body: Record<string, unknown> = {}, token = owner.token) {
  const res = await app.request("POST", path, {
    token,
    body: { slug: uniqueSlug(), title: "Acme", ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; slug: string } & Record<string, any>;
}

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
  [owner, other] = [await signUp(app), await signUp(app)];
  const revoked = await signUp(app);
  await app.request("POST", "/api/auth/logout", { token: revoked.token });
  revokedToken = revoked.token;
  monitorA = (await createMonitor(app, owner.token, { name: "API" })).id;
  monitorB = (await createMonitor(app, owner.token, { name: "Web" })).id;
  othersMonitor = (await createMonitor(app, other.token)).id;
});

describe("status pages API", () => {
  it("creates a page with defaults and reads it back", async () => {
    const slug = uniqueSlug("acme");
    const created = await createPage({
      slug,
      sections: [{ name: "Core", monitorIds: [monitorB, monitorA] }],
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      slug,
      title: "Acme",
      logoUrl: null,
      historyDays: 90,
      sections: [{ name: "Core", monitorIds: [monitorB, monitorA] }],
      customDomain: null,
      domainVerification: null,
      published: true,
      url: `/status/${slug}`,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await app.request("GET", `${path}/${created.id}`, { token: owner.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created);
  });

  it("lists the caller's pages only, in pages", async () => {
    const mine = [await createPage(), await createPage(), await createPage()];
    const theirs = await createPage({}, other.token);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await app.request("GET", `${path}?limit=2${query}`, { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    for (const page of mine) expect(seen).toContain(page.id);
    expect(seen).not.toContain(theirs.id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("updates any subset of fields; sections are replaced whole", async () => {
    const page = await createPage({ sections: [{ name: "One", monitorIds: [monitorA] }] });
    const renamed = await app.request("PUT", `${path}/${page.id}`, {
      token: owner.token,
      body: { title: "Renamed", historyDays: 30, logoUrl: "https://cdn.example.com/logo.png" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      title: "Renamed",
      historyDays: 30,
      logoUrl: "https://cdn.example.com/logo.png",
      sections: [{ name: "One", monitorIds: [monitorA] }],
    });
    const resectioned = await app.request("PUT", `${path}/${page.id}`, {
      token: owner.token,
      body: {
        sections: [
          { name: "Two", monitorIds: [monitorB] },
          { name: "Empty", monitorIds: [] },
        ],
        published: false,
      },
    });
    expect(resectioned.body).toMatchObject({
      title: "Renamed",
      published: false,
      sections: [
        { name: "Two", monitorIds: [monitorB] },
        { name: "Empty", monitorIds: [] },
      ],
    });
    const got = await app.request("GET", `${path}/${page.id}`, { token: owner.token });
    expect(got.body).toEqual(resectioned.body);
  });

  it("refuses a slug another page has, whoever owns it, with 409", async () => {
    const taken = await createPage({ customDomain: "status.taken-domain.test" }, other.token);
    const clash = await app.request("POST", path, {
      token: owner.token,
      body: { slug: taken.slug, title: "X" },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({
      code: "conflict",
      message: expect.stringContaining(taken.slug),
    });
    const mine = await createPage();
    const renameClash = await app.request("PUT", `${path}/${mine.id}`, {
      token: owner.token,
      body: { slug: taken.slug },
    });
    expect(renameClash.status).toBe(409);
    // A domain is only taken once verified (custom-domain.int.test.ts): an unverified claim blocks nobody.
    const sameDomain = await app.request("POST", path, {
      token: owner.token,
      body: { slug: uniqueSlug(), title: "X", customDomain: "STATUS.taken-domain.test" },
    });
    expect(sameDomain.status).toBe(201);
    expect(sameDomain.body.domainVerification.verified).toBe(false);
    expect((await app.request("GET", `${path}/${mine.id}`, { token: owner.token })).body.slug).toBe(
      mine.slug,
    );
  });

  it("gives a custom domain a DNS challenge, renewed when the domain changes", async () => {
    const page = await createPage({ customDomain: "Status.Example-Co.test" });
    expect(page.customDomain).toBe("status.example-co.test");
    expect(page.domainVerification).toEqual({
      record: "_vigil-challenge.status.example-co.test",
      value: expect.stringMatching(/^vigil-verify=[A-Za-z0-9_-]{24}$/),
      verified: false,
    });
    const same = await app.request("PUT", `${path}/${page.id}`, {
      token: owner.token,
      body: { customDomain: "status.example-co.test", title: "Same domain" },
    });
    expect(same.body.domainVerification).toEqual(page.domainVerification);
    const moved = await app.request("PUT", `${path}/${page.id}`, {
      token: owner.token,
      body: { customDomain: "status.other-co.test" },
    });
    expect(moved.body.domainVerification.record).toBe("_vigil-challenge.status.other-co.test");
    expect(moved.body.domainVerification.value).not.toBe(page.domainVerification.value);
    const cleared = await app.request("PUT", `${path}/${page.id}`, {
      token: owner.token,
      body: { customDomain: null },
    });
    expect(cleared.body).toMatchObject({ customDomain: null, domainVerification: null });
    const verify = await app.request("POST", `${path}/${page.id}/domain/verify`, { token: owner.token });
    expect(verify.status).toBe(409);
  });

  it("deletes a page; deleted monitors leave their sections", async () => {
    const doomed = (await createMonitor(app, owner.token)).id;
    const page = await createPage({ sections: [{ name: "S", monitorIds: [monitorA, doomed] }] });
    expect((await app.request("DELETE", `/api/monitor/${doomed}`, { token: owner.token })).status).toBe(204);
    const got = await app.request("GET", `${path}/${page.id}`, { token: owner.token });
    expect(got.body.sections).toEqual([{ name: "S", monitorIds: [monitorA] }]);
    expect((await app.request("DELETE", `${path}/${page.id}`, { token: owner.token })).status).toBe(204);
    expect((await app.request("GET", `${path}/${page.id}`, { token: owner.token })).status).toBe(404);
    expect((await app.request("DELETE", `${path}/${page.id}`, { token: owner.token })).status).toBe(404);
  });
});

describe("status pages: tenancy and authentication", () => {
  it("refuses another user's monitor in sections as unknown", async () => {
    const res = await app.request("POST", path, {
      token: owner.token,
      body: {
        slug: uniqueSlug(),
        title: "X",
        sections: [{ name: "S", monitorIds: [monitorA, othersMonitor] }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "validation_error",
      message: `Unknown monitor: ${othersMonitor}`,
    });
    const page = await createPage();
    const update = await app.request("PUT", `${path}/${page.id}`, {
      token: owner.token,
      body: { sections: [{ name: "S", monitorIds: [othersMonitor] }] },
    });
    expect(update.status).toBe(400);
  });

  it("hides a page from everyone but its owner, and leaves it untouched", async () => {
    const page = await createPage({ sections: [{ name: "S", monitorIds: [monitorA] }] });
    const incident = await app.request("POST", `${path}/${page.id}/incidents`, {
      token: owner.token,
      body: { title: "Down", message: "Looking" },
    });
    const routes: [string, string, unknown?][] = [
      ["GET", `${path}/${page.id}`],
      ["PUT", `${path}/${page.id}`, { title: "Hijacked" }],
      ["DELETE", `${path}/${page.id}`],
      ["POST", `${path}/${page.id}/domain/verify`],
      ["GET", `${path}/${page.id}/incidents`],
      ["POST", `${path}/${page.id}/incidents`, { title: "Fake", message: "Fake" }],
      [
        "POST",
        `${path}/${page.id}/incidents/${incident.body.id}/updates`,
        { message: "Fake", state: "resolved" },
      ],
      ["DELETE", `${path}/${page.id}/incidents/${incident.body.id}`],
    ];
    for (const [method, url, body] of routes) {
      const theirs = await app.request(method, url, { token: other.token, body });
      expect(theirs.status, `${method} ${url}`).toBe(404);
      expect(theirs.body.error.code).toBe("not_found");
      expect((await app.request(method, url, { body })).status, `${method} ${url} anonymous`).toBe(401);
      expect((await app.request(method, url, { token: revokedToken, body })).status).toBe(401);
    }
    expect((await app.request("GET", path, {})).status).toBe(401);
    const list = await app.request("GET", path, { token: other.token });
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(page.id);
    const still = await app.request("GET", `${path}/${page.id}/incidents`, { token: owner.token });
    expect(still.body.items).toHaveLength(1);
    expect(still.body.items[0]).toMatchObject({ title: "Down", state: "investigating" });
    expect((await app.request("GET", `${path}/${page.id}`, { token: owner.token })).body.title).toBe("Acme");
  });
});

describe("status page incidents", () => {
  it("creates, updates, resolves, lists and deletes an incident", async () => {
    const page = await createPage();
    const incidentsPath = `${path}/${page.id}/incidents`;
    const created = await app.request("POST", incidentsPath, {
      token: owner.token,
      body: { title: "Slow logins", message: "We are looking into it.", state: "investigating" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      title: "Slow logins",
      state: "investigating",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      resolvedAt: null,
      updates: [
        {
          id: expect.any(String),
          state: "investigating",
          message: "We are looking into it.",
          createdAt: expect.any(String),
        },
      ],
    });
    const updatePath = `${incidentsPath}/${created.body.id}/updates`;
    const identified = await app.request("POST", updatePath, {
      token: owner.token,
      body: { message: "Found a bad deploy.", state: "identified" },
    });
    expect(identified.status).toBe(201);
    expect(identified.body).toMatchObject({ state: "identified", resolvedAt: null });
    const note = await app.request("POST", updatePath, {
      token: owner.token,
      body: { message: "Rolling back." },
    });
    expect(note.body.state).toBe("identified");
    const resolved = await app.request("POST", updatePath, {
      token: owner.token,
      body: { message: "Fixed.", state: "resolved" },
    });
    expect(resolved.body.state).toBe("resolved");
    expect(resolved.body.resolvedAt).toEqual(expect.any(String));
    expect(resolved.body.updates.map((u: { message: string }) => u.message)).toEqual([
      "Fixed.",
      "Rolling back.",
      "Found a bad deploy.",
      "We are looking into it.",
    ]);
    const second = await app.request("POST", incidentsPath, {
      token: owner.token,
      body: { title: "Second", message: "m" },
    });
    const list = await app.request("GET", `${incidentsPath}?limit=1`, { token: owner.token });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id]);
    const rest = await app.request("GET", `${incidentsPath}?limit=1&cursor=${list.body.nextCursor}`, {
      token: owner.token,
    });
    expect(rest.body).toMatchObject({ items: [{ id: created.body.id }], nextCursor: null });
    expect(
      (await app.request("DELETE", `${incidentsPath}/${created.body.id}`, { token: owner.token })).status,
    ).toBe(204);
    const after = await app.request("GET", incidentsPath, { token: owner.token });
    expect(after.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id]);
  });

  it("finds an incident only under its own page", async () => {
    const [pageA, pageB] = [await createPage(), await createPage()];
    const incident = await app.request("POST", `${path}/${pageA.id}/incidents`, {
      token: owner.token,
      body: { title: "A", message: "m" },
    });
    const wrongPage = await app.request("POST", `${path}/${pageB.id}/incidents/${incident.body.id}/updates`, {
      token: owner.token,
      body: { message: "x", state: "resolved" },
    });
    expect(wrongPage.status).toBe(404);
    expect(
      (
        await app.request("DELETE", `${path}/${pageB.id}/incidents/${incident.body.id}`, {
          token: owner.token,
        })
      ).status,
    ).toBe(404);
  });
});

describe("status pages: bad input", () => {
  const body = (extra: Record<string, unknown>) => ({ slug: "fine-slug", title: "T", ...extra });
  const bad = (name: string, payload: unknown, message: RegExp): BadInput => ({
    name,
    method: "POST",
    path,
    call: { body: payload },
    status: 400,
    code: "validation_error",
    message,
  });
  const cases: BadInput[] = [
    bad("missing slug", { title: "T" }, /slug/),
    bad("upper-case slug", body({ slug: "Acme" }), /slug must be/),
    bad("slug with underscore", body({ slug: "acme_inc" }), /slug must be/),
    bad("slug starting with a hyphen", body({ slug: "-acme" }), /slug must be/),
    bad("slug too long", body({ slug: "a".repeat(65) }), /slug must be/),
    bad("empty title", body({ title: "  " }), /title must not be empty/),
    bad("title with a line break", body({ title: "a\nb" }), /line breaks/),
    bad("javascript logo", body({ logoUrl: "javascript:alert(1)" }), /logoUrl/),
    bad("ftp logo", body({ logoUrl: "ftp://example.com/logo.png" }), /logoUrl/),
    bad("history of 45 days", body({ historyDays: 45 }), /historyDays must be 30, 60 or 90/),
    bad("history as string", body({ historyDays: "90" }), /historyDays/),
    bad("sections not a list", body({ sections: { name: "x" } }), /sections/),
    bad("section without name", body({ sections: [{ monitorIds: [] }] }), /name/),
    bad("monitor id not a UUID", body({ sections: [{ name: "S", monitorIds: ["abc"] }] }), /UUID/),
    bad("unknown field", body({ theme: "dark" }), /theme/),
    bad(
      "domain with scheme",
      body({ customDomain: "https://status.acme.test" }),
      /customDomain must be a host/,
    ),
    bad("domain with port", body({ customDomain: "status.acme.test:8080" }), /customDomain/),
    bad("domain as IP address", body({ customDomain: "10.0.0.1" }), /customDomain/),
    bad("single-label domain", body({ customDomain: "localhost" }), /customDomain/),
    bad("published as string", body({ published: "yes" }), /published/),
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.status} ${c.code}`, async () => {
      const res = await app.request(c.method, typeof c.path === "string" ? c.path : c.path(), {
        ...c.call,
        token: owner.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      expect(res.body.error.code).toBe(c.code);
      if (c.message) expect(res.body.error.message).toMatch(c.message);
    });
  }

  it("refuses a monitor twice on one page, in one section or two", async () => {
    for (const sections of [
      [{ name: "S", monitorIds: [monitorA, monitorA] }],
      [
        { name: "S", monitorIds: [monitorA] },
        { name: "T", monitorIds: [monitorB, monitorA] },
      ],
    ]) {
      const res = await app.request("POST", path, { token: owner.token, body: body({ sections }) });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/once per page/);
    }
  });

  it("refuses empty updates, malformed ids and bad incident input", async () => {
    const page = await createPage();
    const empty = await app.request("PUT", `${path}/${page.id}`, { token: owner.token, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/at least one field/);
    expect((await app.request("GET", `${path}/not-a-uuid`, { token: owner.token })).status).toBe(400);
    const incidents = `${path}/${page.id}/incidents`;
    for (const [payload, message] of [
      [{ title: "T", message: "m", state: "fixed" }, /state must be one of/],
      [{ title: "T", message: " " }, /message must not be empty/],
      [{ title: "T" }, /message/],
      [{ title: "T", message: "m", extra: 1 }, /extra/],
    ] as const) {
      const res = await app.request("POST", incidents, { token: owner.token, body: payload });
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.error).toMatchObject({
        code: "validation_error",
        message: expect.stringMatching(message),
      });
    }
    const badQuery = await app.request("GET", `${incidents}?cursor=garbage`, { token: owner.token });
    expect(badQuery.status).toBe(400);
  });
});
