import type { FastifyReply } from "fastify";
import { z } from "zod";
import { errorResponse } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { authOptionsResponse, loginBody, sessionResponse, signupBody, userResponse } from "./auth-schemas.js";
import type { AuthService } from "./auth-service.js";
import type { PasswordResetService } from "./password-reset-service.js";
import { caller, requireAuth, sessionCookie } from "./request-auth.js";

export type AuthRouteOptions = {
  auth: AuthService;
  passwordResets: PasswordResetService;
  secureCookies: boolean;
  authRateLimitMax: number;
};

export function registerAuthRoutes(
  app: App,
  { auth, passwordResets, secureCookies, authRateLimitMax }: AuthRouteOptions,
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

  app.get("/api/auth/options", { schema: { tags, response: { 200: authOptionsResponse } } }, async () => ({
    signupOpen: await auth.signupOpen(),
    passwordReset: passwordResets.available,
  }));

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
      const session = await auth.login(request.body);
      setCookie(reply, session.token, session.expiresAt);
      return { token: session.token, user: session.user };
    },
  );

  app.post(
    "/api/auth/logout",
    { onRequest: requireAuth(auth), schema: { tags, response: { 204: z.null(), 401: errorResponse } } },
    async (request, reply) => {
      await auth.logout(caller(request));
      reply.clearCookie(sessionCookie, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/auth/me",
    { onRequest: requireAuth(auth), schema: { tags, response: { 200: userResponse } } },
    async (request) => ({ user: caller(request).user }),
  );
}
