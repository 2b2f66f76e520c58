import { createServer, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ErrorBody } from "../http/errors.js";
import type { Metrics } from "./metrics.js";
import { hasMetricsToken, renderMetrics } from "./metrics-access.js";

export type MetricsServerOptions = {
  metrics: Metrics;
  token: string;
  port: number;
  host: string;
  logger: Logger;
};

export type MetricsServer = { name: string; port: number; stop: () => Promise<void> };

function sendError(res: ServerResponse, status: number, error: ErrorBody["error"]): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ error }));
}

/**
 * `GET /metrics` on METRICS_PORT for the roles without the API (scheduler, worker, ingester), with the API's
 * rules: the same bearer token, the same error bodies, nothing else served.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { metrics, token, logger } = options;
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if ((req.method !== "GET" && req.method !== "HEAD") || path !== "/metrics") {
      return sendError(res, 404, { code: "not_found", message: `No route for ${req.method} ${path}` });
    }
    if (!hasMetricsToken(req.headers.authorization, token)) {
      return sendError(res, 401, { code: "unauthorized", message: "A valid metrics token is required" });
    }
    renderMetrics(metrics.registry).then(
      ({ contentType, body }) => {
        res.writeHead(200, { "content-type": contentType });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (err: unknown) => {
        logger.error({ err }, "rendering metrics failed");
        sendError(res, 500, { code: "internal_error", message: "Internal server error" });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("metrics server is not listening on TCP");
  const { port } = address;
  logger.info({ port }, "metrics server listening");
  return {
    name: "metrics server",
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Scrapers keep connections alive between scrapes: without this, close waits for them to time out.
        server.closeIdleConnections();
      }),
  };
}
