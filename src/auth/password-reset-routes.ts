import { z } from "zod";
import { errorResponse } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { resetConfirmBody, resetRequestBody } from "./account-schemas.js";
import type { PasswordResetService } from "./password-reset-service.js";

/** Password reset by email, for users who cannot log in: public, and limited like login. */
export function registerPasswordResetRoutes(
  app: App,
  { passwordResets, authRateLimitMax }: { passwordResets: PasswordResetService; authRateLimitMax: number },
): void {
  const strict = { rateLimit: { max: authRateLimitMax } };
  const tags = ["auth"];

  app.post(
    "/api/auth/password-reset/request",
    {
      config: strict,
      schema: { tags, body: resetRequestBody, response: { 202: z.null(), 404: errorResponse } },
    },
    async (request, reply) => {
      // 202 whether or not the email has an account: the answer must not tell.
      passwordResets.request(request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    "/api/auth/password-reset/confirm",
    {
      config: strict,
      schema: { tags, body: resetConfirmBody, response: { 204: z.null(), 400: errorResponse } },
    },
    async (request, reply) => {
      await passwordResets.confirm(request.body.token, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );
}
