import { beforeAll, describe, expect, it } from "vitest";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let app: TestApp;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  app = await startTestApp(await useTestDatabase(), { REGIONS: "eu-west,us-east" });
  admin = await signUp(app);
  member = await signUp(app);
});

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((r) => r.name);

describe("regions", () => {
  it("lists the configured regions to any user", async () => {
    const res = await app.request("GET", "/api/regions", { token: member.token });
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expect.arrayContaining(["eu-west", "us-east"]));
    expect(res.body.nextCursor).toBeNull();
  });

  it("lets only admins add and delete regions", async () => {
    expect(admin.user.role).toBe("admin");
    const byMember = await app.request("POST", "/api/regions", {
      token: member.token,
      body: { name: "ap-south" },
    });
    expect(byMember.status).toBe(403);
    expect(byMember.body.error.code).toBe("forbidden");

    const created = await app.request("POST", "/api/regions", {
      token: admin.token,
      body: { name: "ap-south" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "ap-south" });
    const again = await app.request("POST", "/api/regions", {
      token: admin.token,
      body: { name: "ap-south" },
    });
    expect(again.status).toBe(409);

    expect((await app.request("DELETE", "/api/regions/ap-south", { token: member.token })).status).toBe(403);
    expect((await app.request("DELETE", "/api/regions/ap-south", { token: admin.token })).status).toBe(204);
    expect((await app.request("DELETE", "/api/regions/ap-south", { token: admin.token })).status).toBe(404);
    expect(names(await app.request("GET", "/api/regions", { token: member.token }))).not.toContain(
      "ap-south",
    );
  });

  it("refuses to delete a region in use unless forced, then removes it from monitors", async () => {
    await app.request("POST", "/api/regions", { token: admin.token, body: { name: "sa-east" } });
    const both = await createMonitor(app, member.token, { regions: ["eu-west", "sa-east"] });
    const only = await createMonitor(app, member.token, { regions: ["sa-east"] });

    const refused = await app.request("DELETE", "/api/regions/sa-east", { token: admin.token });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "region_in_use", details: { monitors: 2 } });

    const forced = await app.request("DELETE", "/api/regions/sa-east?force=true", { token: admin.token });
    expect(forced.status).toBe(204);
    const bothAfter = await app.request("GET", `/api/monitor/${both.id}`, { token: member.token });
    expect(bothAfter.body).toMatchObject({ regions: ["eu-west"], paused: false });
    // Nothing can check a monitor left without regions, so it is paused rather than silently never checked.
    const onlyAfter = await app.request("GET", `/api/monitor/${only.id}`, { token: member.token });
    expect(onlyAfter.body).toMatchObject({ regions: [], paused: true, status: "paused" });
  });

  it("gives new monitors every region that exists at creation", async () => {
    await app.request("POST", "/api/regions", { token: admin.token, body: { name: "af-south" } });
    const monitor = await createMonitor(app, member.token);
    expect(monitor.regions).toEqual(["af-south", "eu-west", "us-east"]);
  });
});
