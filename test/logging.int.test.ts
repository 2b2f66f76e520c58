import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/lib/logger.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

describe("structured logs", () => {
  it("carry request ids and never a password, token or session cookie", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("trace", sink);
    const app = await startTestApp(await useTestDatabase(), {}, { logger });
    const password = "very-secret-password-42";
    const signup = await app.request("POST", "/api/auth/signup", {
      body: { email: "logs@example.com", name: "Logs", password },
    });
    const token = signup.body.token as string;
    await app.request("GET", "/api/auth/me", { token });
    await app.request("GET", "/api/auth/me", { headers: { cookie: `vigil_session=${token}` } });
    // A validation error on a body that holds a password must not echo it either.
    await app.request("POST", "/api/auth/signup", { body: { email: "bad", name: "x", password } });

    const text = lines.join("");
    expect(lines.length).toBeGreaterThan(4);
    expect(text).not.toContain(password);
    expect(text).not.toContain(token);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.some((l) => typeof l.reqId === "string" && l.req?.url === "/api/auth/me")).toBe(true);
  });
});
