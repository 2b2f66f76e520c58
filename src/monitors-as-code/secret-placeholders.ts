import { ValidationError } from "../http/errors.js";
import type { HttpAuth } from "../monitors/http-auth.js";
import {
  maskAuth,
  maskedValue,
  maskHeaders,
  unmaskAuth,
  unmaskBody,
  unmaskHeaders,
} from "../monitors/secret-masking.js";

/**
 * Credentials are write-only, so an export cannot hold them: it writes a placeholder like `${CHECKOUT_AUTH_PASSWORD}`
 * where each one was. Applying a document, a placeholder (or the API's `********` marker) in a secret's place keeps
 * the stored value; a placeholder where nothing is stored (a new monitor, a new header) is an error, since there is
 * nothing to keep. Secrets are: auth passwords and tokens, the request body, and credential-like header values.
 */
const placeholderPattern = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

export const isPlaceholder = (value: string): boolean =>
  placeholderPattern.test(value) || value === maskedValue;

const upperSnake = (text: string) =>
  text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

/** `${KEY_PART_PART}`: named after the monitor's key and the secret's place, so each is easy to find. */
export function placeholderFor(key: string, ...parts: string[]): string {
  const name = upperSnake([key, ...parts].join("_"));
  return `\${${/^[A-Z_]/.test(name) ? name : `SECRET_${name}`}}`;
}

export type Secrets = { headers: Record<string, string>; auth: HttpAuth | null; body: string | null };

/** A stored monitor's secrets as an export writes them, with the placeholders used, in order. */
export function exportSecrets(key: string, stored: Secrets): Secrets & { placeholders: string[] } {
  const placeholders: string[] = [];
  const use = (value: string) => {
    placeholders.push(value);
    return value;
  };
  const masked = maskHeaders(stored.headers);
  const headers = Object.fromEntries(
    Object.entries(stored.headers).map(([name, value]) => [
      name,
      masked[name] === maskedValue ? use(placeholderFor(key, "header", name)) : value,
    ]),
  );
  let auth = maskAuth(stored.auth);
  if (auth?.type === "basic") auth = { ...auth, password: use(placeholderFor(key, "auth", "password")) };
  if (auth?.type === "bearer") auth = { ...auth, token: use(placeholderFor(key, "auth", "token")) };
  const body = stored.body === null ? null : use(placeholderFor(key, "body"));
  return { headers, auth, body, placeholders };
}

const unresolved = (path: string) =>
  new ValidationError(
    `${path} is a placeholder, but there is no stored secret to keep: write the secret itself`,
    { path },
  );

/** The document's secrets with placeholders replaced by the stored values (`stored`: the matched monitor's). */
export function resolveSecrets(wanted: Secrets, stored: Secrets | undefined): Secrets {
  const marked = Object.fromEntries(
    Object.entries(wanted.headers).map(([name, value]) => [name, isPlaceholder(value) ? maskedValue : value]),
  );
  const headers = stored ? unmaskHeaders(marked, stored.headers) : marked;
  for (const [name, value] of Object.entries(headers)) {
    if (value === maskedValue) throw unresolved(`headers.${name}`);
  }
  let auth = wanted.auth;
  if (auth?.type === "basic" && isPlaceholder(auth.password)) auth = { ...auth, password: maskedValue };
  if (auth?.type === "bearer" && isPlaceholder(auth.token)) auth = { ...auth, token: maskedValue };
  auth = stored ? unmaskAuth(auth, stored.auth) : auth;
  if (auth?.type === "basic" && auth.password === maskedValue) throw unresolved("auth.password");
  if (auth?.type === "bearer" && auth.token === maskedValue) throw unresolved("auth.token");
  const markedBody = wanted.body !== null && isPlaceholder(wanted.body) ? maskedValue : wanted.body;
  if (markedBody === maskedValue && (stored?.body ?? null) === null) throw unresolved("body");
  const body = stored ? unmaskBody(markedBody, stored.body) : markedBody;
  return { headers, auth, body };
}
