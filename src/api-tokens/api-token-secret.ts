import { createHash, randomBytes } from "node:crypto";

/**
 * Personal API tokens look like `vgl_` + 32 random bytes in base64url (43 characters), so secret scanners can
 * match them and the request guard tells them from session JWTs (which start with `eyJ`).
 */
export const apiTokenPrefix = "vgl_";
const apiTokenPattern = /^vgl_[A-Za-z0-9_-]{43}$/;
/** `vgl_` and the first 8 random characters (48 of 256 bits): enough to recognize a token in a list, not to guess it. */
const displayLength = apiTokenPrefix.length + 8;

export const newApiTokenSecret = (): string => apiTokenPrefix + randomBytes(32).toString("base64url");

/** Whether a bearer credential is meant as an API token (well-formed or not); anything else is a session JWT. */
export const looksLikeApiToken = (token: string): boolean => token.startsWith(apiTokenPrefix);

export const isWellFormedApiToken = (token: string): boolean => apiTokenPattern.test(token);

/** SHA-256, hex: the token has 256 random bits, so a fast hash is enough and lookups stay one indexed read. */
export const hashApiToken = (token: string): string => createHash("sha256").update(token).digest("hex");

export const displayPrefixOf = (token: string): string => token.slice(0, displayLength);
