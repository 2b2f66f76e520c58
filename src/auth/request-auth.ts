import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import { AppError, ForbiddenError, UnauthorizedError } from "../http/errors.js";
import type { AuthContext, AuthService } from "./auth-service.js";

export const sessionCookie = "vigil_session";

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

type Credential = { token: string; via: "header" | "cookie" };

function credentialOf(request: FastifyRequest): Credential | undefined {
  const header = request.headers.authorization;
  if (header) {
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    return token ? { token, via: "header" } : undefined;
  }
  const cookie = request.cookies[sessionCookie];
  return cookie ? { token: cookie, via: "cookie" } : undefined;
}

const stateChanging = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const jsonContentType = /^application\/json\s*(;|$)/i;

/**
 * CSRF defence for cookie sessions, on top of SameSite=Strict: a state-changing request must say
 * `content-type: application/json`. No HTML form can send that, and a cross-origin script can only after a CORS
 * preflight, which fails unless CORS_ORIGINS trusts its origin. Bearer tokens are never sent by a browser on its
 * own, so requests carrying one are exempt.
 */
function assertNotCrossSite(request: FastifyRequest, via: Credential["via"]): void {
  if (via !== "cookie" || !stateChanging.has(request.method)) return;
  if (jsonContentType.test(request.headers["content-type"] ?? "")) return;
  throw new AppError(
    "csrf_rejected",
    "Requests authenticated by the session cookie that change something must send content-type: application/json (with a JSON body, {} if there is nothing to send)",
  );
}

/** onRequest guard: runs before the body is parsed, so anonymous callers cannot make the server parse anything. */
export function requireAuth(auth: AuthService): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const credential = credentialOf(request);
    const context = credential ? await auth.authenticate(credential.token, credential.via) : undefined;
    if (!credential || !context) throw new UnauthorizedError("Missing, invalid, expired or revoked token");
    assertNotCrossSite(request, credential.via);
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
