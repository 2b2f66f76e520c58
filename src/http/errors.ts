/**
 * One error taxonomy: every error a client can see has a code, and the code decides the HTTP status. A subclass
 * may answer with another status where the context calls for it (a wrong TOTP code at login is a 401).
 */
export const errorStatus = {
  validation_error: 400,
  invalid_json: 400,
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  totp_required: 401,
  invalid_totp: 400,
  invalid_reset_token: 400,
  invalid_token: 401,
  forbidden: 403,
  signup_closed: 403,
  invalid_password: 403,
  csrf_rejected: 403,
  not_found: 404,
  password_reset_unavailable: 404,
  conflict: 409,
  email_taken: 409,
  last_admin: 409,
  cannot_delete_self: 409,
  region_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  delivery_failed: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get statusCode(): number {
    return errorStatus[this.code];
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not_found", `${what} not found`);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super("validation_error", message, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this") {
    super("forbidden", message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Authentication required") {
    super("unauthorized", message);
  }
}
