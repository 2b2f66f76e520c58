import { z } from "zod";
import type { AuthContext } from "../auth/auth-service.js";
import { createAccount, lockUserRoles, type NewUser } from "../auth/create-account.js";
import {
  countAdmins,
  deleteUser,
  findUserById,
  listUsers,
  type PublicUser,
  toPublicUser,
  type UserChanges,
  updateUser,
} from "../auth/user-repository.js";
import type { Database } from "../db/client.js";
import type { UserRole } from "../db/schema/index.js";
import { AppError, ForbiddenError, NotFoundError } from "../http/errors.js";
import { decodeCursor, toPage } from "../lib/cursor.js";

export type UserUpdate = { role?: UserRole | undefined; name?: string | undefined };

/** Admin user management. Every method checks the caller is an admin; role changes keep one admin at least. */
export function createUserService(db: Database) {
  const assertAdmin = (actor: PublicUser) => {
    if (actor.role !== "admin") throw new ForbiddenError("Only admins can manage users");
  };

  /** Inside the role lock: the actor must still be an admin (a concurrent demotion could have happened). */
  async function assertStillAdmin(tx: Database, actorId: string): Promise<void> {
    if ((await findUserById(tx, actorId))?.role !== "admin") {
      throw new ForbiddenError("Only admins can manage users");
    }
  }

  return {
    /** Admin-created accounts work whether or not sign-up is open. */
    async create(actor: PublicUser, input: NewUser & { role: UserRole }): Promise<PublicUser> {
      assertAdmin(actor);
      return createAccount(db, input, { role: input.role });
    },

    async list(actor: PublicUser, limit: number, cursor: string | undefined) {
      assertAdmin(actor);
      const afterId = cursor ? decodeCursor(cursor, z.uuid()) : undefined;
      return toPage(await listUsers(db, limit + 1, afterId), limit, toPublicUser, (row) => row.id);
    },

    async update(actor: AuthContext, id: string, input: UserUpdate): Promise<PublicUser> {
      assertAdmin(actor.user);
      return db.transaction(async (tx) => {
        await lockUserRoles(tx);
        await assertStillAdmin(tx, actor.user.id);
        const target = await findUserById(tx, id);
        if (!target) throw new NotFoundError("User");
        if (input.role === "member" && target.role === "admin" && (await countAdmins(tx)) <= 1) {
          throw new AppError("last_admin", "This is the last admin: make another user admin first");
        }
        const changes: UserChanges = {};
        if (input.role !== undefined) changes.role = input.role;
        if (input.name !== undefined) changes.name = input.name.trim();
        const row = await updateUser(tx, id, changes);
        if (!row) throw new NotFoundError("User");
        return toPublicUser(row);
      });
    },

    /** Deletes the account and, by cascade, everything it owns (monitors, results, channels, sessions). */
    async remove(actor: AuthContext, id: string): Promise<void> {
      assertAdmin(actor.user);
      if (id === actor.user.id) {
        throw new AppError("cannot_delete_self", "You cannot delete your own account: ask another admin");
      }
      await db.transaction(async (tx) => {
        await lockUserRoles(tx);
        await assertStillAdmin(tx, actor.user.id);
        if (!(await deleteUser(tx, id))) throw new NotFoundError("User");
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
