import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import { ForbiddenError, UnauthorizedError } from "../http/errors.js";
import type { AuthContext, AuthService } from "./auth-service.js";

export const sessionCookie = "vigil_session";

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  return request.cookies[sessionCookie];
}

/** onRequest guard: runs before the body is parsed, so anonymous callers cannot make the server parse anything. */
export function requireAuth(auth: AuthService): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = tokenOf(request);
    const context = token ? await auth.authenticate(token) : undefined;
    if (!context) throw new UnauthorizedError("Missing, invalid, expired or revoked token");
    request.auth = context;
  };
}

/** The caller of a route behind requireAuth. */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new UnauthorizedError();
  return request.auth;
}

export function requireAdmin(request: FastifyRequest): AuthContext {
  const context = caller(request);
  if (context.user.role !== "admin") throw new ForbiddenError("Only admins can do this");
  return context;
}
