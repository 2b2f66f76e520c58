import { hashRandomToken } from "../auth/random-token.js";
import type { UserRow } from "../auth/user-repository.js";
import type { Database } from "../db/client.js";
import { AppError } from "../http/errors.js";
import { findApiTokenByHash, touchApiToken } from "./api-token-repository.js";
import { isWellFormedApiToken } from "./api-token-secret.js";

/** lastUsedAt is a hint for the owner, not an audit log: it is written at most once a minute per token. */
const lastUsedResolutionMs = 60_000;

const invalidToken = (message: string) => new AppError("invalid_token", message);

/**
 * The owner of a bearer API token, or `invalid_token` (401) saying why not. The owner's row is read on every
 * request, so role changes and account deletion take effect at once.
 */
export async function authenticateApiToken(
  db: Database,
  token: string,
  now: Date,
): Promise<{ user: UserRow; apiTokenId: string }> {
  const row = isWellFormedApiToken(token) ? await findApiTokenByHash(db, hashRandomToken(token)) : undefined;
  if (!row) throw invalidToken("Unknown API token");
  const { token: apiToken, user } = row;
  if (apiToken.revokedAt) throw invalidToken("This API token has been revoked");
  if (apiToken.expiresAt && apiToken.expiresAt <= now) {
    throw invalidToken(`This API token expired at ${apiToken.expiresAt.toISOString()}`);
  }
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs);
  if (!apiToken.lastUsedAt || apiToken.lastUsedAt <= staleBefore) {
    await touchApiToken(db, apiToken.id, now, staleBefore);
  }
  return { user, apiTokenId: apiToken.id };
}
