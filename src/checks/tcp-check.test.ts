import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { checkJob } from "../../test/helpers/check-job.js";
import { closedPort } from "../../test/helpers/target-server.js";
import type { CheckJob } from "../queue/messages.js";
import { runCheck } from "./run-check.js";

const tcpJob = (url: string, overrides: Partial<CheckJob> = {}) =>
  checkJob(url, { type: "tcp", timeoutMs: 2_000, ...overrides });

// The listener is on 127.0.0.1: the SSRF guard is lifted explicitly, except where the guard is the subject.
const allow = { targets: { allowPrivateTargets: true } };

describe("tcp checks", () => {
  it("is up when the port accepts a connection, with the connect time", async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    afterAll(() => new Promise((resolve) => server.close(resolve)));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("no port");

    const outcome = await runCheck(tcpJob(`tcp://127.0.0.1:${address.port}`), allow);
    expect(outcome).toMatchObject({
      status: "up",
      statusCode: null,
      error: null,
      remoteAddress: "127.0.0.1",
    });
    expect(outcome.timings).toMatchObject({ dnsMs: null, connectMs: expect.any(Number), tlsMs: null });
    expect(outcome.responseTimeMs).toEqual(expect.any(Number));

    // A response-time assertion applies to the connect time.
    const slow = await runCheck(
      tcpJob(`tcp://127.0.0.1:${address.port}`, {
        assertions: [{ type: "responseTime", lessThanMs: 1, degraded: true }],
      }),
      allow,
    );
    expect(["up", "degraded"]).toContain(slow.status);
    await expect.poll(() => connections).toBe(2);
  });

  it("is down with a clear error when nothing listens", async () => {
    const outcome = await runCheck(tcpJob(`tcp://127.0.0.1:${await closedPort()}`), allow);
    expect(outcome).toMatchObject({ status: "down", error: "Connection refused", responseTimeMs: null });
  });

  it("applies the SSRF guard by default", async () => {
    const outcome = await runCheck(tcpJob("tcp://127.0.0.1:22"));
    expect(outcome.status).toBe("down");
    expect(outcome.error).toMatch(/127\.0\.0\.1 is loopback.*ALLOW_PRIVATE_TARGETS=true/);
  });
});
