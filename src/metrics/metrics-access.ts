import { createHash, timingSafeEqual } from "node:crypto";
import type { Registry } from "prom-client";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * True when the Authorization header is `Bearer <token>`. Digests of equal length are compared in constant time,
 * so neither the token's content nor its length leaks through timing.
 */
export function hasMetricsToken(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(presented), digest(token));
}

/** The registry's exposition: `text/plain; version=0.0.4` and the metrics text. */
export async function renderMetrics(registry: Registry): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
