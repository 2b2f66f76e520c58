import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { enqueueNotifications } from "../src/notifications/outbox.js";
import { signUp, type TestUser } from "./helpers/factories.js";
import { type Receiver, startReceiver } from "./helpers/notification-receiver.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

// The shared cases of test/helpers/authenticated-routes.ts, for routes whose ids name a notification channel.

let app: TestApp;
let handle: DatabaseHandle;
let owner: TestUser;
let other: TestUser;
let revokedToken: string;
let receiver: Receiver;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
  receiver = await startReceiver();
  owner = await signUp(app);
  other = await signUp(app);
  const revoked = await signUp(app);
  await app.request("POST", "/api/auth/logout", { token: revoked.token });
  revokedToken = revoked.token;
});

async function ownedChannelId(): Promise<string> {
  const res = await app.request("POST", "/api/notification-channels", {
    token: owner.token,
    body: { type: "webhook", name: "Owned", config: { url: `${receiver.url}/owned` } },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

type Route = { method: string; path: (id: string) => string; body?: unknown; takesId: boolean };
const routes: Route[] = [
  { method: "GET", path: () => "/api/notification-channels", takesId: false },
  {
    method: "POST",
    path: () => "/api/notification-channels",
    body: { type: "ntfy", name: "n", config: { topic: "t" } },
    takesId: false,
  },
  { method: "GET", path: () => "/api/notifications", takesId: false },
  { method: "GET", path: (id) => `/api/notification-channels/${id}`, takesId: true },
  {
    method: "PUT",
    path: (id) => `/api/notification-channels/${id}`,
    body: { name: "Renamed" },
    takesId: true,
  },
  { method: "DELETE", path: (id) => `/api/notification-channels/${id}`, takesId: true },
  { method: "POST", path: (id) => `/api/notification-channels/${id}/test`, takesId: true },
];

describe("every notification route", () => {
  for (const route of routes) {
    const name = `${route.method} ${route.path(":id")}`;

    it(`${name}: 401 without a token or with a revoked one`, async () => {
      const path = route.path(await ownedChannelId());
      for (const token of [undefined, revokedToken]) {
        const res = await app.request(route.method, path, { token, body: route.body });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe("unauthorized");
      }
    });

    if (route.takesId) {
      it(`${name}: 404 for another user's channel, which stays untouched`, async () => {
        const id = await ownedChannelId();
        const sentBefore = receiver.requests.length;
        const res = await app.request(route.method, route.path(id), { token: other.token, body: route.body });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe("not_found");
        const still = await app.request("GET", `/api/notification-channels/${id}`, { token: owner.token });
        expect(still.status).toBe(200);
        expect(still.body.name).toBe("Owned");
        expect(receiver.requests.length).toBe(sentBefore);
      });
    }
  }
});

describe("lists never leak other users' rows", () => {
  it("shows each user only their own channels and outbox", async () => {
    const mine = await ownedChannelId();
    const theirs = await app.request("POST", "/api/notification-channels", {
      token: other.token,
      body: { type: "ntfy", name: "Theirs", config: { topic: "theirs" } },
    });
    const message = {
      event: "test" as const,
      title: "t",
      text: "t",
      occurredAt: new Date().toISOString(),
      monitor: null,
      incident: null,
    };
    for (const [user, channelId] of [
      [owner, mine],
      [other, theirs.body.id],
    ] as const) {
      await enqueueNotifications(handle.db, {
        userId: user.user.id,
        channelIds: [channelId],
        incidentId: null,
        idempotencyKey: `tenancy:${channelId}`,
        message,
      });
    }
    const ownerChannels = await app.request("GET", "/api/notification-channels?limit=1000", {
      token: owner.token,
    });
    const ids = ownerChannels.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs.body.id);
    const otherOutbox = await app.request("GET", "/api/notifications", { token: other.token });
    expect(otherOutbox.body.items.map((n: { channelId: string }) => n.channelId)).toEqual([theirs.body.id]);
    const ownerOutbox = await app.request("GET", "/api/notifications", { token: owner.token });
    expect(ownerOutbox.body.items.map((n: { channelId: string }) => n.channelId)).toEqual([mine]);
  });
});
