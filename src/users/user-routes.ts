import { z } from "zod";
import { createUserBody, userSchema } from "../auth/auth-schemas.js";
import type { AuthService } from "../auth/auth-service.js";
import { requireAdmin, requireAuth } from "../auth/request-auth.js";
import { page, pageQuery } from "../http/common-schemas.js";
import type { App } from "../http/types.js";

/** Admin user management: how accounts are made when ALLOW_SIGNUP=false. */
export function registerUserRoutes(app: App, { auth }: { auth: AuthService }): void {
  const tags = ["users"];
  app.post(
    "/api/users",
    {
      onRequest: requireAuth(auth),
      schema: { tags, body: createUserBody, response: { 201: z.object({ user: userSchema }) } },
    },
    async (request, reply) => {
      const user = await auth.createUserAsAdmin(requireAdmin(request).user, request.body);
      return reply.status(201).send({ user });
    },
  );

  app.get(
    "/api/users",
    {
      onRequest: requireAuth(auth),
      schema: { tags, querystring: z.strictObject(pageQuery), response: { 200: page(userSchema) } },
    },
    async (request) => {
      requireAdmin(request);
      return auth.listUsers(request.query.limit, request.query.cursor);
    },
  );
}
