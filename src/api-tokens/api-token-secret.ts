import { newRandomToken } from "../auth/random-token.js";

/**
 * Personal API tokens look like `vgl_` + 32 random bytes in base64url (43 characters), so secret scanners can
 * match them and the request guard tells them from session JWTs (which start with `eyJ`).
 */
const apiTokenPrefix = "vgl_";
const apiTokenPattern = /^vgl_[A-Za-z0-9_-]{43}$/;
/** `vgl_` and the first 8 random characters (48 of 256 bits): enough to recognize a token in a list, not to guess it. */
const displayLength = apiTokenPrefix.length + 8;

export const newApiTokenSecret = (): string => apiTokenPrefix + newRandomToken();

/** Whether a bearer credential is meant as an API token (well-formed or not); anything else is a session JWT. */
export const looksLikeApiToken = (token: string): boolean => token.startsWith(apiTokenPrefix);

export const isWellFormedApiToken = (token: string): boolean => apiTokenPattern.test(token);

export const displayPrefixOf = (token: string): string => token.slice(0, displayLength);
