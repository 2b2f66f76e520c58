/**
 * The one way the dashboard talks to the API: same-origin fetch with the session cookie (set httpOnly by login and
 * sign-up; never read or stored by the page), JSON in and out, and the API's error shape turned into ApiError.
 */

export type ErrorDetail = { in?: string; path?: string; message?: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Called when any request answers 401 unauthorized: the session ended (logout elsewhere, expiry). */
let onUnauthorized: (() => void) | undefined;
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", headers: { accept: "application/json" } };
  // Cookie-authenticated changes must be JSON (the API's CSRF rule, src/auth/request-auth.ts): {} when empty.
  if (method !== "GET") {
    init.headers = { accept: "application/json", "content-type": "application/json" };
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network_error", "Vigil cannot be reached: check your connection and try again");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  if (text && res.headers.get("content-type")?.includes("application/json")) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const apiError = new ApiError(
      res.status,
      error?.code ?? `http_${res.status}`,
      error?.message ?? `The server answered ${res.status}`,
      error?.details,
    );
    if (res.status === 401 && apiError.code === "unauthorized") onUnauthorized?.();
    throw apiError;
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body);
export const put = <T>(path: string, body: unknown) => api<T>("PUT", path, body);
export const patch = <T>(path: string, body: unknown) => api<T>("PATCH", path, body);
export const del = (path: string) => api<void>("DELETE", path);

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Every page of a cursor-paged list; `onPage` sees each page as it arrives, so the first rows show early. */
export async function fetchAllPages<T>(
  path: string,
  { limit = 1000, onPage }: { limit?: number; onPage?: (items: T[], done: boolean) => void } = {},
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  const sep = path.includes("?") ? "&" : "?";
  do {
    const query: string = `${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page: Page<T> = await get<Page<T>>(`${path}${query}`);
    all.push(...page.items);
    cursor = page.nextCursor;
    onPage?.(page.items, cursor === null);
  } while (cursor);
  return all;
}

/** A list answer that is either a page or a bare array (routes still being built may answer either). */
export function itemsOf<T>(answer: Page<T> | T[] | { items: T[] }): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

export const errorMessage = (err: unknown): string =>
  err instanceof Error ? err.message : "Something went wrong";
