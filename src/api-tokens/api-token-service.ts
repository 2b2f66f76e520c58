import { z } from "zod";
import type { AuthContext } from "../auth/auth-service.js";
import { hashRandomToken } from "../auth/random-token.js";
import type { Database } from "../db/client.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { newId } from "../lib/ids.js";
import {
  type ApiTokenRow,
  insertApiToken,
  listOwnedApiTokens,
  revokeOwnedApiToken,
} from "./api-token-repository.js";
import { displayPrefixOf, newApiTokenSecret } from "./api-token-secret.js";

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
};

/** Up to ten years ahead; without expiresAt a token lives until it is revoked. */
const maxLifetimeDays = 3650;

export type NewApiToken = { name: string; expiresAt?: string | undefined };

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** The caller's personal API tokens. A token can list and revoke tokens but not create one (see create). */
export function createApiTokenService(db: Database, now: () => Date = () => new Date()) {
  return {
    /**
     * Only a login session creates tokens: a leaked token must not be able to mint a fresh one that outlives
     * its own expiry or revocation.
     */
    async create(caller: AuthContext, input: NewApiToken): Promise<{ token: string; apiToken: ApiToken }> {
      if (caller.apiTokenId) {
        throw new ForbiddenError("API tokens cannot create API tokens: sign in to create one");
      }
      const at = now();
      let expiresAt: Date | null = null;
      if (input.expiresAt !== undefined) {
        expiresAt = new Date(input.expiresAt);
        if (expiresAt <= at) throw new ValidationError("expiresAt must be in the future");
        if (expiresAt.getTime() - at.getTime() > maxLifetimeDays * 86_400_000) {
          throw new ValidationError(`expiresAt must be at most ${maxLifetimeDays} days ahead`);
        }
      }
      const token = newApiTokenSecret();
      const row = await insertApiToken(db, {
        id: newId(),
        userId: caller.user.id,
        name: input.name.trim(),
        tokenHash: hashRandomToken(token),
        prefix: displayPrefixOf(token),
        createdAt: at,
        expiresAt,
      });
      return { token, apiToken: toApiToken(row) };
    },

    async list(caller: AuthContext, limit: number, cursor: string | undefined) {
      const afterId = cursor ? decodeCursor(cursor, z.uuid()) : undefined;
      const rows = await listOwnedApiTokens(db, caller.user.id, limit + 1, afterId);
      return toPage(rows, limit, toApiToken, (row) => row.id);
    },

    /** Another user's token is indistinguishable from a missing one. */
    async revoke(caller: AuthContext, id: string): Promise<void> {
      if (!(await revokeOwnedApiToken(db, caller.user.id, id, now()))) throw new NotFoundError("API token");
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
