import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { requireAdmin, requireAuth } from "../auth/request-auth.js";
import { errorResponse, page, queryBool } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { regionNameField, regionSchema, workerRegionNameField } from "./region-schemas.js";
import type { RegionService } from "./region-service.js";

export function registerRegionRoutes(
  app: App,
  { auth, regions }: { auth: AuthService; regions: RegionService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["regions"];

  app.get("/api/regions", { onRequest, schema: { tags, response: { 200: page(regionSchema) } } }, async () =>
    regions.list(),
  );

  app.post(
    "/api/regions",
    {
      onRequest,
      schema: {
        tags,
        body: z.strictObject({ name: workerRegionNameField }),
        response: { 201: regionSchema, 409: errorResponse },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      return reply.status(201).send(await regions.create(request.body.name));
    },
  );

  app.delete(
    "/api/regions/:name",
    {
      onRequest,
      schema: {
        tags,
        params: z.strictObject({ name: regionNameField }),
        querystring: z.strictObject({ force: queryBool.default(false) }),
        response: { 204: z.null(), 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      await regions.remove(request.params.name, request.query.force);
      return reply.status(204).send(null);
    },
  );
}
