import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { UserRole } from "../db/schema/index.js";
import { AppError } from "../http/errors.js";
import { newId } from "../lib/ids.js";
import { isUniqueViolation } from "../lib/pg-errors.js";
import { hashPassword } from "./password.js";
import { countUsers, insertUser, type PublicUser, toPublicUser } from "./user-repository.js";

export type NewUser = { email: string; name: string; password: string };

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Held (transaction-scoped) by every change that decides who is an admin: the first sign-up, role changes and
 * deletions, so two of them can never both pass a "there is another admin" check.
 */
export const lockUserRoles = (tx: Database) => tx.execute(sql`select pg_advisory_xact_lock(7419002)`);

export const emailTakenError = () => new AppError("email_taken", "An account with this email already exists");

/**
 * Inserts a user. `role` undefined means "admin if this is the very first account, else member"; with
 * `signupOpen: false` only the very first account may be made this way.
 */
export async function createAccount(
  db: Database,
  input: NewUser,
  { role, signupOpen = true }: { role?: UserRole; signupOpen?: boolean },
): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      await lockUserRoles(tx);
      const existing = await countUsers(tx);
      if (existing > 0 && !signupOpen) {
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
    if (isUniqueViolation(err)) throw emailTakenError();
    throw err;
  }
}
