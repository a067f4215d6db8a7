// The claim / lease / spend-ledger SQL shared by the background workers whose rows ride the
// provider queues: evaluation answers (EvalAnswer under EvalSession), judge calls and scorecard
// calls (ScorecardCall under ScorecardRun). A row is claimed with one conditional UPDATE (queued
// -> running, or running with a lease that ran out, only while its parent is in a runnable
// state), its lease is renewed while the provider streams, and under a spend cap each attempt
// reserves its worst case on the parent's ledger before it starts (lib/evals/run/spend.ts explains
// why) and settles it when it ends.
//
// The table and column names come only from the fixed specs below (never from input).
import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

export type LeaseSpec = {
  /** the leased row's table, e.g. "ScorecardCall" */
  table: string;
  /** the ledger's table (the parent), e.g. "ScorecardRun" */
  parent: string;
  /** the row's column that points at the parent, e.g. "runId" */
  parentKey: string;
  /** parent statuses in which rows may be claimed and spend reserved */
  runnable: string[];
};

export const SCORECARD_LEASE: LeaseSpec = { table: "ScorecardCall", parent: "ScorecardRun", parentKey: "runId", runnable: ["running"] };

const id = (name: string) => Prisma.raw(`"${name.replace(/"/g, "")}"`);
const statuses = (spec: LeaseSpec) => Prisma.join(spec.runnable);

/**
 * Claims the row for this worker: returns its attempts count (this attempt included) and its
 * parent's id, or null when it is not claimable (done, held by a live lease, parent not runnable).
 */
export async function claimRow(
  db: Pick<PrismaClient, "$queryRaw">,
  spec: LeaseSpec,
  rowId: string,
  workerId: string,
  leaseMs: number,
): Promise<{ attempts: number; parentId: string } | null> {
  const rows = await db.$queryRaw<{ attempts: number; parentId: string }[]>`
    UPDATE ${id(spec.table)} c SET
      status = 'running',
      "lockedBy" = ${workerId},
      "lockedUntil" = now() + ${leaseMs} * interval '1 millisecond',
      attempts = c.attempts + 1,
      "startedAt" = COALESCE(c."startedAt", now()),
      "updatedAt" = now()
    FROM ${id(spec.parent)} p
    WHERE c.id = ${rowId} AND p.id = c.${id(spec.parentKey)} AND p.status::text IN (${statuses(spec)})
      AND (c.status = 'queued' OR (c.status = 'running' AND c."lockedUntil" < now()))
    RETURNING c.attempts, p.id AS "parentId"`;
  return rows[0] ?? null;
}

/** Keeps this worker's lease alive every `everyMs` until the returned function is called. */
export function holdLease(
  db: Pick<PrismaClient, "$executeRaw">,
  spec: LeaseSpec,
  rowId: string,
  workerId: string,
  leaseMs: number,
  everyMs: number,
) {
  const timer = setInterval(() => {
    void db.$executeRaw`
      UPDATE ${id(spec.table)} SET "lockedUntil" = now() + ${leaseMs} * interval '1 millisecond'
      WHERE id = ${rowId} AND "lockedBy" = ${workerId} AND status = 'running'`.catch(() => {});
  }, everyMs);
  return () => clearInterval(timer);
}

/** Gives a claimed row back to the queue without counting the attempt (it did not start). */
export async function releaseRow(db: Pick<PrismaClient, "$executeRaw">, spec: LeaseSpec, rowId: string, workerId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE ${id(spec.table)} SET status = 'queued', "lockedBy" = NULL, "lockedUntil" = NULL, attempts = attempts - 1, "updatedAt" = now()
    WHERE id = ${rowId} AND "lockedBy" = ${workerId} AND status = 'running'`;
}

// ---------------------------------------------------------------------------------------------
// the spend ledger (parent.chargedUsd / reservedUsd / spendCapUsd; row.reservedUsd)

const SCALE = 1e8;
const usdParam = (usd: number) => (Math.ceil(Math.max(0, usd) * SCALE - 1e-6) / SCALE).toFixed(8);

/** Charges the whole reservation of an earlier attempt whose worker died (call right after a claim). */
export async function chargeDeadReservation(db: Pick<PrismaClient, "$executeRaw">, spec: LeaseSpec, rowId: string, workerId: string) {
  await db.$executeRaw`
    WITH dead AS (
      SELECT r.id, r.${id(spec.parentKey)} AS "parentId", r."reservedUsd" FROM ${id(spec.table)} r
      WHERE r.id = ${rowId} AND r."lockedBy" = ${workerId} AND r."reservedUsd" IS NOT NULL
      FOR UPDATE
    ), cleared AS (
      UPDATE ${id(spec.table)} r SET "reservedUsd" = NULL FROM dead WHERE r.id = dead.id RETURNING dead."parentId", dead."reservedUsd"
    )
    UPDATE ${id(spec.parent)} p SET
      "reservedUsd" = GREATEST(0, p."reservedUsd" - cleared."reservedUsd"),
      "chargedUsd" = p."chargedUsd" + cleared."reservedUsd"
    FROM cleared WHERE p.id = cleared."parentId"`;
}

export type LedgerReservation =
  | { ok: true; reservedUsd: number }
  | { ok: false; reason: "cap"; chargedUsd: number; heldUsd: number; capUsd: number; neededUsd: number }
  | { ok: false; reason: "lost" }
  | { ok: false; reason: "not_running" };

/** Reserves `amountUsd` on the parent for the attempt this worker holds, if the cap allows it. */
export async function reserveOnLedger(
  db: PrismaClient,
  spec: LeaseSpec,
  input: { parentId: string; rowId: string; workerId: string; amountUsd: number },
): Promise<LedgerReservation> {
  const amount = usdParam(input.amountUsd);
  return db.$transaction(async (tx) => {
    const held = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM ${id(spec.table)}
      WHERE id = ${input.rowId} AND "lockedBy" = ${input.workerId} AND status = 'running' AND "reservedUsd" IS NULL
      FOR UPDATE`;
    if (!held.length) return { ok: false, reason: "lost" } as const;
    const reserved = await tx.$executeRaw`
      UPDATE ${id(spec.parent)} SET "reservedUsd" = "reservedUsd" + ${amount}::numeric
      WHERE id = ${input.parentId} AND status::text IN (${statuses(spec)})
        AND ("spendCapUsd" IS NULL OR "chargedUsd" + "reservedUsd" + ${amount}::numeric <= "spendCapUsd")`;
    if (reserved) {
      await tx.$executeRaw`UPDATE ${id(spec.table)} SET "reservedUsd" = ${amount}::numeric WHERE id = ${input.rowId}`;
      return { ok: true, reservedUsd: Number(amount) } as const;
    }
    const [p] = await tx.$queryRaw<{ chargedUsd: number; reservedUsd: number; spendCapUsd: number | null; status: string }[]>`
      SELECT "chargedUsd"::float8 AS "chargedUsd", "reservedUsd"::float8 AS "reservedUsd", "spendCapUsd"::float8 AS "spendCapUsd", status::text AS status
      FROM ${id(spec.parent)} WHERE id = ${input.parentId}`;
    if (!p || !spec.runnable.includes(p.status) || p.spendCapUsd == null) return { ok: false, reason: "not_running" } as const;
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

/**
 * Ends this worker's attempt: `write` updates the row (inside the transaction, only while this
 * worker holds it), the reservation is released and `costUsd` charged. False when the row was no
 * longer this worker's (nothing written).
 */
export async function settleOnLedger(
  db: PrismaClient,
  spec: LeaseSpec,
  input: { parentId: string; rowId: string; workerId: string; costUsd: number | null },
  write: (tx: Prisma.TransactionClient) => Promise<unknown>,
): Promise<boolean> {
  const cost = usdParam(input.costUsd ?? 0);
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ reservedUsd: string | null }[]>`
      SELECT "reservedUsd"::text AS "reservedUsd" FROM ${id(spec.table)}
      WHERE id = ${input.rowId} AND "lockedBy" = ${input.workerId} AND status = 'running'
      FOR UPDATE`;
    if (!row) return false;
    await write(tx);
    await tx.$executeRaw`UPDATE ${id(spec.table)} SET "reservedUsd" = NULL WHERE id = ${input.rowId}`;
    await tx.$executeRaw`
      UPDATE ${id(spec.parent)} SET
        "reservedUsd" = GREATEST(0, "reservedUsd" - ${row.reservedUsd ?? "0"}::numeric),
        "chargedUsd" = "chargedUsd" + ${cost}::numeric
      WHERE id = ${input.parentId}`;
    return true;
  });
}
