/**
 * Each monitor checks on its own grid: slots at phase + k * interval, where the phase is a stable hash of the
 * monitor id. Monitors with one interval therefore spread evenly over it instead of all firing at :00.
 */

/** FNV-1a: fast, stable across processes and versions, and spreads uuids evenly enough for phases. */
function stableHash(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function phaseMs(monitorId: string, intervalMs: number): number {
  return stableHash(monitorId) % intervalMs;
}

/** The first slot strictly after `t`. */
export function nextSlotAfter(t: number, phase: number, intervalMs: number): number {
  return (Math.floor((t - phase) / intervalMs) + 1) * intervalMs + phase;
}

/** The latest slot at or before `t`. */
export function slotAtOrBefore(t: number, phase: number, intervalMs: number): number {
  return Math.floor((t - phase) / intervalMs) * intervalMs + phase;
}

/**
 * Given a monitor that became due at `dueAt`, the check to publish now and when the next one is due.
 * - A due time whose deadline (one interval later) has passed is worthless: publish the current slot instead, so a
 *   scheduler that was down publishes each monitor once, not once per missed slot.
 * - The next check is the first grid slot at least half an interval after this one, so an immediate check (on create
 *   or edit, off the grid) is not followed by another moments later.
 */
export function planCheck(
  monitorId: string,
  intervalMs: number,
  dueAt: number,
  now: number,
): { scheduledAt: number; deadlineAt: number; nextDueAt: number } {
  const phase = phaseMs(monitorId, intervalMs);
  const scheduledAt = dueAt + intervalMs <= now ? slotAtOrBefore(now, phase, intervalMs) : dueAt;
  const nextDueAt = nextSlotAfter(scheduledAt + intervalMs / 2, phase, intervalMs);
  return { scheduledAt, deadlineAt: scheduledAt + intervalMs, nextDueAt };
}

/**
 * The first check of a monitor that should not run at once: its first grid slot at or after `now`, so within
 * [now, now + interval). Bulk creates, resumes and applies use it, so a thousand monitors made in one request spread
 * over their interval (by their phases) instead of all coming due in the same tick, and each lands on its own grid.
 */
export function firstSlotFrom(monitorId: string, intervalMs: number, now: number): number {
  return nextSlotAfter(now - 1, phaseMs(monitorId, intervalMs), intervalMs);
}
