import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, runAuthenticatedRouteCases } from "./helpers/authenticated-routes.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { result, seed } from "./helpers/seed-results.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

let fixture: Fixture;

beforeAll(async () => {
  const handle = await useTestDatabase();
  const app = await startTestApp(handle);
  const owner = await signUp(app);
  const other = await signUp(app);
  const revoked = await signUp(app);
  await app.request("POST", "/api/auth/logout", { token: revoked.token });
  fixture = {
    app,
    owner,
    other,
    revokedToken: revoked.token,
    async newMonitorId() {
      const monitor = await createMonitor(app, owner.token, { name: "Owned" });
      await seed(handle, [result(monitor.id, 60_000, { region: "local" })]);
      return monitor.id;
    },
  };
});

describe("every authenticated route", () => {
  runAuthenticatedRouteCases(() => fixture);
});

describe("lists never leak other users' rows", () => {
  it("shows each user only their own monitors and results", async () => {
    const { app, owner, other, newMonitorId } = fixture;
    const mine = await newMonitorId();
    const theirs = await createMonitor(app, other.token);
    const ownerList = await app.request("GET", "/api/monitor?limit=1000", { token: owner.token });
    const ids = ownerList.body.items.map((m: { id: string }) => m.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs.id);
    const otherList = await app.request("GET", "/api/monitor?limit=1000", { token: other.token });
    expect(otherList.body.items.map((m: { id: string }) => m.id)).toEqual([theirs.id]);
  });

  it("does not let a cursor from another user's listing reveal their monitors", async () => {
    const { app, owner, other } = fixture;
    await createMonitor(app, other.token);
    await createMonitor(app, other.token);
    const page = await app.request("GET", "/api/monitor?limit=1", { token: other.token });
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const replay = await app.request("GET", `/api/monitor?cursor=${page.body.nextCursor}`, {
      token: owner.token,
    });
    expect(replay.status).toBe(200);
    for (const m of replay.body.items) expect(m.name).toBe("Owned");
  });
});
