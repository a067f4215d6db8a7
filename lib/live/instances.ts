// Instance heartbeats and the sweeper of interrupted answers. Every app process has an id, writes
// its row in "Instance" every HEARTBEAT_MS and names itself on the answers it runs
// (Answer.instanceId). Every SWEEP_MS each instance marks the running answers of instances that
// stopped heartbeating (no beat for DEAD_AFTER_S) as interrupted, keeping their partial text, and
// tells the readers of those turns (an `pane-error` with code "interrupted", then `done` when no
// pane of the turn is left running) through the live transport. Times are the database's, so the
// instances' clocks do not matter. Worst case from a crash to the mark: DEAD_AFTER_S + SWEEP_MS.
import "server-only";
import os from "node:os";
import type { CompareEvent } from "@/lib/compare/events";
import { emptyMetrics } from "@/lib/compare/metrics";
import { newId } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { LiveTransport } from "./transport";

export const HEARTBEAT_MS = 5_000;
export const SWEEP_MS = 5_000;
/** an instance whose last beat is older than this is dead (three missed beats) */
export const DEAD_AFTER_S = 15;
/** answers that name no instance (stored before heartbeats) or an instance with no row: untouched this long */
export const ORPHAN_AFTER_S = 120;
/** instance rows not seen for this long are deleted */
const FORGET_AFTER_S = 24 * 3600;

export const INTERRUPTED_MESSAGE = "Interrupted: the server stopped before this answer finished.";

const globalForInstance = globalThis as unknown as { juxtaInstanceId?: string; juxtaInstanceTimers?: ReturnType<typeof setInterval>[] };

/** This process's instance id (new at every start). */
export function instanceId(): string {
  return (globalForInstance.juxtaInstanceId ??= newId());
}

/** Writes this instance's heartbeat. */
export async function heartbeat(db: PrismaClient, id = instanceId()): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Instance" ("id", "host", "pid", "startedAt", "lastSeenAt")
    VALUES (${id}, ${os.hostname()}, ${process.pid}, now(), now())
    ON CONFLICT ("id") DO UPDATE SET "lastSeenAt" = now()`;
}

export type Interrupted = { id: string; comparisonId: string; turn: number; pane: number };

/**
 * Marks as interrupted (status error, code "interrupted", text kept) every running answer of an
 * instance that stopped heartbeating, and tells the turns' readers. Returns the answers marked.
 */
export async function sweepInterrupted(db: PrismaClient, live: LiveTransport | null, self = instanceId()): Promise<Interrupted[]> {
  const marked = await db.$queryRaw<Interrupted[]>`
    UPDATE "Answer" AS a
    SET "status" = 'error', "errorCode" = 'interrupted', "errorMessage" = ${INTERRUPTED_MESSAGE},
        "errorStatus" = NULL, "finishedAt" = now(), "updatedAt" = now()
    FROM "Turn" AS t, "Pane" AS p
    WHERE a."turnId" = t."id" AND a."paneId" = p."id"
      AND a."status" IN ('pending', 'streaming')
      AND (a."instanceId" IS NULL OR a."instanceId" <> ${self})
      AND (
        EXISTS (SELECT 1 FROM "Instance" AS i WHERE i."id" = a."instanceId"
                AND i."lastSeenAt" < now() - make_interval(secs => ${DEAD_AFTER_S}))
        OR (NOT EXISTS (SELECT 1 FROM "Instance" AS i WHERE i."id" = a."instanceId")
            AND a."updatedAt" < now() - make_interval(secs => ${ORPHAN_AFTER_S}))
      )
    RETURNING a."id", t."comparisonId", t."index" AS "turn", p."index" AS "pane"`;
  if (marked.length === 0 || !live?.crossInstance) return marked;

  const turns = new Map<string, { comparisonId: string; turn: number; panes: number[] }>();
  for (const m of marked) {
    const key = `${m.comparisonId}:${m.turn}`;
    const entry = turns.get(key) ?? { comparisonId: m.comparisonId, turn: m.turn, panes: [] };
    entry.panes.push(m.pane);
    turns.set(key, entry);
  }
  for (const { comparisonId, turn, panes } of turns.values()) {
    for (const pane of panes.sort((a, b) => a - b)) {
      const event: CompareEvent = {
        type: "pane-error",
        pane,
        turn,
        error: { code: "interrupted", message: INTERRUPTED_MESSAGE },
        metrics: emptyMetrics(),
        responseId: null,
      };
      live.publish(comparisonId, turn, event);
    }
    const running = await db.answer.count({
      where: { status: { in: ["pending", "streaming"] }, turn: { comparisonId, index: turn } },
    });
    if (running === 0) live.publish(comparisonId, turn, { type: "done", id: comparisonId, turn });
  }
  return marked;
}

/** Forgets instances not seen for a day (their answers were swept long before). */
export async function forgetOldInstances(db: PrismaClient): Promise<void> {
  await db.$executeRaw`DELETE FROM "Instance" WHERE "lastSeenAt" < now() - make_interval(secs => ${FORGET_AFTER_S})`;
}

/**
 * Starts this process's heartbeat and sweeper (once). The first beat is awaited (at most 3 s) so
 * the answers this instance runs never name an instance other instances cannot see yet.
 */
export async function startInstance(db: PrismaClient, live: LiveTransport | null): Promise<void> {
  if (globalForInstance.juxtaInstanceTimers) return;
  const beat = () => heartbeat(db).catch((error: unknown) => console.error("[juxta] heartbeat failed", errorText(error)));
  const sweep = () =>
    sweepInterrupted(db, live)
      .then((marked) => {
        if (marked.length) console.log(`[juxta] marked ${marked.length} answer(s) of a stopped instance as interrupted`);
      })
      .catch((error: unknown) => console.error("[juxta] sweep failed", errorText(error)));
  let sweeps = 0;
  globalForInstance.juxtaInstanceTimers = [
    setInterval(beat, HEARTBEAT_MS),
    setInterval(() => {
      void sweep();
      if (++sweeps % 720 === 0) forgetOldInstances(db).catch(() => {});
    }, SWEEP_MS),
  ];
  for (const t of globalForInstance.juxtaInstanceTimers) t.unref?.();
  await Promise.race([beat(), new Promise((r) => setTimeout(r, 3000))]);
  void sweep();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split("\n").at(-1)!.trim() : String(error);
}
