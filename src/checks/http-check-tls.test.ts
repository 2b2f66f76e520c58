import { once } from "node:events";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkJob } from "../../test/helpers/check-job.js";
import {
  createTestCertificates,
  type TestCertificates,
  type TestKeyPair,
} from "../../test/helpers/test-certificates.js";
import type { Assertion } from "../monitors/assertions.js";
import type { CheckJob } from "../queue/messages.js";
import { type HttpCheckOptions, runHttpCheck } from "./http-check.js";

interface TestServer {
  port: number;
  /** TCP connections accepted so far. */
  sockets: Socket[];
  /** Settles once every connection accepted so far has closed. */
  allClosed: () => Promise<void>;
}

const DAY_MS = 86_400_000;
const servers: { server: Server; sockets: Socket[] }[] = [];

afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Listens on 127.0.0.1 until the end of the test; works for plain TCP and https servers alike. */
async function listen(server: Server): Promise<TestServer> {
  const sockets: Socket[] = [];
  const closed: Promise<unknown>[] = [];
  server.on("connection", (socket: Socket) => {
    sockets.push(socket);
    // Not events.once: a reset from the client is an "error" on this side, and it still ends in "close".
    closed.push(new Promise((resolve) => socket.once("close", resolve)));
  });
  servers.push({ server, sockets });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    port,
    sockets,
    allClosed: async () => {
      await Promise.all(closed);
    },
  };
}

const serveTls = (pair: TestKeyPair): Promise<TestServer> =>
  listen(createHttpsServer(pair, (_req, res) => res.end("ok")));

/** Checks of the local test servers: private targets allowed, explicitly, as ALLOW_PRIVATE_TARGETS=true would. */
const check = (j: CheckJob, options: HttpCheckOptions = {}) =>
  runHttpCheck(j, { targets: { allowPrivateTargets: true }, ...options });

const certificateAssertion = (minDaysValid: number): Assertion[] => [{ type: "certificate", minDaysValid }];

describe("runHttpCheck over https", () => {
  let certs: TestCertificates;
  /** One options object for every check, as the worker has: its trustedCa array keys the cached TLS context. */
  let trustingTestCa: HttpCheckOptions;
  beforeAll(async () => {
    certs = await createTestCertificates();
    trustingTestCa = { trustedCa: [certs.ca.cert] };
  });

  it("reports an untrusted self-signed certificate as a TLS error", async () => {
    const target = await serveTls(certs.selfSigned);
    const url = `https://localhost:${target.port}/`;
    const outcome = await check(checkJob(url));
    expect(outcome).toMatchObject({ status: "down", statusCode: null, timings: null });
    expect(outcome.error).toMatch(/^TLS error: .*self[- ]signed/i);
    // The monitor's "ignore TLS errors" option accepts it, and the handshake is timed.
    const ignored = await check(checkJob(url, { ignoreTlsErrors: true }));
    expect(ignored).toMatchObject({ status: "up", statusCode: 200 });
    expect(ignored.timings?.tlsMs).toEqual(expect.any(Number));
    // The certificate is reported, whether or not it was trusted.
    expect(ignored.certificate).toMatchObject({ subject: "CN=localhost", issuer: "CN=localhost" });
    const daysLeft = ((ignored.certificate?.validTo ?? 0) - Date.now()) / DAY_MS;
    expect(daysLeft).toBeGreaterThan(0.9);
    expect(daysLeft).toBeLessThanOrEqual(1);
    // Ignoring TLS errors does not make the certificate assertion hold.
    const asserted = await check(
      checkJob(url, { ignoreTlsErrors: true, assertions: certificateAssertion(0) }),
    );
    expect(asserted).toMatchObject({
      status: "down",
      statusCode: 200,
      failedAssertion: { index: 0, type: "certificate", actual: "certificate not trusted" },
    });
    await target.allClosed();
  });

  it("trusts a certificate chain from a CA given as trustedCa and reports the leaf", async () => {
    const target = await serveTls(certs.valid);
    const url = `https://127.0.0.1:${target.port}/`;
    const outcome = await check(checkJob(url), trustingTestCa);
    expect(outcome).toMatchObject({ status: "up", statusCode: 200, error: null });
    expect(outcome.certificate).toEqual({
      subject: "CN=localhost",
      issuer: certs.ca.subject,
      validFrom: expect.any(Number),
      validTo: certs.valid.validTo,
    });
    // The certificate's name covers localhost as well as the IP.
    const byName = await check(checkJob(`https://localhost:${target.port}/`), trustingTestCa);
    expect(byName).toMatchObject({ status: "up", statusCode: 200 });

    // 30 days from when it was made, so 29 whole days are left.
    const holds = await check(checkJob(url, { assertions: certificateAssertion(14) }), trustingTestCa);
    expect(holds).toMatchObject({ status: "up", failedAssertion: null });
    const tooSoon = await check(checkJob(url, { assertions: certificateAssertion(60) }), trustingTestCa);
    const actual = `expires in 29 days (${new Date(certs.valid.validTo).toISOString().slice(0, 10)})`;
    expect(tooSoon).toMatchObject({
      status: "down",
      statusCode: 200,
      error: `Assertion failed: certificate valid for more than 60 days (actual: ${actual})`,
      failedAssertion: {
        index: 0,
        type: "certificate",
        expected: "certificate valid for more than 60 days",
        actual,
      },
    });
    await target.allClosed();
  });

  it("refuses the same certificate when its CA is not trusted", async () => {
    const target = await serveTls(certs.valid);
    const outcome = await check(checkJob(`https://127.0.0.1:${target.port}/`));
    expect(outcome).toMatchObject({
      status: "down",
      statusCode: null,
      certificate: null,
      error: "TLS error: unable to verify the first certificate",
    });
    await target.allClosed();
  });

  it("reports an expired certificate as a TLS error, even from a trusted CA", async () => {
    const target = await serveTls(certs.expired);
    const url = `https://127.0.0.1:${target.port}/`;
    const outcome = await check(checkJob(url), trustingTestCa);
    expect(outcome).toMatchObject({
      status: "down",
      statusCode: null,
      error: "TLS error: certificate has expired",
    });
    // Ignoring TLS errors lets the check through, but the certificate is still reported and judged.
    const ignored = await check(checkJob(url, { ignoreTlsErrors: true }), trustingTestCa);
    expect(ignored).toMatchObject({ status: "up", statusCode: 200 });
    expect(ignored.certificate?.validTo).toBe(certs.expired.validTo);
    expect(ignored.certificate?.validTo).toBeLessThan(Date.now());
    const asserted = await check(
      checkJob(url, { ignoreTlsErrors: true, assertions: certificateAssertion(0) }),
      trustingTestCa,
    );
    expect(asserted).toMatchObject({
      status: "down",
      failedAssertion: { index: 0, type: "certificate", actual: "expired on 2021-01-01" },
    });
    await target.allClosed();
  });

  it("aborts a stalled TLS handshake at the timeout and closes the socket", async () => {
    // Accepts TCP and reads (so it sees the close) but never answers the ClientHello.
    const silent = await listen(createNetServer((socket) => socket.resume()));
    const outcome = await check(checkJob(`https://127.0.0.1:${silent.port}/`, { timeoutMs: 300 }));
    expect(outcome).toMatchObject({ status: "down", statusCode: null, error: "Timed out after 300 ms" });
    expect(silent.sockets).toHaveLength(1);
    await silent.allClosed();
  });
});
