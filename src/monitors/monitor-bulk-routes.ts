import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import {
  bulkCountResponse,
  bulkCreateBody,
  bulkCreateResponse,
  monitorSelectorBody,
} from "./monitor-bulk-schemas.js";
import type { MonitorBulkService } from "./monitor-bulk-service.js";

/** A thousand monitors with headers and assertions outgrow the API's 1 MiB default. */
export const bulkBodyLimit = 8 * 1024 * 1024;

export function registerMonitorBulkRoutes(
  app: App,
  { auth, bulk }: { auth: AuthService; bulk: MonitorBulkService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["monitors"];

  app.post(
    "/api/monitor/bulk",
    {
      onRequest,
      bodyLimit: bulkBodyLimit,
      schema: {
        tags,
        body: bulkCreateBody,
        response: { 201: bulkCreateResponse, 400: errorResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await bulk.create(caller(request).user.id, request.body.monitors)),
  );

  const selectorRoutes = [
    ["pause", bulk.pause],
    ["resume", bulk.resume],
    ["delete", bulk.remove],
  ] as const;
  for (const [action, run] of selectorRoutes) {
    app.post(
      `/api/monitor/bulk/${action}`,
      {
        onRequest,
        schema: {
          tags,
          body: monitorSelectorBody,
          response: { 200: bulkCountResponse, 400: errorResponse, 404: errorResponse },
        },
      },
      async (request) => run(caller(request).user.id, request.body),
    );
  }
}
