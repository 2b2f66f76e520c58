import { asc, count, eq, gt } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { type UserRole, users } from "../db/schema/index.js";

export type UserRow = typeof users.$inferSelect;

export type PublicUser = { id: string; email: string; name: string; role: UserRole; createdAt: string };

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function insertUser(db: Database, user: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(user).returning();
  if (!row) throw new Error("insert into users returned no row");
  return row;
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
