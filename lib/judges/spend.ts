// The spend ledger of a judging pass: the same reservation scheme as evaluation runs
// (lib/evals/run/spend.ts), on the JudgePass row and its JudgeCall rows. Each attempt reserves its
// worst case before it starts, in one conditional UPDATE against the cap, and settles it (releases
// the reservation, charges the actual cost) when it ends, in the same transaction as the call's row.
import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

const SCALE = 1e8;
const usdParam = (usd: number) => (Math.ceil(Math.max(0, usd) * SCALE - 1e-6) / SCALE).toFixed(8);

export type JudgeReservation =
  | { ok: true }
  | { ok: false; reason: "cap"; chargedUsd: number; heldUsd: number; capUsd: number; neededUsd: number }
  | { ok: false; reason: "lost" }
  | { ok: false; reason: "not_running" };

export async function chargeDeadJudgeCall(db: PrismaClient, callId: string, workerId: string): Promise<void> {
  await db.$executeRaw`
    WITH dead AS (
      SELECT c.id, j."passId", c."reservedUsd" FROM "JudgeCall" c JOIN "Judgement" j ON j.id = c."judgementId"
      WHERE c.id = ${callId} AND c."lockedBy" = ${workerId} AND c."reservedUsd" IS NOT NULL
      FOR UPDATE OF c
    ), cleared AS (
      UPDATE "JudgeCall" c SET "reservedUsd" = NULL FROM dead WHERE c.id = dead.id RETURNING dead."passId", dead."reservedUsd"
    )
    UPDATE "JudgePass" p SET
      "reservedUsd" = GREATEST(0, p."reservedUsd" - cleared."reservedUsd"),
      "chargedUsd" = p."chargedUsd" + cleared."reservedUsd"
    FROM cleared WHERE p.id = cleared."passId"`;
}

export async function reserveJudgeSpend(
  db: PrismaClient,
  input: { passId: string; callId: string; workerId: string; amountUsd: number },
): Promise<JudgeReservation> {
  const amount = usdParam(input.amountUsd);
  return db.$transaction(async (tx) => {
    const held = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "JudgeCall"
      WHERE id = ${input.callId} AND "lockedBy" = ${input.workerId} AND status = 'running' AND "reservedUsd" IS NULL
      FOR UPDATE`;
    if (!held.length) return { ok: false, reason: "lost" } as const;
    const reserved = await tx.$executeRaw`
      UPDATE "JudgePass" SET "reservedUsd" = "reservedUsd" + ${amount}::numeric
      WHERE id = ${input.passId} AND status IN ('queued', 'running')
        AND ("spendCapUsd" IS NULL OR "chargedUsd" + "reservedUsd" + ${amount}::numeric <= "spendCapUsd")`;
    if (reserved) {
      await tx.$executeRaw`UPDATE "JudgeCall" SET "reservedUsd" = ${amount}::numeric WHERE id = ${input.callId}`;
      return { ok: true } as const;
    }
    const [p] = await tx.$queryRaw<{ chargedUsd: number; reservedUsd: number; spendCapUsd: number | null; status: string }[]>`
      SELECT "chargedUsd"::float8 AS "chargedUsd", "reservedUsd"::float8 AS "reservedUsd", "spendCapUsd"::float8 AS "spendCapUsd", status::text AS status
      FROM "JudgePass" WHERE id = ${input.passId}`;
    if (!p || (p.status !== "running" && p.status !== "queued") || p.spendCapUsd == null)
      return { ok: false, reason: "not_running" } as const;
    return {
      ok: false,
      reason: "cap",
      chargedUsd: p.chargedUsd,
      heldUsd: p.reservedUsd,
      capUsd: p.spendCapUsd,
      neededUsd: Number(amount),
    } as const;
  });
}

export async function endJudgeAttempt(
  db: PrismaClient,
  input: { passId: string; callId: string; workerId: string; costUsd: number | null; data: Prisma.JudgeCallUpdateInput },
): Promise<boolean> {
  const cost = usdParam(input.costUsd ?? 0);
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ reservedUsd: string | null }[]>`
      SELECT "reservedUsd"::text AS "reservedUsd" FROM "JudgeCall"
      WHERE id = ${input.callId} AND "lockedBy" = ${input.workerId} AND status = 'running'
      FOR UPDATE`;
    if (!row) return false;
    await tx.judgeCall.update({ where: { id: input.callId }, data: { ...input.data, reservedUsd: null } });
    await tx.$executeRaw`
      UPDATE "JudgePass" SET
        "reservedUsd" = GREATEST(0, "reservedUsd" - ${row.reservedUsd ?? "0"}::numeric),
        "chargedUsd" = "chargedUsd" + ${cost}::numeric
      WHERE id = ${input.passId}`;
    return true;
  });
}
