import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { errorResponse } from "../http/common-schemas.js";
import { NotFoundError } from "../http/errors.js";
import type { App } from "../http/types.js";
import type { HeartbeatService } from "./heartbeat-service.js";
import { heartbeatTokenPattern } from "./heartbeat-token.js";

/** Per ping URL: far above any sane cron schedule, low enough that a runaway loop cannot flood the results. */
export const pingRateLimit = { max: 60, timeWindow: 60_000 };

const params = z.strictObject({ token: z.string().max(100) });
const pingReply = z.object({ ok: z.literal(true), status: z.enum(["up", "down", "paused"]) });

/**
 * The ping URLs of heartbeat monitors: GET or POST, no login (the token is the credential), any body in any
 * content type (a job may post its output; a /fail ping's output becomes the result's error).
 */
export function registerHeartbeatRoutes(app: App, { heartbeats }: { heartbeats: HeartbeatService }) {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "string", bodyLimit: 100_000 }, (_request, body, done) =>
      done(null, body),
    );
    const config = {
      rateLimit: {
        ...pingRateLimit,
        // Per client and ping URL: a runaway job is held back without one client minting buckets with random tokens.
        keyGenerator: (request: FastifyRequest) =>
          `heartbeat:${request.ip}:${(request.params as { token?: string }).token}`,
      },
    };
    const schema = {
      tags: ["heartbeats"],
      params,
      response: { 200: pingReply, 404: errorResponse, 429: errorResponse },
    };
    for (const failed of [false, true]) {
      const url = failed ? "/api/heartbeat/:token/fail" : "/api/heartbeat/:token";
      scope.route({
        method: ["GET", "POST"],
        url,
        config,
        schema,
        handler: async (request) => {
          const { token } = request.params as z.infer<typeof params>;
          // Malformed tokens never reach the database.
          if (!heartbeatTokenPattern.test(token)) throw new NotFoundError("Heartbeat");
          const body = typeof request.body === "string" ? request.body : "";
          const outcome = await heartbeats.ping(token, { failed, body, sourceAddress: request.ip });
          return { ok: true as const, ...outcome };
        },
      });
    }
  });
}
