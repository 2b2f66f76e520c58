import { parseDnsUrl } from "../checks/dns-url.js";
import { type TargetPolicy, urlTargetError } from "../checks/target-guard.js";
import type { MonitorType } from "../db/schema/index.js";
import { ValidationError } from "../http/errors.js";

/**
 * Checks a monitor's url against its type and the SSRF guard; returns the name a monitor gets when none is given.
 * http monitors take http(s) URLs, tcp monitors tcp://host:port, dns monitors dns:name?type=T (RFC 4501).
 */
export function validateTarget(type: Exclude<MonitorType, "heartbeat">, url: string, targets: TargetPolicy) {
  const parsed = new URL(url);
  let defaultName = parsed.hostname;
  if (type === "dns") {
    const query = parseDnsUrl(url);
    if (typeof query === "string") throw new ValidationError(query, { path: "url" });
    defaultName = `${query.name} ${query.recordType}`;
  } else if (
    type === "tcp" ? parsed.protocol !== "tcp:" || parsed.port === "" : !/^https?:$/.test(parsed.protocol)
  ) {
    const message =
      type === "tcp"
        ? "tcp monitors need a url like tcp://host:port"
        : "http monitors need an http:// or https:// url";
    throw new ValidationError(message, { path: "url" });
  }
  // The SSRF guard's early word: a URL naming a blocked address (a dns resolver too) is refused before it is ever
  // scheduled; names are judged again at check time, by the addresses they resolve to.
  const blocked = urlTargetError(url, targets);
  if (blocked) throw new ValidationError(blocked, { path: "url" });
  return { defaultName };
}

/** A check must finish before the next one is due, or checks of one monitor would pile up. */
export function assertTimeoutFitsInterval(timeoutMs: number, intervalSeconds: number): void {
  if (timeoutMs > intervalSeconds * 1000) {
    throw new ValidationError(
      `timeoutMs (${timeoutMs}) must not exceed the interval (${intervalSeconds} s = ${intervalSeconds * 1000} ms)`,
      { path: "timeoutMs" },
    );
  }
}
