import { and, count, eq, gt, isNotNull, isNull, lte, or } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { passwordResetTokens } from "../db/schema/index.js";

export async function insertResetToken(
  db: Database,
  token: { tokenHash: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db.insert(passwordResetTokens).values(token);
}

/** Unused, unexpired tokens of the user: how many reset links could still work. */
export async function countLiveResetTokens(db: Database, userId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.userId, userId),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    );
  return row?.n ?? 0;
}

export async function deleteStaleResetTokens(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .delete(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.userId, userId),
        or(isNotNull(passwordResetTokens.usedAt), lte(passwordResetTokens.expiresAt, now)),
      ),
    );
}

/**
 * Marks the token used and returns its user, if it is unused and unexpired. One statement, so two concurrent
 * confirmations of one token cannot both succeed.
 */
export async function consumeResetToken(
  db: Database,
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .returning({ userId: passwordResetTokens.userId });
  return row?.userId;
}

/** Retires every outstanding link of the user: after a password change none of them may work. */
export async function consumeUserResetTokens(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
}
