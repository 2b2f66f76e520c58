import type { CheckJob, CheckOutcome } from "../queue/messages.js";
import { evaluateAssertions } from "./evaluate-assertions.js";
import type { HttpCheckOptions } from "./http-check.js";
import { describeError } from "./http-check.js";
import { addressGuard } from "./target-guard.js";
import { connectTimed } from "./timed-connector.js";

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * A tcp monitor: `tcp://host:port` is up when a connection opens within the timeout (the connect time is its
 * response time), then closed at once. The SSRF guard and a response-time assertion apply as for HTTP.
 */
export async function runTcpCheck(
  job: CheckJob,
  options: Pick<HttpCheckOptions, "targets" | "lookup"> = {},
): Promise<CheckOutcome> {
  const url = new URL(job.url);
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`Timed out after ${job.timeoutMs} ms`)),
    job.timeoutMs,
  );
  const startedAt = performance.now();
  const none = { statusCode: null, finalUrl: job.url, certificate: null, failedAssertion: null };
  try {
    const { socket, timings, peer } = await connectTimed(
      { hostname, port: Number(url.port) },
      {
        signal: controller.signal,
        beforeConnect: addressGuard(options.targets ?? {}),
        lookup: options.lookup,
      },
    );
    socket.destroy();
    const totalMs = round(performance.now() - startedAt);
    const checkTimings = {
      dnsMs: timings.dnsMs === null ? null : round(timings.dnsMs),
      connectMs: timings.connectMs === null ? null : round(timings.connectMs),
      tlsMs: null,
      firstByteMs: null,
      downloadMs: null,
      totalMs,
    };
    const verdict = evaluateAssertions(job.assertions, {
      statusCode: 0,
      responseTimeMs: totalMs,
      body: null,
      headers: {},
      certificate: null,
      certificateTrusted: null,
      now: Date.now(),
    });
    const judged =
      verdict.status === "up"
        ? { status: "up" as const, error: null }
        : { status: verdict.status, error: verdict.error, failedAssertion: verdict.failed };
    return {
      ...none,
      ...judged,
      responseTimeMs: totalMs,
      timings: checkTimings,
      remoteAddress: peer.remoteAddress,
    };
  } catch (err) {
    const error = controller.signal.aborted ? `Timed out after ${job.timeoutMs} ms` : describeError(err);
    return { ...none, status: "down", error, responseTimeMs: null, timings: null, remoteAddress: null };
  } finally {
    clearTimeout(timer);
  }
}
