import cookie from "@fastify/cookie";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { Config } from "../../config.js";
import { AppError } from "../errors.js";
import type { App } from "../types.js";

export async function registerSecurity(app: App, http: Config["http"]): Promise<void> {
  await app.register(cookie);
  await app.register(helmet, {
    // Swagger UI at /docs sets its own policy for its pages.
    contentSecurityPolicy: { directives: { "img-src": ["'self'", "data:"] } },
  });
  // Off unless origins are configured: the dashboard is served from the same origin.
  if (http.corsOrigins.length > 0) {
    await app.register(cors, { origin: http.corsOrigins, credentials: true });
  }
  // Per IP, in memory per process. Routes tighten it with config.rateLimit (auth) or opt out (health).
  await app.register(rateLimit, {
    max: http.rateLimit.max,
    timeWindow: http.rateLimit.windowMs,
    errorResponseBuilder: (_request, context) =>
      new AppError("rate_limited", `Too many requests: try again in ${context.after}`),
  });
}
