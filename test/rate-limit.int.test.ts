import { describe, expect, it } from "vitest";
import { signUp } from "./helpers/factories.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

describe("rate limiting per IP", () => {
  it("is strict on auth routes and answers 429 with Retry-After", async () => {
    const app = await startTestApp(await useTestDatabase(), {
      RATE_LIMIT_AUTH_MAX: "3",
      RATE_LIMIT_MAX: "1000",
    });
    const attempt = () =>
      app.request("POST", "/api/auth/login", {
        body: { email: "x@example.com", password: "wrong password" },
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other routes have their own, looser budget.
    expect((await app.request("GET", "/health")).status).toBe(200);
  });

  it("applies the global limit to the rest of the API, but never to /health", async () => {
    const app = await startTestApp(await useTestDatabase(), {
      RATE_LIMIT_MAX: "5",
      RATE_LIMIT_AUTH_MAX: "1000",
    });
    const { token } = await signUp(app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.request("GET", "/api/monitor", { token })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    for (let i = 0; i < 10; i++) expect((await app.request("GET", "/health")).status).toBe(200);
  });
});
