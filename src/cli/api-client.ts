import type { CliConfig } from "../config.js";

/** A failure the CLI reports as its message alone (no stack), exiting 1. */
export class CliError extends Error {}

export type ApiAnswer = { status: number; text: string; headers: Headers };

/** One problem the API named, from `{error: {details: [{path, message}]}}`. */
export type ApiIssue = { path: string; message: string };

/** The API's error body, `{error: {code, message, details?}}`, as the CLI shows it. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly apiMessage: string,
    readonly issues: ApiIssue[],
  ) {
    super(`Vigil answered ${status} ${code}: ${apiMessage}`);
  }
}

const requestTimeoutMs = 120_000;

function apiError(status: number, text: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new ApiError(status, "error", text.slice(0, 500), []);
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const issues = Array.isArray(error?.details)
    ? error.details.flatMap((d: unknown) => {
        const { path, message } = (d ?? {}) as { path?: unknown; message?: unknown };
        return typeof path === "string" && typeof message === "string" ? [{ path, message }] : [];
      })
    : [];
  return new ApiError(
    status,
    String(error?.code ?? "error"),
    String(error?.message ?? text.slice(0, 500)),
    issues,
  );
}

/** Calls the API at VIGIL_URL as the holder of VIGIL_TOKEN; a non-2xx answer is an ApiError. */
export async function callApi(
  { apiUrl, token }: CliConfig,
  method: "GET" | "POST",
  path: string,
  body?: { text: string; contentType: string },
): Promise<ApiAnswer> {
  if (!token) throw new CliError("set VIGIL_TOKEN to a Vigil token (sent as Authorization: Bearer)");
  let res: Response;
  try {
    res = await fetch(apiUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { "content-type": body.contentType } : {}),
      },
      body: body?.text,
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new CliError(`cannot reach Vigil at ${apiUrl} (VIGIL_URL): ${cause}`);
  }
  const text = await res.text();
  if (res.status === 401)
    throw new CliError(`Vigil refused the token (VIGIL_TOKEN): ${apiError(401, text).apiMessage}`);
  if (!res.ok) throw apiError(res.status, text);
  return { status: res.status, text, headers: res.headers };
}
