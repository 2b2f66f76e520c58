import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Stoppable } from "../lib/shutdown.js";
import { createMetrics, type Metrics } from "../metrics/metrics.js";
import { startMetricsServer } from "../metrics/metrics-server.js";

/** The process's metrics, only when METRICS_TOKEN turns them on: otherwise nothing is recorded at all. */
export const createRoleMetrics = (config: Config): Metrics | undefined =>
  config.metrics.token ? createMetrics() : undefined;

/**
 * For the roles without the API (scheduler, worker, ingester): /metrics on METRICS_PORT, so a split deployment
 * can scrape every process. Nothing when the port or the metrics are off.
 */
export async function serveMetricsPort(
  config: Config,
  metrics: Metrics | undefined,
  logger: Logger,
): Promise<Stoppable[]> {
  const { token, port } = config.metrics;
  if (!metrics || !token || port === undefined) return [];
  return [await startMetricsServer({ metrics, token, port, host: config.http.host, logger })];
}
