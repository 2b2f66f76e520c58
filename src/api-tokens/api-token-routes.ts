import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams, page, pageQuery } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { apiTokenSchema, createApiTokenBody, createdApiTokenResponse } from "./api-token-schemas.js";
import type { ApiTokenService } from "./api-token-service.js";

/** Personal API tokens: `Authorization: Bearer vgl_...` for scripts and the CLI. */
export function registerApiTokenRoutes(
  app: App,
  { auth, apiTokens }: { auth: AuthService; apiTokens: ApiTokenService },
): void {
  const onRequest = requireAuth(auth);
  const tags = ["api-tokens"];

  app.post(
    "/api/tokens",
    {
      onRequest,
      schema: {
        tags,
        body: createApiTokenBody,
        response: { 201: createdApiTokenResponse, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await apiTokens.create(caller(request), request.body)),
  );

  app.get(
    "/api/tokens",
    {
      onRequest,
      schema: { tags, querystring: z.strictObject(pageQuery), response: { 200: page(apiTokenSchema) } },
    },
    async (request) => apiTokens.list(caller(request), request.query.limit, request.query.cursor),
  );

  app.delete(
    "/api/tokens/:id",
    { onRequest, schema: { tags, params: idParams, response: { 204: z.null(), 404: errorResponse } } },
    async (request, reply) => {
      await apiTokens.revoke(caller(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
