// Session-level state changes shared by the run service and the workers. Times come from the
// database clock (now()), so workers on several machines agree on leases.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SessionModel } from "../schema";
import type { EvalQueue } from "./queue";

/** modelId -> provider, from the session's model snapshot. */
export function providerByModel(models: unknown): Map<string, string> {
  return new Map((Array.isArray(models) ? (models as SessionModel[]) : []).map((m) => [m.id, m.provider]));
}

/**
 * Closes the session when no answer is queued or running: "running" becomes "completed"; a
 * capped or cancelled session keeps its status. Sets finishedAt once. Safe to call from every
 * worker after every answer (at least one of two workers finishing the last answers sees both).
 */
export async function finalizeSession(db: PrismaClient, sessionId: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "EvalSession" SET
      status = CASE WHEN status = 'running' THEN 'completed'::"EvalStatus" ELSE status END,
      "finishedAt" = now(),
      "updatedAt" = now()
    WHERE id = ${sessionId}
      AND status IN ('running', 'capped', 'cancelled')
      AND "finishedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "EvalAnswer" WHERE "sessionId" = ${sessionId} AND status IN ('queued', 'running'))`;
  return n > 0;
}

/** The answers still queued, with their providers (for pause / resume / cancel of their jobs). */
export async function queuedAnswers(
  db: PrismaClient,
  sessionId: string,
): Promise<{ answerId: string; sessionId: string; provider: string; owner: string | null }[]> {
  const [session, rows] = await Promise.all([
    db.evalSession.findUnique({ where: { id: sessionId }, select: { models: true, ownerId: true } }),
    db.evalAnswer.findMany({ where: { sessionId, status: "queued" }, select: { id: true, modelId: true } }),
  ]);
  const providers = providerByModel(session?.models);
  const owner = session?.ownerId ?? null;
  return rows.map((r) => ({ answerId: r.id, sessionId, provider: providers.get(r.modelId) ?? "compatible", owner }));
}

/**
 * Marks every queued answer cancelled with a reason and removes their jobs. Returns how many.
 * Answers being generated are left to finish.
 */
export async function cancelQueued(
  db: PrismaClient,
  queue: EvalQueue,
  sessionId: string,
  reason: { code: string; message: string },
): Promise<number> {
  // one statement whatever the count (a list of 40,000 ids is over PostgreSQL's parameter limit)
  const cancelled = await db.$queryRaw<{ id: string; modelId: string }[]>`
    UPDATE "EvalAnswer" SET
      status = 'cancelled', "errorCode" = ${reason.code}, "errorMessage" = ${reason.message},
      "finishedAt" = now(), "updatedAt" = now()
    WHERE "sessionId" = ${sessionId} AND status = 'queued'
    RETURNING id, "modelId"`;
  if (!cancelled.length) return 0;
  const session = await db.evalSession.findUnique({ where: { id: sessionId }, select: { models: true } });
  const providers = providerByModel(session?.models);
  // their jobs, in chunks per provider queue (a job left behind finds its answer cancelled)
  await queue.remove(cancelled.map((a) => ({ answerId: a.id, provider: providers.get(a.modelId) ?? "compatible" })));
  return cancelled.length;
}

/**
 * Ends the attempts of a stopped session (cancelled, capped) whose worker died or failed without
 * putting its answer back (its lease ran out): the answer is cancelled with `reason`, and a
 * reservation it still held is charged (its cost is unknown). An attempt that held no reservation
 * under a cap never reached the provider, so it is not counted. Returns how many.
 */
export async function cancelDeadAttempts(db: PrismaClient, sessionId: string, reason: { code: string; message: string }): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH dead AS (
      SELECT a.id, a."reservedUsd" FROM "EvalAnswer" a JOIN "EvalSession" s ON s.id = a."sessionId"
      WHERE a."sessionId" = ${sessionId} AND a.status = 'running' AND a."lockedUntil" < now()
        AND s.status IN ('cancelled', 'capped')
      FOR UPDATE OF a
    ), ended AS (
      UPDATE "EvalAnswer" a SET
        status = 'cancelled', "errorCode" = ${reason.code}, "errorMessage" = ${reason.message},
        attempts = CASE WHEN dead."reservedUsd" IS NULL AND s."spendCapUsd" IS NOT NULL THEN GREATEST(0, a.attempts - 1) ELSE a.attempts END,
        "lockedUntil" = NULL, "reservedUsd" = NULL, "finishedAt" = now(), "updatedAt" = now()
      FROM dead, "EvalSession" s
      WHERE a.id = dead.id AND s.id = a."sessionId"
      RETURNING dead."reservedUsd"
    ), charged AS (
      UPDATE "EvalSession" s SET
        "reservedUsd" = GREATEST(0, s."reservedUsd" - COALESCE((SELECT sum("reservedUsd") FROM ended), 0)),
        "chargedUsd" = s."chargedUsd" + COALESCE((SELECT sum("reservedUsd") FROM ended), 0)
      WHERE s.id = ${sessionId} AND EXISTS (SELECT 1 FROM ended)
    )
    SELECT count(*)::int AS n FROM ended`;
  return rows[0]?.n ?? 0;
}

/**
 * Why an answer of a stopped session was not generated: for a capped session, the reason its cap
 * gave (with its figures) when one was recorded.
 */
export async function stopReason(db: PrismaClient, sessionId: string, status: string): Promise<{ code: string; message: string }> {
  if (status !== "capped") return { code: "cancelled", message: "Not generated: the run was stopped." };
  const first = await db.evalAnswer.findFirst({
    where: { sessionId, errorCode: "spend_cap", errorMessage: { startsWith: "Not generated: Spend cap reached" } },
    select: { errorMessage: true },
  });
  return { code: "spend_cap", message: first?.errorMessage ?? "Not generated: Spend cap reached; the run was stopped." };
}

/**
 * The spend cap is reached (lib/evals/run/spend.ts): the session becomes "capped" and nothing more
 * starts; the answers not generated carry `reason` (capMessage).
 */
export async function capSession(db: PrismaClient, queue: EvalQueue, sessionId: string, reason: string): Promise<void> {
  await db.evalSession.updateMany({ where: { id: sessionId, status: "running" }, data: { status: "capped" } });
  await cancelQueued(db, queue, sessionId, { code: "spend_cap", message: `Not generated: ${reason}` });
  await finalizeSession(db, sessionId);
}
