import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, page } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { cleanupQuery, listChecksQuery, monitorIdParams, resultSchema } from "./result-schemas.js";
import type { ResultService } from "./result-service.js";

export function registerResultRoutes(
  app: App,
  { auth, results }: { auth: AuthService; results: ResultService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["results"];
  const params = monitorIdParams;

  app.get(
    "/api/results/:monitorId/checks",
    {
      onRequest,
      schema: {
        tags,
        params,
        querystring: listChecksQuery,
        response: { 200: page(resultSchema), 404: errorResponse },
      },
    },
    async (request) => results.list(caller(request).user.id, request.params.monitorId, request.query),
  );

  app.get(
    "/api/results/:monitorId/latest",
    {
      onRequest,
      schema: {
        tags,
        params,
        response: { 200: z.object({ items: z.array(resultSchema) }), 404: errorResponse },
      },
    },
    async (request) => results.latest(caller(request).user.id, request.params.monitorId),
  );

  app.delete(
    "/api/results/:monitorId/cleanup",
    {
      onRequest,
      schema: {
        tags,
        params,
        querystring: cleanupQuery,
        response: { 200: z.object({ deleted: z.number() }), 404: errorResponse },
      },
    },
    async (request) => results.cleanup(caller(request).user.id, request.params.monitorId, request.query.days),
  );
}
