import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isConnectionError } from "../lib/pg-errors.js";
import { AppError, type ErrorBody, type ErrorCode } from "./errors.js";

// Fastify's own client errors, by code, mapped onto ours.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "bad_request",
};

function toAppError(err: FastifyError): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      in: err.validationContext,
      path: v.instancePath.replace(/^\//, "").replaceAll("/", ".") || undefined,
      message: v.message,
    }));
    const first = details[0];
    const where = first?.path ? `${first.path}: ` : "";
    return new AppError(
      "validation_error",
      `Invalid ${err.validationContext}: ${where}${first?.message}`,
      details,
    );
  }
  const mapped = err.code ? fastifyCodes[err.code] : undefined;
  if (mapped) return new AppError(mapped, err.message);
  if (err.statusCode === 429) return new AppError("rate_limited", err.message);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError("bad_request", err.message);
  }
  if (isConnectionError(err)) {
    return new AppError("service_unavailable", "The database is unavailable: try again shortly");
  }
  return new AppError("internal_error", "Internal server error");
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError>((err, request, reply) => {
    const appError = toAppError(err);
    if (appError.statusCode >= 500) request.log.error({ err }, "request failed");
    const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
    if (appError.details !== undefined) body.error.details = appError.details;
    // A rate-limit error carries Retry-After and the limit headers already set by the plugin.
    return reply.status(appError.statusCode).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: "not_found", message: `No route for ${request.method} ${request.url.split("?")[0]}` },
    };
    return reply.status(404).send(body);
  });
}
