import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import type { CheckJob, CheckOutcome } from "../queue/messages.js";
import { type DnsQuery, parseDnsUrl } from "./dns-url.js";
import { evaluateAssertions } from "./evaluate-assertions.js";
import type { HttpCheckOptions } from "./http-check.js";
import { addressGuard, BlockedTargetError, type TargetPolicy } from "./target-guard.js";
import { errorCode } from "./timed-connector.js";

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Our own deadline, so the check ends on time even when c-ares works through several system resolvers. */
class DnsTimeoutError extends Error {}

// The parts of a result and of the assertion input that only an HTTP answer has; a dns check opens no connection.
const notHttpResult = { statusCode: null, certificate: null, failedAssertion: null };
const notHttp = { statusCode: 0, body: null, headers: {}, certificate: null, certificateTrusted: null };
const noConnection = { connectMs: null, tlsMs: null, firstByteMs: null, downloadMs: null };

/**
 * A dns monitor: asks one resolver (or the system's) for the records of a name, and is up when at least one came
 * back and every assertion holds. Only the resolver is dialled, so the SSRF guard applies to it and not to the
 * addresses in the answer.
 */
export async function runDnsCheck(
  job: CheckJob,
  options: Pick<HttpCheckOptions, "targets"> & {
    /** Servers asked when the url names none; default: the system's (/etc/resolv.conf). Tests point it at theirs. */
    systemResolvers?: string[];
  } = {},
): Promise<CheckOutcome> {
  const query = parseDnsUrl(job.url);
  if (typeof query === "string") return unanswered(job, query);
  // One resolver per check: its servers and its cancel() belong to this check alone.
  const resolver = new Resolver({ timeout: job.timeoutMs, tries: 1 });
  if (query.resolver) {
    const blocked = blockedAddress(query.resolver.host, options.targets ?? {});
    if (blocked) return unanswered(job, blocked);
    resolver.setServers([serverAddress(query.resolver)]);
  } else if (options.systemResolvers) {
    resolver.setServers(options.systemResolvers);
  }
  const startedAt = performance.now();
  try {
    const records = await withDeadline(queryRecords(resolver, query), resolver, job.timeoutMs);
    const reply = replied(job, query, startedAt);
    if (records.length === 0) return { ...reply, status: "down", error: noRecords(query) };
    // The system's resolver may answer for internal names: with the guard on, their private addresses are not shown.
    const hidden = query.resolver ? undefined : privateAnswer(query, records, options.targets ?? {});
    if (hidden) return { ...reply, status: "down", error: hidden };
    const verdict = evaluateAssertions(job.assertions, {
      ...notHttp,
      responseTimeMs: reply.responseTimeMs,
      dns: { recordType: query.recordType, records },
      now: Date.now(),
    });
    if (verdict.status === "up") return { ...reply, status: "up", error: null };
    return { ...reply, status: verdict.status, error: verdict.error, failedAssertion: verdict.failed };
  } catch (err) {
    const error = describeDnsError(err, query, job.timeoutMs);
    if (!repliedCodes.has(errorCode(err) ?? "")) return unanswered(job, error);
    return { ...replied(job, query, startedAt), status: "down", error };
  }
}

/** For A/AAAA answers of the system resolver: the guard's message when one address is blocked, else undefined. */
function privateAnswer(query: DnsQuery, records: string[], policy: TargetPolicy): string | undefined {
  if (query.recordType !== "A" && query.recordType !== "AAAA") return undefined;
  for (const address of records) {
    const blocked = blockedAddress(address, policy);
    if (blocked) return `DNS: ${query.name} resolves to a blocked address. ${blocked.replace(/^.*?: /, "")}`;
  }
  return undefined;
}

/** A check that got no reply (or asked nothing): no time to report, no resolver that answered. */
function unanswered(job: CheckJob, error: string): CheckOutcome {
  const none = { responseTimeMs: null, timings: null, remoteAddress: null, ...notHttpResult };
  return { ...none, status: "down", error, finalUrl: job.url };
}

/** What a reply tells, whatever it said: how long it took and which resolver gave it. */
function replied(job: CheckJob, query: DnsQuery, startedAt: number) {
  const totalMs = round(performance.now() - startedAt);
  const timings = { dnsMs: totalMs, ...noConnection, totalMs };
  const remoteAddress = query.resolver?.host ?? null;
  return { responseTimeMs: totalMs, timings, finalUrl: job.url, remoteAddress, ...notHttpResult };
}

/** The guard's message when the policy forbids asking this resolver, undefined when it may be asked. */
function blockedAddress(host: string, policy: TargetPolicy): string | undefined {
  try {
    addressGuard(policy)?.(host);
    return undefined;
  } catch (err) {
    if (err instanceof BlockedTargetError) return err.message;
    throw err;
  }
}

function serverAddress({ host, port }: { host: string; port: number }): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function withDeadline<T>(work: Promise<T>, resolver: Resolver, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      resolver.cancel();
      reject(new DnsTimeoutError());
    }, timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The records of the asked type rendered as strings, sorted so the same answer always reads the same. */
async function queryRecords(resolver: Resolver, { name, recordType }: DnsQuery): Promise<string[]> {
  switch (recordType) {
    case "A":
      return (await resolver.resolve4(name)).sort();
    case "AAAA":
      return (await resolver.resolve6(name)).sort();
    case "CNAME":
      return (await resolver.resolveCname(name)).sort();
    case "NS":
      return (await resolver.resolveNs(name)).sort();
    case "TXT":
      // A TXT record may be split into 255-byte chunks on the wire; they form one string.
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join("")).sort();
    case "MX":
      return (await resolver.resolveMx(name))
        .sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange))
        .map((mx) => `${mx.priority} ${mx.exchange}`);
  }
}

const noRecords = ({ name, recordType }: DnsQuery) => `DNS: ${name} has no ${recordType} records`;

/** Error codes that mean the resolver replied, so its address and the time it took belong in the result. */
const repliedCodes = new Set(["ENODATA", "ENOTFOUND", "ESERVFAIL", "EREFUSED"]);

/** A message naming the name and type asked, in words rather than c-ares codes where one is common. */
function describeDnsError(err: unknown, query: DnsQuery, timeoutMs: number): string {
  const code = errorCode(err);
  const asked = `${query.name} ${query.recordType}`;
  if (err instanceof DnsTimeoutError || code === "ETIMEOUT" || code === "ECANCELLED") {
    return `Timed out after ${timeoutMs} ms`;
  }
  switch (code) {
    case "ENODATA":
      return noRecords(query);
    case "ENOTFOUND":
      return `DNS: no such domain ${query.name} (NXDOMAIN)`;
    case "ESERVFAIL":
      return `DNS: server failure (SERVFAIL) for ${asked}`;
    case "EREFUSED":
      return `DNS: query refused (REFUSED) for ${asked}`;
    case "ECONNREFUSED":
      return `DNS: connection refused by the resolver for ${asked}`;
    default:
      return `DNS: ${asked} failed (${code ?? (err instanceof Error ? err.message : String(err))})`;
  }
}
