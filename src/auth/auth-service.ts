import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client.js";
import type { UserRole } from "../db/schema/index.js";
import { AppError, ForbiddenError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";
import { newId } from "../lib/ids.js";
import { isUniqueViolation } from "../lib/pg-errors.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.js";
import { findSessionUser, insertSession, revokeSession } from "./session-repository.js";
import type { TokenCodec } from "./token.js";
import {
  countUsers,
  findUserByEmail,
  insertUser,
  listUsers,
  type PublicUser,
  toPublicUser,
} from "./user-repository.js";

export type AuthContext = { user: PublicUser; sessionId: string };

export type AuthServiceDeps = {
  db: Database;
  tokens: TokenCodec;
  sessionTtlMs: number;
  allowSignup: boolean;
  now?: () => Date;
};

export type NewUser = { email: string; name: string; password: string };

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

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

  /** Inserts a user; `role` undefined means "admin if this is the very first account, else member". */
  async function createUser(
    input: NewUser,
    role: UserRole | undefined,
    viaSignup: boolean,
  ): Promise<PublicUser> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await db.transaction(async (tx) => {
        // Serializes concurrent sign-ups so exactly one of them can become the first admin.
        await tx.execute(sql`select pg_advisory_xact_lock(7419002)`);
        const existing = await countUsers(tx);
        if (viaSignup && existing > 0 && !deps.allowSignup) {
          throw new AppError(
            "signup_closed",
            "Sign-up is closed on this server: ask an admin to create your account",
          );
        }
        const row = await insertUser(tx, {
          id: newId(),
          email: normalizeEmail(input.email),
          name: input.name.trim(),
          passwordHash,
          role: role ?? (existing === 0 ? "admin" : "member"),
        });
        return toPublicUser(row);
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError("email_taken", "An account with this email already exists");
      throw err;
    }
  }

  return {
    async signup(input: NewUser) {
      return startSession(await createUser(input, undefined, true));
    },

    /** Admin-created accounts work whether or not sign-up is open. */
    async createUserAsAdmin(actor: PublicUser, input: NewUser & { role: UserRole }): Promise<PublicUser> {
      if (actor.role !== "admin") throw new ForbiddenError("Only admins can create users");
      return createUser(input, input.role, false);
    },

    async login(email: string, password: string) {
      const user = await findUserByEmail(db, normalizeEmail(email));
      // Verify against a dummy hash for unknown emails: the response time must not reveal which part was wrong.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !ok) throw new AppError("invalid_credentials", "Email or password is incorrect");
      return startSession(toPublicUser(user));
    },

    async authenticate(token: string): Promise<AuthContext | undefined> {
      const claims = tokens.verify(token);
      if (!claims) return undefined;
      const user = await findSessionUser(db, claims.sid, claims.sub, now());
      return user ? { user: toPublicUser(user), sessionId: claims.sid } : undefined;
    },

    logout: (sessionId: string) => revokeSession(db, sessionId, now()),

    async listUsers(limit: number, cursor: string | undefined) {
      const afterId = cursor ? decodeCursor(cursor, z.uuid()) : undefined;
      return toPage(await listUsers(db, limit + 1, afterId), limit, toPublicUser, (row) => row.id);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
