import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { z } from "zod";
import type { DatabaseHandle } from "../src/db/client.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { apply, createChannel, createPage, fullDocument, raw } from "./helpers/monitor-documents.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east" });
});

async function userWithChannel() {
  const user = await signUp(app);
  await createChannel(app, user.token, "Ops");
  return user;
}

const exportText = async (token: string, query = "") => {
  const res = await raw(app, "GET", `/api/monitor/export${query}`, { token });
  expect(res.status, res.text).toBe(200);
  return res;
};

describe("export", () => {
  it("round-trips: an export applied for a fresh user exports the same document", async () => {
    const a = await userWithChannel();
    await apply(app, a.token, fullDocument("prod"));
    // A monitor made through the API has no key: the export names it by its id.
    const keyless = await createMonitor(app, a.token, {
      name: "Shop",
      tags: ["prod", "shop"],
      intervalSeconds: 300,
    });
    await createMonitor(app, a.token, { tags: ["dev"] });

    for (const format of ["json", "yaml"] as const) {
      const exported = await exportText(a.token, `?format=${format}&tag=prod`);
      expect(exported.headers.get("content-type")).toMatch(
        format === "json" ? /application\/json/ : /application\/yaml/,
      );
      const document = format === "json" ? exported.json : YAML.parse(exported.text);
      expect(document).toMatchObject({ version: 1, tag: "prod" });
      expect(document.monitors.map((m: { key: string }) => m.key)).toEqual(
        ["api", "backup", "db", "mail/dns", keyless.id].sort(),
      );
      // Defaults are left out; what differs from them is written.
      expect(document.monitors.find((m: { key: string }) => m.key === "db")).toEqual({
        key: "db",
        name: "db.example.com",
        type: "tcp",
        url: "tcp://db.example.com:5432",
        regions: ["eu-west", "us-east"],
        timeoutMs: 2000,
        quorum: 2,
      });
      expect(document.monitors.find((m: { key: string }) => m.key === keyless.id)).toMatchObject({
        tags: ["shop"],
        intervalSeconds: 300,
      });
      expect(document.monitors.find((m: { key: string }) => m.key === "api").channels).toEqual(["Ops"]);

      const b = await userWithChannel();
      const applied = await raw(app, "POST", "/api/monitor/apply", {
        token: b.token,
        body: exported.text,
        contentType: format === "json" ? "application/json" : "application/yaml",
      });
      expect(applied.status, applied.text).toBe(200);
      expect(applied.json.plan.create).toHaveLength(5);
      const again = await exportText(b.token, `?format=${format}&tag=prod`);
      expect(again.text).toEqual(exported.text);
      // And the same user applying its own export finds nothing to change.
      const same = await apply(app, a.token, document);
      expect(same.plan).toMatchObject({ create: [], update: [], delete: [] });
    }
    const everything = YAML.parse((await exportText(a.token)).text);
    expect(everything.tag).toBeUndefined();
    expect(everything.monitors).toHaveLength(6);
  });

  it("writes secrets as placeholders, and applying them keeps the stored secrets", async () => {
    const { token, user } = await userWithChannel();
    await apply(app, token, {
      version: 1,
      monitors: [
        {
          key: "checkout",
          url: "https://shop.example.com/checkout",
          method: "POST",
          headers: { Authorization: "Bearer real-secret", "X-Trace": "on" },
          auth: { type: "basic", username: "ada", password: "hunter22" },
          body: '{"dry":true}',
        },
      ],
    });
    const exported = await exportText(token);
    expect(exported.headers.get("vigil-secret-placeholders")).toBe("3");
    expect(exported.text).not.toMatch(/hunter22|real-secret|dry/);
    expect(exported.text).toContain(`\${CHECKOUT_AUTH_PASSWORD}`);
    expect(exported.text).toMatch(/^# .*\n(# .*\n)*#\s+\$\{CHECKOUT_HEADER_AUTHORIZATION\}/m);
    const document = YAML.parse(exported.text);
    expect(document.monitors[0]).toMatchObject({
      headers: { Authorization: `\${CHECKOUT_HEADER_AUTHORIZATION}`, "X-Trace": "on" },
      auth: { type: "basic", username: "ada", password: `\${CHECKOUT_AUTH_PASSWORD}` },
      body: `\${CHECKOUT_BODY}`,
    });

    expect((await apply(app, token, document)).plan.unchanged).toEqual(["checkout"]);
    document.monitors[0].name = "Checkout";
    expect((await apply(app, token, document)).plan.update).toEqual([{ key: "checkout", changes: ["name"] }]);
    const { rows } = await handle.db.execute<{ auth: { password: string }; body: string; headers: object }>(
      sql`select auth, body, headers from monitors where user_id = ${user.id}`,
    );
    expect(rows[0]).toMatchObject({
      auth: { password: "hunter22" },
      body: '{"dry":true}',
      headers: { Authorization: "Bearer real-secret" },
    });

    // A placeholder with nothing stored behind it cannot be applied.
    document.monitors[0].headers["X-Api-Key"] = `\${NEW_KEY}`;
    const res = await app.request("POST", "/api/monitor/apply", { token, body: document });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: "monitors.0.headers.X-Api-Key" }),
    ]);
  });

  it("names status pages, by slug alone for the first section", async () => {
    const { token } = await userWithChannel();
    const page = await createPage(app, token, ["Core", "Extra"]);
    await apply(app, token, {
      version: 1,
      monitors: [
        { key: "a", url: "https://a.example.com", statusPages: [page.slug] },
        { key: "b", url: "https://b.example.com", statusPages: [{ slug: page.slug, section: "Extra" }] },
      ],
    });
    const document = (await exportText(token, "?format=json")).json;
    expect(document.monitors.map((m: { statusPages: unknown }) => m.statusPages)).toEqual([
      [page.slug],
      [{ slug: page.slug, section: "Extra" }],
    ]);
    expect((await apply(app, token, document)).plan.unchanged).toEqual(["a", "b"]);
  });

  it("exports only the caller's monitors, and refuses unknown formats", async () => {
    const a = await userWithChannel();
    const b = await userWithChannel();
    await createMonitor(app, a.token);
    expect((await exportText(b.token, "?format=json")).json).toEqual({ version: 1, monitors: [] });
    const bad = await app.request("GET", "/api/monitor/export?format=toml", { token: a.token });
    expect(bad.status).toBe(400);
  });
});

describe("the document's JSON Schema", () => {
  it("is public and validates documents the way the API does", async () => {
    const res = await app.request("GET", "/api/schema/monitors.json");
    expect(res.status).toBe(200);
    expect(res.body.$schema).toMatch(/json-schema/);
    expect(res.body.properties.monitors.items.required).toContain("key");
    const schema = z.fromJSONSchema(res.body);
    expect(schema.safeParse(fullDocument("prod")).success).toBe(true);
    expect(schema.safeParse({ version: 2, monitors: [] }).success).toBe(false);
    expect(schema.safeParse({ version: 1, monitors: [{ url: "https://a.io" }] }).success).toBe(false);
    expect(schema.safeParse({ version: 1, monitors: [{ key: "a", intervalSeconds: 5 }] }).success).toBe(
      false,
    );
    expect(schema.safeParse({ version: 1, monitors: [{ key: "a", retries: 3 }] }).success).toBe(false);
    expect(
      schema.safeParse({ version: 1, monitors: [{ key: "a", assertions: [{ type: "vibes" }] }] }).success,
    ).toBe(false);
  });
});
