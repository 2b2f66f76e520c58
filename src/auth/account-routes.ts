import { z } from "zod";
import { errorResponse } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import {
  changePasswordBody,
  totpDisableBody,
  totpEnableBody,
  totpSetupResponse,
  updateMeBody,
} from "./account-schemas.js";
import type { AccountService } from "./account-service.js";
import { userResponse } from "./auth-schemas.js";
import type { AuthService } from "./auth-service.js";
import { caller, requireAuth } from "./request-auth.js";
import type { TotpService } from "./totp-service.js";

export type AccountRouteOptions = {
  auth: AuthService;
  account: AccountService;
  totp: TotpService;
  authRateLimitMax: number;
};

/** The signed-in user's own account: profile, password and two-factor authentication. */
export function registerAccountRoutes(
  app: App,
  { auth, account, totp, authRateLimitMax }: AccountRouteOptions,
): void {
  const onRequest = requireAuth(auth);
  // Routes that check a password or a TOTP code get the login limit: a stolen session must not brute-force them.
  const strict = { rateLimit: { max: authRateLimitMax } };
  const tags = ["account"];
  const noContent = z.null();

  app.put(
    "/api/auth/me",
    { onRequest, schema: { tags, body: updateMeBody, response: { 200: userResponse, 409: errorResponse } } },
    async (request) => ({ user: await account.updateProfile(caller(request), request.body) }),
  );

  app.post(
    "/api/auth/password",
    {
      onRequest,
      config: strict,
      schema: { tags, body: changePasswordBody, response: { 204: noContent, 403: errorResponse } },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      await account.changePassword(caller(request), currentPassword, newPassword);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/auth/totp/setup",
    { onRequest, schema: { tags, response: { 200: totpSetupResponse, 409: errorResponse } } },
    async (request) => totp.setup(caller(request).user.id),
  );

  app.post(
    "/api/auth/totp/enable",
    {
      onRequest,
      config: strict,
      schema: { tags, body: totpEnableBody, response: { 204: noContent, 400: errorResponse } },
    },
    async (request, reply) => {
      await totp.enable(caller(request).user.id, request.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/auth/totp/disable",
    {
      onRequest,
      config: strict,
      schema: { tags, body: totpDisableBody, response: { 204: noContent, 400: errorResponse } },
    },
    async (request, reply) => {
      await totp.disable(caller(request).user.id, request.body.password, request.body.code);
      return reply.status(204).send(null);
    },
  );
}
