import { z } from "zod";
import { userResponse, userSchema } from "../auth/auth-schemas.js";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams, page, pageQuery } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { createUserBody, updateUserBody } from "./user-schemas.js";
import type { UserService } from "./user-service.js";

/** Admin user management: how accounts are made when ALLOW_SIGNUP=false, and how roles change. */
export function registerUserRoutes(
  app: App,
  { auth, users }: { auth: AuthService; users: UserService },
): void {
  const onRequest = requireAuth(auth);
  const tags = ["users"];

  app.post(
    "/api/users",
    {
      onRequest,
      schema: { tags, body: createUserBody, response: { 201: userResponse, 403: errorResponse } },
    },
    async (request, reply) => {
      const user = await users.create(caller(request).user, request.body);
      return reply.status(201).send({ user });
    },
  );

  app.get(
    "/api/users",
    {
      onRequest,
      schema: { tags, querystring: z.strictObject(pageQuery), response: { 200: page(userSchema) } },
    },
    async (request) => users.list(caller(request).user, request.query.limit, request.query.cursor),
  );

  app.patch(
    "/api/users/:id",
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        body: updateUserBody,
        response: { 200: userResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => ({ user: await users.update(caller(request), request.params.id, request.body) }),
  );

  app.delete(
    "/api/users/:id",
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        response: { 204: z.null(), 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      await users.remove(caller(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
