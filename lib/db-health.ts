// Is the database there? A failed query tells (a lost connection, a refused one); a cheap probe
// (`SELECT 1`, at most one at a time) confirms it is back. Work that would call a provider and
// then store what it paid for (a comparison, a follow-up, a retry) asks `assertDatabaseUp` first,
// so a comparison started while the database is away is refused with 503 `database_unavailable`
// instead of being paid for and lost. While the database answers, the check costs nothing: it
// trusts the last success for FRESH_MS and probes only after a failure or a quiet spell.
// lib/db.ts feeds it the pool's connection errors, so it imports nothing of the database itself.
import "server-only";
import { isDatabaseDown } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** How long a success is trusted without asking again. */
export const FRESH_MS = 5_000;
/** How long the probe may take before the database counts as away. */
export const PROBE_TIMEOUT_MS = 2_000;

const state = { up: false, checkedAt: 0, probe: null as Promise<boolean> | null };

/** A query succeeded: the database is there. */
export function noteDatabaseUp(): void {
  state.up = true;
  state.checkedAt = Date.now();
}

/**
 * A query failed: when the failure says the database is away (or `connection`: a pooled
 * connection broke), the next check probes. Returns whether it counted.
 */
export function noteDatabaseError(error: unknown, { connection = false } = {}): boolean {
  if (!connection && !isDatabaseDown(error)) return false;
  state.up = false;
  return true;
}

export { isDatabaseDown };

export const databaseUnavailable = () =>
  new AppError("database_unavailable", "The database is not answering, so nothing was started. Try again in a moment.");

async function probe(db: PrismaClient): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout exceeded when trying to connect")), PROBE_TIMEOUT_MS);
  });
  try {
    // a pooled connection left broken by an earlier blip fails once: the second try takes a fresh one
    const select = () => db.$queryRaw`SELECT 1`;
    await Promise.race([select().catch((error: unknown) => (isDatabaseDown(error) ? select() : Promise.reject(error))), timeout]);
    noteDatabaseUp();
    return true;
  } catch (error) {
    noteDatabaseError(error);
    state.up = false;
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when the database answers (at once while a recent success stands); else 503 `database_unavailable`. */
export async function assertDatabaseUp(db: PrismaClient): Promise<void> {
  if (state.up && Date.now() - state.checkedAt < FRESH_MS) return;
  state.probe ??= probe(db).finally(() => {
    state.probe = null;
  });
  if (!(await state.probe)) throw databaseUnavailable();
}

/** For tests: forget what is known. */
export function resetDatabaseHealth(): void {
  state.up = false;
  state.checkedAt = 0;
  state.probe = null;
}
