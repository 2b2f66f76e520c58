import { describe, expect, it } from "vitest";
import { checkJob } from "../../test/helpers/check-job.js";
import { startDnsServer } from "../../test/helpers/dns-server.js";
import { closedPort } from "../../test/helpers/target-server.js";
import type { Assertion } from "../monitors/assertions.js";
import type { CheckJob } from "../queue/messages.js";
import { runDnsCheck } from "./dns-check.js";
import { runCheck } from "./run-check.js";

// The test server is on 127.0.0.1: the SSRF guard is lifted explicitly, except where the guard is the subject.
const allow = { targets: { allowPrivateTargets: true } };

const dns = await startDnsServer(
  {
    "www.vigil.test": { A: ["192.0.2.20", "192.0.2.3"], AAAA: ["2001:db8::1", "2001:db8::a:b"] },
    "alias.vigil.test": { CNAME: ["www.vigil.test"] },
    "vigil.test": {
      MX: [
        { priority: 20, exchange: "mx2.vigil.test" },
        { priority: 10, exchange: "mx-b.vigil.test" },
        { priority: 10, exchange: "mx-a.vigil.test" },
      ],
      TXT: [["v=spf1 -all"], ["google-site-verification=", "abc123"]],
      NS: ["ns2.vigil.test", "ns1.vigil.test"],
    },
    "internal.vigil.test": ["10.0.0.5"],
    "silent.vigil.test": ["192.0.2.1"],
    "broken.vigil.test": ["192.0.2.1"],
    "closed.vigil.test": ["192.0.2.1"],
  },
  {
    silent: ["silent.vigil.test"],
    failing: { "broken.vigil.test": "SERVFAIL", "closed.vigil.test": "REFUSED" },
  },
);

const dnsJob = (query: string, overrides: Partial<CheckJob> = {}) =>
  checkJob(`dns://${dns.server}/${query}`, { type: "dns", timeoutMs: 2_000, ...overrides });

const assertDns = (operator: "equals" | "contains", values: string[]): Assertion[] => [
  { type: "dns", operator, values },
];

describe("dns checks", () => {
  it("renders the records of every type, sorted", async () => {
    const cases: [query: string, records: string[]][] = [
      ["www.vigil.test?type=A", ["192.0.2.20", "192.0.2.3"]],
      ["www.vigil.test?type=AAAA", ["2001:db8::1", "2001:db8::a:b"]],
      ["alias.vigil.test?type=CNAME", ["www.vigil.test"]],
      ["vigil.test?type=MX", ["10 mx-a.vigil.test", "10 mx-b.vigil.test", "20 mx2.vigil.test"]],
      ["vigil.test?type=TXT", ["google-site-verification=abc123", "v=spf1 -all"]],
      ["vigil.test?type=NS", ["ns1.vigil.test", "ns2.vigil.test"]],
    ];
    for (const [query, records] of cases) {
      const job = dnsJob(query, { assertions: assertDns("equals", ["nothing.vigil.test"]) });
      // A failing equals assertion shows the rendered answer as its actual value.
      const outcome = await runCheck(job, allow);
      expect(outcome.failedAssertion?.actual, query).toBe(records.join(", "));
      expect(
        await runCheck(dnsJob(query, { assertions: assertDns("equals", records) }), allow),
      ).toMatchObject({
        status: "up",
        error: null,
      });
    }
  });

  it("is up with the resolver's address and the query time", async () => {
    const outcome = await runCheck(dnsJob("www.vigil.test"), allow);
    expect(outcome).toMatchObject({
      status: "up",
      statusCode: null,
      error: null,
      finalUrl: `dns://${dns.server}/www.vigil.test`,
      remoteAddress: "127.0.0.1",
      certificate: null,
      failedAssertion: null,
    });
    const totalMs = outcome.responseTimeMs;
    expect(totalMs).toEqual(expect.any(Number));
    expect(outcome.timings).toEqual({
      dnsMs: totalMs,
      connectMs: null,
      tlsMs: null,
      firstByteMs: null,
      downloadMs: null,
      totalMs,
    });
  });

  it("is down for a name that does not exist, or has no records of the type", async () => {
    const missing = await runCheck(dnsJob("nope.vigil.test?type=MX"), allow);
    expect(missing).toMatchObject({
      status: "down",
      error: "DNS: no such domain nope.vigil.test (NXDOMAIN)",
      remoteAddress: "127.0.0.1",
      responseTimeMs: expect.any(Number),
    });
    const noData = await runCheck(dnsJob("alias.vigil.test?type=MX"), allow);
    expect(noData).toMatchObject({ status: "down", error: "DNS: alias.vigil.test has no MX records" });
    expect((await runCheck(dnsJob("www.vigil.test?type=TXT"), allow)).error).toBe(
      "DNS: www.vigil.test has no TXT records",
    );
  });

  it("is down when the resolver fails or refuses", async () => {
    expect(await runCheck(dnsJob("broken.vigil.test"), allow)).toMatchObject({
      status: "down",
      error: "DNS: server failure (SERVFAIL) for broken.vigil.test A",
    });
    expect(await runCheck(dnsJob("closed.vigil.test?type=AAAA"), allow)).toMatchObject({
      status: "down",
      error: "DNS: query refused (REFUSED) for closed.vigil.test AAAA",
    });
  });

  it("is down when nothing listens at the resolver's port", async () => {
    const url = `dns://127.0.0.1:${await closedPort()}/www.vigil.test`;
    expect(await runCheck(checkJob(url, { type: "dns" }), allow)).toMatchObject({
      status: "down",
      error: "DNS: connection refused by the resolver for www.vigil.test A",
      remoteAddress: null,
    });
  });

  it("times out within the job's timeout when the resolver never answers", async () => {
    const startedAt = performance.now();
    const outcome = await runCheck(dnsJob("silent.vigil.test", { timeoutMs: 300 }), allow);
    const elapsedMs = performance.now() - startedAt;
    expect(outcome).toEqual({
      status: "down",
      statusCode: null,
      responseTimeMs: null,
      error: "Timed out after 300 ms",
      timings: null,
      finalUrl: `dns://${dns.server}/silent.vigil.test`,
      remoteAddress: null,
      certificate: null,
      failedAssertion: null,
    });
    expect(elapsedMs).toBeLessThan(1_500);
  });

  it("applies dns assertions: equals and contains, names without case or trailing dot", async () => {
    const mx = (assertions: Assertion[]) => runCheck(dnsJob("vigil.test?type=MX", { assertions }), allow);
    expect((await mx(assertDns("contains", ["10 MX-A.Vigil.Test."]))).status).toBe("up");
    expect(
      (await mx(assertDns("equals", ["20 mx2.vigil.test.", "10 mx-b.vigil.test", "10 mx-a.vigil.test"])))
        .status,
    ).toBe("up");
    const actual = "10 mx-a.vigil.test, 10 mx-b.vigil.test, 20 mx2.vigil.test";
    // equals wants the same set: a subset fails it.
    const subset = await mx(assertDns("equals", ["10 mx-a.vigil.test"]));
    expect(subset).toMatchObject({
      status: "down",
      failedAssertion: { index: 0, type: "dns", expected: "records equals 10 mx-a.vigil.test", actual },
      error: `Assertion failed: records equals 10 mx-a.vigil.test (actual: ${actual})`,
      remoteAddress: "127.0.0.1",
    });
    const absent = await mx(assertDns("contains", ["10 mx-a.vigil.test", "30 backup.vigil.test"]));
    expect(absent).toMatchObject({
      status: "down",
      failedAssertion: { expected: "records contains 10 mx-a.vigil.test, 30 backup.vigil.test", actual },
    });
    // TXT strings compare exactly, case included.
    const txt = (values: string[]) =>
      runCheck(dnsJob("vigil.test?type=TXT", { assertions: assertDns("contains", values) }), allow);
    expect((await txt(["v=spf1 -all"])).status).toBe("up");
    expect((await txt(["V=SPF1 -ALL"])).status).toBe("down");
  });

  it("applies a response-time assertion to the query time", async () => {
    const assertions: Assertion[] = [{ type: "responseTime", lessThanMs: 1, degraded: true }];
    const slow = await runCheck(dnsJob("www.vigil.test", { assertions }), allow);
    // The assertion judges the very time reported (a query under 1 ms is possible, and then up).
    const queryMs = slow.responseTimeMs ?? Number.NaN;
    if (queryMs < 1) expect(slow.status).toBe("up");
    else expect(slow).toMatchObject({ status: "degraded", failedAssertion: { actual: `${queryMs} ms` } });
    const generous: Assertion[] = [{ type: "responseTime", lessThanMs: 10_000, degraded: false }];
    expect((await runCheck(dnsJob("www.vigil.test", { assertions: generous }), allow)).status).toBe("up");
  });

  describe("the SSRF guard", () => {
    it("refuses a private resolver unless the guard is lifted, without asking it", async () => {
      const before = dns.queries();
      const outcome = await runCheck(dnsJob("www.vigil.test"), { targets: {} });
      expect(outcome).toMatchObject({ status: "down", remoteAddress: null, responseTimeMs: null });
      expect(outcome.error).toMatch(/127\.0\.0\.1 is loopback.*ALLOW_PRIVATE_TARGETS=true/);
      expect(dns.queries()).toBe(before);
    });

    it("judges the resolver only, not the addresses in the answer", async () => {
      // The guard stays on for everything but the resolver: a dns check never connects to 10.0.0.5.
      const outcome = await runCheck(
        dnsJob("internal.vigil.test", { assertions: assertDns("equals", ["10.0.0.5"]) }),
        { targets: { allowedPrivateNetworks: ["127.0.0.1/32"] } },
      );
      expect(outcome).toMatchObject({ status: "up", error: null });
    });

    it("hides private addresses the system's resolver gives, unless the guard is lifted", async () => {
      // The system's resolver (here: the test server standing in for /etc/resolv.conf) may know internal names.
      const system = { systemResolvers: [dns.server] };
      const job = checkJob("dns:internal.vigil.test", { type: "dns", timeoutMs: 2_000 });
      const guarded = await runDnsCheck(job, { targets: {}, ...system });
      expect(guarded.status).toBe("down");
      expect(guarded.error).toMatch(
        /internal\.vigil\.test resolves to a blocked address.*ALLOW_PRIVATE_TARGETS/,
      );
      expect(guarded.error).not.toMatch(/10\.0\.0\.5/);
      const lifted = await runDnsCheck(job, { ...allow, ...system });
      expect(lifted).toMatchObject({ status: "up", error: null });
      const publicName = await runDnsCheck(checkJob("dns:www.vigil.test", { type: "dns" }), {
        targets: {},
        ...system,
      });
      expect(publicName.status).toBe("up");
    });
  });

  it("is down for a url that is not a dns url", async () => {
    const outcome = await runCheck(checkJob("dns://resolver.example/x", { type: "dns" }), allow);
    expect(outcome).toMatchObject({ status: "down", responseTimeMs: null, remoteAddress: null });
    expect(outcome.error).toMatch(/resolver must be an IP address/);
  });
});
