// Deleting from the history with Undo. Deleting marks the comparison (`deletedAt`): nothing is
// removed yet, so Undo gives back every turn, answer, vote and share link as it was, and every read
// leaves it out meanwhile (./deleted.ts). A minute later it is purged for good (the cascade removes
// its turns, answers, votes and share links), whenever the next delete, restore or history page
// comes; the toast offers Undo for 10 s of that minute. DELETE /api/v1/comparisons/<id> still
// deletes at once: a script has no Undo button.
import "server-only";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertComparison, type ComparisonAccess } from "./access";
import { runs } from "./hub";

/** How long a deleted comparison stays restorable on the server (the toast shows Undo for less). */
export const PURGE_AFTER_MS = 60_000;

type Deps = { db?: PrismaClient; now?: Date };

/**
 * Deletes a comparison, restorably: stops its live panes, marks it deleted (its `updatedAt` kept)
 * and purges the ones deleted more than PURGE_AFTER_MS ago. Needs comparisons:write.
 */
export async function trashComparison(access: ComparisonAccess, deps: Deps = {}): Promise<{ deletedAt: string }> {
  const { id } = assertComparison(access, "write");
  const db = deps.db ?? getDb();
  const now = deps.now ?? new Date();
  const live = runs.get(id);
  if (live) for (const p of live.panes.values()) p.abort.abort();
  await live?.stored.catch(() => undefined);
  runs.delete(id);
  const row = await db.comparison.findUnique({ where: { id }, select: { updatedAt: true } });
  if (row) await db.comparison.update({ where: { id }, data: { deletedAt: now, updatedAt: row.updatedAt } });
  await purgeDeletedComparisons({ db, now });
  return { deletedAt: now.toISOString() };
}

/**
 * Undo: the comparison comes back as it was (turns, answers, votes, share links). The access must
 * come from `authorizeComparisonOrThrow(..., { includeDeleted: true })`; restoring one that is not
 * deleted does nothing, and one already purged is 404 at that check. Needs comparisons:write.
 */
export async function restoreComparison(access: ComparisonAccess, deps: Deps = {}): Promise<void> {
  const { id } = assertComparison(access, "write");
  const db = deps.db ?? getDb();
  const row = await db.comparison.findUnique({ where: { id }, select: { updatedAt: true, deletedAt: true } });
  if (row?.deletedAt) await db.comparison.update({ where: { id }, data: { deletedAt: null, updatedAt: row.updatedAt } });
}

/** Removes for good (cascade) every comparison deleted more than `afterMs` ago; how many. */
export async function purgeDeletedComparisons({
  db = getDb(),
  now = new Date(),
  afterMs = PURGE_AFTER_MS,
}: Deps & { afterMs?: number } = {}) {
  const { count } = await db.comparison.deleteMany({ where: { deletedAt: { lte: new Date(now.getTime() - afterMs) } } });
  return count;
}
