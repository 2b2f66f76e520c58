import { authenticateApiToken } from "../api-tokens/api-token-auth.js";
import { revokeOwnedApiToken } from "../api-tokens/api-token-repository.js";
import { looksLikeApiToken } from "../api-tokens/api-token-secret.js";
import type { Database } from "../db/client.js";
import { AppError } from "../http/errors.js";
import { newId } from "../lib/ids.js";
import { createAccount, type NewUser, normalizeEmail } from "./create-account.js";
import { dummyPasswordHash, verifyPassword } from "./password.js";
import { findSessionUser, insertSession, revokeSession } from "./session-repository.js";
import type { TokenCodec } from "./token.js";
import type { TotpService } from "./totp-service.js";
import { countUsers, findUserByEmail, type PublicUser, toPublicUser } from "./user-repository.js";

/** The caller and their credential: a login session (JWT header or cookie) or a personal API token. */
export type AuthContext =
  | { user: PublicUser; sessionId: string; apiTokenId?: undefined }
  | { user: PublicUser; apiTokenId: string; sessionId?: undefined };

export type AuthServiceDeps = {
  db: Database;
  tokens: TokenCodec;
  totp: TotpService;
  sessionTtlMs: number;
  allowSignup: boolean;
  now?: () => Date;
};

export type LoginInput = { email: string; password: string; totpCode?: string | undefined };

/** Sign-up, login and the sessions behind tokens. */
export function createAuthService(deps: AuthServiceDeps) {
  const { db, tokens } = deps;
  const now = deps.now ?? (() => new Date());

  async function startSession(
    user: PublicUser,
  ): Promise<{ token: string; user: PublicUser; expiresAt: Date }> {
    const sessionId = newId();
    const expiresAt = new Date(now().getTime() + deps.sessionTtlMs);
    await insertSession(db, { id: sessionId, userId: user.id, expiresAt });
    return { token: tokens.sign({ sub: user.id, sid: sessionId }), user, expiresAt };
  }

  return {
    async signup(input: NewUser) {
      return startSession(await createAccount(db, input, { signupOpen: deps.allowSignup }));
    },

    /** Whether POST /api/auth/signup would accept a new account now (the very first one always is). */
    async signupOpen(): Promise<boolean> {
      return deps.allowSignup || (await countUsers(db)) === 0;
    },

    async login({ email, password, totpCode }: LoginInput) {
      const user = await findUserByEmail(db, normalizeEmail(email));
      // Verify against a dummy hash for unknown emails: the response time must not reveal which part was wrong.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !ok) throw new AppError("invalid_credentials", "Email or password is incorrect");
      // The second factor is asked for only after the password, so a wrong password says nothing about TOTP.
      if (user.totpEnabledAt) await deps.totp.verifyLogin(user, totpCode);
      return startSession(toPublicUser(user));
    },

    /**
     * The caller behind a credential, or undefined. API tokens count only in the Authorization header (a cookie
     * holding one is just an invalid session), and a bad one throws `invalid_token` so scripts learn why.
     */
    async authenticate(token: string, via: "header" | "cookie"): Promise<AuthContext | undefined> {
      if (via === "header" && looksLikeApiToken(token)) {
        const { user, apiTokenId } = await authenticateApiToken(db, token, now());
        return { user: toPublicUser(user), apiTokenId };
      }
      const claims = tokens.verify(token);
      if (!claims) return undefined;
      const user = await findSessionUser(db, claims.sid, claims.sub, now());
      return user ? { user: toPublicUser(user), sessionId: claims.sid } : undefined;
    },

    /** Ends the credential the request came with: the session, or the API token itself. */
    async logout(context: AuthContext): Promise<void> {
      if (context.apiTokenId !== undefined)
        await revokeOwnedApiToken(db, context.user.id, context.apiTokenId, now());
      else await revokeSession(db, context.sessionId, now());
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
