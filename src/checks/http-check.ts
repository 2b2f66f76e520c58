import type { Readable } from "node:stream";
import { Client } from "undici";
import { authorizationHeader } from "../monitors/http-auth.js";
import type { CheckJob, CheckOutcome, CheckTimings } from "../queue/messages.js";
import { evaluateAssertions, needsBody } from "./evaluate-assertions.js";
import { isExpectedStatus } from "./status-match.js";
import { addressGuard, type TargetPolicy } from "./target-guard.js";
import {
  type ConnectTimings,
  createTimedConnector,
  DnsLookupError,
  errorCode,
  type Lookup,
  type PeerInfo,
  type TimedConnectorOptions,
  TlsHandshakeError,
} from "./timed-connector.js";

/**
 * What one HTTP check found. `timings.totalMs` and `responseTimeMs` cover the whole check (every redirect hop,
 * body read included); dnsMs, connectMs, tlsMs and firstByteMs describe the LAST hop only, with firstByteMs
 * counted from that hop's start (so it includes its DNS, connect and TLS). All durations are ms rounded to
 * 0.1. A check that got no final response (network error, timeout) has statusCode, responseTimeMs and
 * timings null.
 */
export type HttpCheckOutcome = CheckOutcome & { finalUrl: string };

export interface HttpCheckOptions {
  /** Response body bytes read per hop before the rest is dropped; default 1 MiB. */
  maxBodyBytes?: number;
  /** What the SSRF guard lets through; by default nothing private, so no caller forgets to apply it. */
  targets?: TargetPolicy;
  /** Resolves names; the system resolver by default (tests point it at their own DNS server). */
  lookup?: Lookup;
  /** CA certificates (PEM) to trust besides Node's bundled roots; see TimedConnectorOptions.trustedCa. */
  trustedCa?: string[];
}

export const defaultUserAgent = "Vigil/0.1 (+uptime check)";
const defaultMaxBodyBytes = 1024 * 1024;
/**
 * Response header names and values together: at most 16 KiB, Node's own default, set here so
 * --max-http-header-size cannot change it. More fails the check ("Response headers too large").
 */
const maxHeaderBytes = 16 * 1024;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** Headers describing a body: dropped with the body when a redirect turns the request into a GET. */
const bodyHeaders = new Set(["content-type", "content-length", "content-encoding", "content-language"]);
/** Headers that must not leak to another origin on a redirect (as browsers and undici do). */
const originHeaders = new Set(["authorization", "cookie", "proxy-authorization", "host"]);

interface HopRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

interface HopResponse {
  statusCode: number;
  location: string | null;
  timings: ConnectTimings & { firstByteMs: number; downloadMs: number };
  peer: PeerInfo;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text, read only when an assertion needs it. */
  body: string | null;
  /** performance.now() once the body was read, before the connection is torn down. */
  finishedAt: number;
}

/**
 * Runs one HTTP check: a fresh connection per hop, redirects followed, body read up to a cap, all within
 * job.timeoutMs. Network problems come back as status "down" with a short error; it throws only on bad options.
 */
export async function runHttpCheck(job: CheckJob, options: HttpCheckOptions = {}): Promise<HttpCheckOutcome> {
  const { maxRedirects } = job;
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  // Built once per check and applied on every hop: a redirect to a blocked address fails like a direct one.
  const guard = addressGuard(options.targets ?? {});
  const captureBody = needsBody(job.assertions);
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw new RangeError("maxRedirects must be >= 0");
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 0) throw new RangeError("maxBodyBytes must be >= 0");
  if (!Number.isFinite(job.timeoutMs) || job.timeoutMs <= 0) throw new RangeError("timeoutMs must be > 0");

  const startedAt = performance.now();
  const controller = new AbortController();
  // A plain timer rather than AbortSignal.timeout, so it is cleared as soon as the check ends.
  const timer = setTimeout(
    () => controller.abort(new Error(`Timed out after ${job.timeoutMs} ms`)),
    job.timeoutMs,
  );
  let finalUrl = job.url;
  try {
    let request: HopRequest = {
      url: parseHttpUrl(job.url),
      method: job.method,
      headers: requestHeaders(job),
      body: job.body,
    };
    for (let redirects = 0; ; redirects++) {
      finalUrl = request.url.href;
      const connect = {
        beforeConnect: guard,
        lookup: options.lookup,
        ignoreTlsErrors: job.ignoreTlsErrors,
        trustedCa: options.trustedCa,
      };
      const response = await requestHop(request, controller.signal, maxBodyBytes, connect, captureBody);
      const timings = finishTimings(response, startedAt);
      // With redirects off, a 3xx is the answer, judged by expectedStatus like any other.
      if (job.followRedirects && redirectStatuses.has(response.statusCode) && response.location !== null) {
        if (redirects >= maxRedirects) {
          const error = `Too many redirects (more than ${maxRedirects})`;
          return outcome({ status: "down", error, failedAssertion: null }, response, timings, finalUrl);
        }
        request = redirectedRequest(request, response.statusCode, response.location);
        continue;
      }
      if (!isExpectedStatus(response.statusCode, job.expectedStatus)) {
        const error = `HTTP ${response.statusCode} (expected ${job.expectedStatus})`;
        return outcome({ status: "down", error, failedAssertion: null }, response, timings, finalUrl);
      }
      const verdict = evaluateAssertions(job.assertions, {
        statusCode: response.statusCode,
        responseTimeMs: timings.totalMs,
        body: response.body,
        headers: response.headers,
        certificate: response.peer.certificate,
        certificateTrusted: response.peer.certificateTrusted,
        now: Date.now(),
      });
      const judged =
        verdict.status === "up"
          ? { status: "up" as const, error: null, failedAssertion: null }
          : { status: verdict.status, error: verdict.error, failedAssertion: verdict.failed };
      return outcome(judged, response, timings, finalUrl);
    }
  } catch (err) {
    const error = controller.signal.aborted ? `Timed out after ${job.timeoutMs} ms` : describeError(err);
    const none = {
      statusCode: null,
      responseTimeMs: null,
      timings: null,
      remoteAddress: null,
      certificate: null,
    };
    // A check that got no answer asserted nothing: it failed before any assertion could run.
    return { status: "down", error, finalUrl, failedAssertion: null, ...none };
  } finally {
    clearTimeout(timer);
  }
}

/** One request on its own connection; the client (and so the socket) is destroyed on every path. */
async function requestHop(
  request: HopRequest,
  signal: AbortSignal,
  maxBodyBytes: number,
  connect: Omit<TimedConnectorOptions, "signal">,
  captureBody: boolean,
): Promise<HopResponse> {
  const connector = createTimedConnector({ signal, ...connect });
  const client = new Client(request.url.origin, {
    connect: connector.connect,
    maxHeaderSize: maxHeaderBytes,
  });
  const hopStartedAt = performance.now();
  try {
    const response = await client.request({
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers: request.headers,
      body: request.body ?? undefined,
      signal,
    });
    const firstByteAt = performance.now();
    const body = await readCapped(response.body, maxBodyBytes, captureBody);
    const finishedAt = performance.now();
    const location = response.headers.location;
    return {
      statusCode: response.statusCode,
      location: (Array.isArray(location) ? location[0] : location) ?? null,
      timings: {
        ...connector.timings,
        firstByteMs: firstByteAt - hopStartedAt,
        downloadMs: finishedAt - firstByteAt,
      },
      peer: connector.peer,
      headers: response.headers,
      body,
      finishedAt,
    };
  } finally {
    await client.destroy();
  }
}

/** Reads and discards up to maxBytes, then destroys the stream so an endless body cannot hold the check. */
async function readCapped(body: Readable, maxBytes: number, capture: boolean): Promise<string | null> {
  let received = 0;
  const chunks: Uint8Array[] = [];
  if (maxBytes > 0) {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      if (capture) chunks.push(chunk.subarray(0, Math.max(0, maxBytes - received)));
      received += chunk.byteLength;
      if (received >= maxBytes) break;
    }
  }
  // Breaking out of the loop destroys the stream already; this covers maxBytes = 0 and is a no-op otherwise.
  body.destroy();
  return capture ? Buffer.concat(chunks).toString("utf8") : null;
}

/** Browser semantics: 303 (and 301/302 for POST) become a GET without body; cross-origin drops credentials. */
function redirectedRequest(previous: HopRequest, statusCode: number, location: string): HopRequest {
  let url: URL;
  try {
    url = parseHttpUrl(new URL(location, previous.url).href);
  } catch (err) {
    throw new Error(`Invalid redirect to "${location}": ${describeError(err)}`);
  }
  const toGet =
    (statusCode === 303 && previous.method !== "GET" && previous.method !== "HEAD") ||
    ((statusCode === 301 || statusCode === 302) && previous.method === "POST");
  const crossOrigin = url.origin !== previous.url.origin;
  const headers = Object.fromEntries(
    Object.entries(previous.headers).filter(([name]) => {
      const lower = name.toLowerCase();
      return !(toGet && bodyHeaders.has(lower)) && !(crossOrigin && originHeaders.has(lower));
    }),
  );
  return {
    url,
    method: toGet ? "GET" : previous.method,
    headers,
    body: toGet ? null : previous.body,
  };
}

function parseHttpUrl(value: string): URL {
  if (!URL.canParse(value)) throw new Error(`Invalid URL "${value}"`);
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`Unsupported protocol "${url.protocol}"`);
  return url;
}

/** The job's headers plus Authorization from its auth and a User-Agent, unless the headers already set them. */
function requestHeaders(job: CheckJob): Record<string, string> {
  const headers = { ...job.headers };
  const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
  const authorization = authorizationHeader(job.auth);
  if (authorization && !has("authorization")) headers.Authorization = authorization;
  if (!has("user-agent")) headers["User-Agent"] = job.userAgent ?? defaultUserAgent;
  return headers;
}

function finishTimings({ timings: hop, finishedAt }: HopResponse, startedAt: number): CheckTimings {
  return {
    dnsMs: roundMs(hop.dnsMs),
    connectMs: roundMs(hop.connectMs),
    tlsMs: roundMs(hop.tlsMs),
    firstByteMs: roundMs(hop.firstByteMs),
    downloadMs: roundMs(hop.downloadMs),
    totalMs: roundMs(finishedAt - startedAt),
  };
}

function roundMs(ms: number): number;
function roundMs(ms: number | null): number | null;
function roundMs(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 10) / 10;
}

function outcome(
  verdict: Pick<HttpCheckOutcome, "status" | "error" | "failedAssertion">,
  response: HopResponse,
  timings: CheckTimings,
  finalUrl: string,
): HttpCheckOutcome {
  const { remoteAddress, certificate } = response.peer;
  const statusCode = response.statusCode;
  return {
    ...verdict,
    statusCode,
    responseTimeMs: timings.totalMs,
    timings,
    finalUrl,
    remoteAddress,
    certificate,
  };
}

/** Short text for people reading a result list, not a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof DnsLookupError)
    return err.code === undefined || err.code === "ENOTFOUND" ? err.message : `${err.message} (${err.code})`;
  if (err instanceof TlsHandshakeError) return `TLS error: ${err.message}`;
  const cause = err instanceof Error ? err.cause : undefined;
  switch (errorCode(err) ?? errorCode(cause)) {
    case "ECONNREFUSED":
      return "Connection refused";
    case "ECONNRESET":
      return "Connection reset";
    case "EHOSTUNREACH":
      return "Host unreachable";
    case "ENETUNREACH":
      return "Network unreachable";
    case "UND_ERR_SOCKET":
      return "Connection closed by the server";
    case "UND_ERR_HEADERS_OVERFLOW":
      return `Response headers too large (over ${maxHeaderBytes / 1024} KiB)`;
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
