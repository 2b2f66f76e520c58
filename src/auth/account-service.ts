import type { Database } from "../db/client.js";
import { AppError, UnauthorizedError } from "../http/errors.js";
import { isUniqueViolation } from "../lib/pg-errors.js";
import type { AuthContext } from "./auth-service.js";
import { emailTakenError, normalizeEmail } from "./create-account.js";
import { hashPassword, verifyPassword } from "./password.js";
import { consumeUserResetTokens } from "./password-reset-repository.js";
import { revokeUserSessions } from "./session-repository.js";
import {
  findUserById,
  type PublicUser,
  toPublicUser,
  type UserChanges,
  updateUser,
} from "./user-repository.js";

export type ProfileChanges = { name?: string | undefined; email?: string | undefined };

/** What signed-in users change about their own account. */
export function createAccountService(db: Database, now: () => Date = () => new Date()) {
  return {
    async updateProfile(caller: AuthContext, input: ProfileChanges): Promise<PublicUser> {
      const changes: UserChanges = {};
      if (input.name !== undefined) changes.name = input.name.trim();
      if (input.email !== undefined) changes.email = normalizeEmail(input.email);
      try {
        const row = await updateUser(db, caller.user.id, changes);
        if (!row) throw new UnauthorizedError("Your account no longer exists");
        return toPublicUser(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw emailTakenError();
        throw err;
      }
    },

    /** Signs out every other session (a thief's included); the caller's own session stays valid. */
    async changePassword(caller: AuthContext, currentPassword: string, newPassword: string): Promise<void> {
      const user = await findUserById(db, caller.user.id);
      if (!user) throw new UnauthorizedError("Your account no longer exists");
      if (!(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new AppError("invalid_password", "The current password is incorrect");
      }
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await updateUser(tx, user.id, { passwordHash });
        await revokeUserSessions(tx, user.id, now(), caller.sessionId);
        await consumeUserResetTokens(tx, user.id, now());
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
