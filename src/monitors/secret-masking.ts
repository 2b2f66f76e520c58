import type { HttpAuth } from "./http-auth.js";

/**
 * Credentials in monitors are write-only: responses carry this marker in their place, and sending the marker back
 * in an update keeps the stored value, so a client can round-trip a monitor without ever holding its secrets.
 */
export const maskedValue = "********";

/** Header names whose values are credentials. */
const sensitiveHeader =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|passwd|api[-_]?key|session|auth/i;

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, sensitiveHeader.test(name) ? maskedValue : value]),
  );
}

export function maskAuth(auth: HttpAuth | null): HttpAuth | null {
  if (!auth) return null;
  return auth.type === "basic" ? { ...auth, password: maskedValue } : { ...auth, token: maskedValue };
}

export const maskBody = (body: string | null): string | null => (body === null ? null : maskedValue);

/** Incoming headers, with masked values replaced by the stored ones of the same name (case-insensitive). */
export function unmaskHeaders(
  incoming: Record<string, string>,
  stored: Record<string, string>,
): Record<string, string> {
  const storedByName = new Map(Object.entries(stored).map(([name, value]) => [name.toLowerCase(), value]));
  return Object.fromEntries(
    Object.entries(incoming).map(([name, value]) => [
      name,
      value === maskedValue ? (storedByName.get(name.toLowerCase()) ?? value) : value,
    ]),
  );
}

export function unmaskAuth(incoming: HttpAuth | null, stored: HttpAuth | null): HttpAuth | null {
  if (!incoming || !stored || incoming.type !== stored.type) return incoming;
  if (incoming.type === "basic" && stored.type === "basic" && incoming.password === maskedValue) {
    return { ...incoming, password: stored.password };
  }
  if (incoming.type === "bearer" && stored.type === "bearer" && incoming.token === maskedValue) {
    return { ...incoming, token: stored.token };
  }
  return incoming;
}

export const unmaskBody = (incoming: string | null, stored: string | null): string | null =>
  incoming === maskedValue ? stored : incoming;
