import { and, asc, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { apiTokens, users } from "../db/schema/index.js";

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type NewApiTokenRow = typeof apiTokens.$inferInsert;

export async function insertApiToken(db: Database, row: NewApiTokenRow): Promise<ApiTokenRow> {
  const [inserted] = await db.insert(apiTokens).values(row).returning();
  if (!inserted) throw new Error("insert into api_tokens returned no row");
  return inserted;
}

/** The user's unrevoked tokens (expired ones included, so they can be seen and revoked), oldest first. */
export async function listOwnedApiTokens(
  db: Database,
  userId: string,
  limit: number,
  afterId: string | undefined,
): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.userId, userId),
        isNull(apiTokens.revokedAt),
        afterId ? gt(apiTokens.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(apiTokens.id))
    .limit(limit);
}

/** Revokes one of the user's tokens: false for another user's token or one already revoked. */
export async function revokeOwnedApiToken(
  db: Database,
  userId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length > 0;
}

/** The token with this hash and its owner, whatever its state: the caller tells expired from revoked. */
export async function findApiTokenByHash(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/** Sets lastUsedAt unless it is newer than `staleBefore`, so concurrent requests write it once at most. */
export async function touchApiToken(db: Database, id: string, now: Date, staleBefore: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, staleBefore))),
    );
}
