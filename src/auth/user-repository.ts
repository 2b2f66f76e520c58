import { and, asc, count, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { type UserRole, users } from "../db/schema/index.js";

export type UserRow = typeof users.$inferSelect;

export type PublicUser = {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  totpEnabled: boolean;
  createdAt: string;
};

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    totpEnabled: row.totpEnabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function findUserById(db: Database, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function countAdmins(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.role, "admin"));
  return row?.n ?? 0;
}

export async function insertUser(db: Database, user: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(user).returning();
  if (!row) throw new Error("insert into users returned no row");
  return row;
}

export type UserChanges = Partial<Pick<UserRow, "email" | "name" | "role" | "passwordHash">>;

/** The updated row, or undefined when the user does not exist. */
export async function updateUser(
  db: Database,
  id: string,
  changes: UserChanges,
): Promise<UserRow | undefined> {
  if (Object.keys(changes).length === 0) return findUserById(db, id);
  const [row] = await db.update(users).set(changes).where(eq(users.id, id)).returning();
  return row;
}

export async function deleteUser(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}

export async function listUsers(
  db: Database,
  limit: number,
  afterId: string | undefined,
): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(afterId ? gt(users.id, afterId) : undefined)
    .orderBy(asc(users.id))
    .limit(limit);
}

/** Stores a new pending secret (sealed), replacing any earlier pending one; refused once TOTP is enabled. */
export async function setPendingTotpSecret(db: Database, id: string, sealed: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpSecret: sealed, totpLastStep: null })
    .where(and(eq(users.id, id), isNull(users.totpEnabledAt)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Enables the pending secret the caller verified a code against, if it is still the pending one. */
export async function enableTotp(
  db: Database,
  id: string,
  sealed: string,
  step: number,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpEnabledAt: now, totpLastStep: step })
    .where(and(eq(users.id, id), isNull(users.totpEnabledAt), eq(users.totpSecret, sealed)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/**
 * Records `step` as the last used time step if it is later than the last one: false means the code (or an older
 * one) was used already. The compare-and-set is one statement, so two concurrent logins cannot both use a code.
 */
export async function claimTotpStep(db: Database, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(users.id, id),
        isNotNull(users.totpEnabledAt),
        or(isNull(users.totpLastStep), lt(users.totpLastStep, step)),
      ),
    )
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function clearTotp(db: Database, id: string): Promise<void> {
  await db
    .update(users)
    .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
    .where(eq(users.id, id));
}
