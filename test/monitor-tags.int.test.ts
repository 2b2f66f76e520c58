import { beforeAll, describe, expect, it } from "vitest";
import { createMonitor, signUp } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase());
});

describe("monitor tags", () => {
  it("stores tags normalized (trimmed, lower-cased, de-duplicated, sorted) and changes them", async () => {
    const { token } = await signUp(app);
    const monitor = await createMonitor(app, token, {
      tags: ["Env:Prod", " team/payments ", "env:prod", "a.b_c-d"],
    });
    expect(monitor.tags).toEqual(["a.b_c-d", "env:prod", "team/payments"]);
    expect(monitor.key).toBeNull();
    const got = await app.request("GET", `/api/monitor/${monitor.id}`, { token });
    expect(got.body.tags).toEqual(["a.b_c-d", "env:prod", "team/payments"]);

    const updated = await app.request("PUT", `/api/monitor/${monitor.id}`, {
      token,
      body: { tags: ["staging", "STAGING"] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.tags).toEqual(["staging"]);
    const cleared = await app.request("PUT", `/api/monitor/${monitor.id}`, { token, body: { tags: [] } });
    expect(cleared.body.tags).toEqual([]);
    expect((await createMonitor(app, token)).tags).toEqual([]);
  });

  it.each([
    ["an empty tag", [""], /must not be empty/],
    ["a tag with a space", ["two words"], /only letters, digits/],
    ["a tag with a comma", ["a,b"], /only letters, digits/],
    ["a tag over 50 characters", ["x".repeat(51)], /at most 50/],
    ["21 tags", Array.from({ length: 21 }, (_, i) => `t${i}`), /at most 20 tags/],
    ["a tag that is not a string", [42], /must be a string/],
  ])("refuses %s", async (_name, tags, message) => {
    const { token } = await signUp(app);
    const res = await app.request("POST", "/api/monitor", { token, body: { url: "https://a.io", tags } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.details[0].path).toMatch(/^tags/);
  });

  it("filters the list by tag, case-insensitively, with keyset paging", async () => {
    const { token } = await signUp(app);
    const prod: string[] = [];
    for (let i = 0; i < 5; i++) {
      prod.push((await createMonitor(app, token, { tags: ["env:prod", `n${i}`] })).id);
      await createMonitor(app, token, { tags: ["env:staging"] });
    }
    const other = await signUp(app);
    await createMonitor(app, other.token, { tags: ["env:prod"] });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await app.request("GET", `/api/monitor?tag=ENV:PROD&limit=2${query}`, { token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items) expect(item.tags).toContain("env:prod");
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(prod);

    const none = await app.request("GET", "/api/monitor?tag=nothing-here", { token });
    expect(none.body).toEqual({ items: [], nextCursor: null });
    const bad = await app.request("GET", "/api/monitor?tag=bad%20tag", { token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_error");
  });
});
