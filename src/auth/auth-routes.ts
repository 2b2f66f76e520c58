import type { FastifyReply } from "fastify";
import { z } from "zod";
import { errorResponse } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { loginBody, sessionResponse, signupBody, userSchema } from "./auth-schemas.js";
import type { AuthService } from "./auth-service.js";
import { caller, requireAuth, sessionCookie } from "./request-auth.js";

export type AuthRouteOptions = { auth: AuthService; secureCookies: boolean; authRateLimitMax: number };

export function registerAuthRoutes(
  app: App,
  { auth, secureCookies, authRateLimitMax }: AuthRouteOptions,
): void {
  const setCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(sessionCookie, token, {
      httpOnly: true,
      sameSite: "strict",
      secure: secureCookies,
      path: "/",
      expires: expiresAt,
    });
  // Strict per-IP limit on the routes that guess passwords or create accounts.
  const strict = { rateLimit: { max: authRateLimitMax } };
  const tags = ["auth"];

  app.post(
    "/api/auth/signup",
    {
      config: strict,
      schema: {
        tags,
        body: signupBody,
        response: { 201: sessionResponse, 403: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const session = await auth.signup(request.body);
      setCookie(reply, session.token, session.expiresAt);
      return reply.status(201).send({ token: session.token, user: session.user });
    },
  );

  app.post(
    "/api/auth/login",
    {
      config: strict,
      schema: { tags, body: loginBody, response: { 200: sessionResponse, 401: errorResponse } },
    },
    async (request, reply) => {
      const session = await auth.login(request.body.email, request.body.password);
      setCookie(reply, session.token, session.expiresAt);
      return { token: session.token, user: session.user };
    },
  );

  app.post(
    "/api/auth/logout",
    { onRequest: requireAuth(auth), schema: { tags, response: { 204: z.null(), 401: errorResponse } } },
    async (request, reply) => {
      await auth.logout(caller(request).sessionId);
      reply.clearCookie(sessionCookie, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/auth/me",
    { onRequest: requireAuth(auth), schema: { tags, response: { 200: z.object({ user: userSchema }) } } },
    async (request) => ({ user: caller(request).user }),
  );
}
