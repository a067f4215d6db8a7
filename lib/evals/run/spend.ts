// The spend cap's ledger. A cap is a promise: the run never spends more. Checking "spent so far"
// before an answer is not enough (every answer under way when the cap is reached adds to it: a
// $0.002 cap once ended at $0.0067), so each attempt reserves its worst case before it starts:
//
//   worst case = (most input tokens the prompt can be) x input price + maxOutputTokens x output price
//
// against the session's `chargedUsd + reservedUsd <= spendCapUsd`, in one conditional UPDATE of the
// session row: PostgreSQL re-checks the condition on the row's latest version after waiting for
// another worker's lock, so two workers (in any process) can never both reserve past the cap.
// When the attempt ends (done, failed, stopped, back to the queue) its reservation is released and
// its actual cost charged, in the same transaction as the answer's row. An attempt whose worker
// died is charged its whole reservation when another worker takes the answer over: what it cost
// is unknown, and the cap must hold.
import "server-only";
import type { ModelMessage } from "ai";
import { maxInputTokens } from "@/lib/calls/estimate";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { sentTier } from "@/lib/compare/capabilities";
import type { Params } from "@/lib/compare/schema";
import type { Env } from "@/lib/env";
import { findModel, resolvePrice, tierPrice, type CatalogModel, type ModelPrice } from "@/lib/providers";

/**
 * Max output tokens of an answer under a spend cap when the session sets none: without a bound
 * its worst case is unknown. The same number the cost estimate assumes.
 */
export const CAPPED_MAX_OUTPUT_TOKENS = 1024;

/** The ledger's scale (the columns are Decimal(14, 8)); reservations round up to it, never down. */
const SCALE = 1e8;
const roundUp = (usd: number) => Math.ceil(usd * SCALE - 1e-6) / SCALE;
const usdParam = (usd: number) => roundUp(Math.max(0, usd)).toFixed(8);

/**
 * The price an answer's tokens are charged at, given the session's parameters: the standard price,
 * or the price of the service tier the model is sent. The tier asked for is the dearest it can be
 * served at: a priority request over OpenAI's ramp limit is served (and billed) as default, and a
 * flex request without capacity is refused (429), not served dearer. Undefined when unknown
 * (Azure's priority processing has no published price here). `standard`: the price to start from.
 */
export function priceAtParams(model: CatalogModel, standard: ModelPrice | undefined, params: Params = {}): ModelPrice | undefined {
  if (!standard) return undefined;
  const tier = sentTier(model, params);
  return tier ? tierPrice(model, standard, tier) : standard;
}

/** The price answers are charged at (as lib/providers costUsd does) at the worst tier they may be served at, or undefined when none is known. */
export function priceOfModel(model: CatalogModel, params: Params = {}): ModelPrice | undefined {
  return priceAtParams(model, model.price ?? resolvePrice(model), params);
}

export function priceOf(modelId: string, env: Env, params: Params = {}): ModelPrice | undefined {
  const model = findModel(modelId, env);
  return model ? priceOfModel(model, params) : undefined;
}

/** The most an answer can cost: the prompt's input token bound and every allowed output token. */
export function worstCaseUsd(
  price: Pick<ModelPrice, "input" | "output">,
  system: string | null,
  messages: ModelMessage[],
  maxOutputTokens: number,
) {
  return roundUp((maxInputTokens(system, messages) * price.input + maxOutputTokens * price.output) / 1_000_000);
}

export type Reservation =
  | { ok: true; reservedUsd: number }
  /** the cap would be passed; `heldUsd` is reserved by attempts under way (they may release some) */
  | { ok: false; reason: "cap"; chargedUsd: number; heldUsd: number; capUsd: number; neededUsd: number }
  /** this worker no longer holds the answer */
  | { ok: false; reason: "lost" }
  /** the session is no longer running (paused, cancelled, capped) */
  | { ok: false; reason: "not_running" };

type LedgerRow = { chargedUsd: number; reservedUsd: number; spendCapUsd: number | null; status: string };

/**
 * Charges the whole reservation of an earlier attempt at this answer whose worker died (the claim
 * just took the answer over). Call it right after a claim, before anything else.
 */
export async function chargeDeadAttempt(db: PrismaClient, answerId: string, workerId: string): Promise<void> {
  await db.$executeRaw`
    WITH dead AS (
      SELECT a.id, a."sessionId", a."reservedUsd" FROM "EvalAnswer" a
      WHERE a.id = ${answerId} AND a."lockedBy" = ${workerId} AND a."reservedUsd" IS NOT NULL
      FOR UPDATE
    ), cleared AS (
      UPDATE "EvalAnswer" a SET "reservedUsd" = NULL FROM dead WHERE a.id = dead.id RETURNING dead."sessionId", dead."reservedUsd"
    )
    UPDATE "EvalSession" s SET
      "reservedUsd" = GREATEST(0, s."reservedUsd" - cleared."reservedUsd"),
      "chargedUsd" = s."chargedUsd" + cleared."reservedUsd"
    FROM cleared WHERE s.id = cleared."sessionId"`;
}

/** Reserves `amountUsd` for the attempt this worker holds, if the session's cap allows it. */
export async function reserveSpend(
  db: PrismaClient,
  input: { sessionId: string; answerId: string; workerId: string; amountUsd: number },
): Promise<Reservation> {
  const amount = usdParam(input.amountUsd);
  return db.$transaction(async (tx) => {
    const held = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "EvalAnswer"
      WHERE id = ${input.answerId} AND "lockedBy" = ${input.workerId} AND status = 'running' AND "reservedUsd" IS NULL
      FOR UPDATE`;
    if (!held.length) return { ok: false, reason: "lost" } as const;
    const reserved = await tx.$executeRaw`
      UPDATE "EvalSession" SET "reservedUsd" = "reservedUsd" + ${amount}::numeric
      WHERE id = ${input.sessionId} AND status = 'running'
        AND ("spendCapUsd" IS NULL OR "chargedUsd" + "reservedUsd" + ${amount}::numeric <= "spendCapUsd")`;
    if (reserved) {
      await tx.$executeRaw`UPDATE "EvalAnswer" SET "reservedUsd" = ${amount}::numeric WHERE id = ${input.answerId}`;
      return { ok: true, reservedUsd: Number(amount) } as const;
    }
    const [s] = await ledgerOf(tx, input.sessionId);
    if (!s || s.status !== "running" || s.spendCapUsd == null) return { ok: false, reason: "not_running" } as const;
    return {
      ok: false,
      reason: "cap",
      chargedUsd: s.chargedUsd,
      heldUsd: s.reservedUsd,
      capUsd: s.spendCapUsd,
      neededUsd: Number(amount),
    } as const;
  });
}

/**
 * Ends this worker's attempt at an answer: writes the answer's row (`data`, only while this worker
 * holds it), releases the attempt's reservation and charges what the attempt cost, in one
 * transaction. Returns false when the answer was no longer this worker's (nothing is written).
 */
export async function endAttempt(
  db: PrismaClient,
  input: { sessionId: string; answerId: string; workerId: string; costUsd: number | null; data: Prisma.EvalAnswerUpdateManyMutationInput },
): Promise<boolean> {
  const cost = usdParam(input.costUsd ?? 0);
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ reservedUsd: string | null }[]>`
      SELECT "reservedUsd"::text AS "reservedUsd" FROM "EvalAnswer"
      WHERE id = ${input.answerId} AND "lockedBy" = ${input.workerId} AND status = 'running'
      FOR UPDATE`;
    if (!row) return false;
    await tx.evalAnswer.update({ where: { id: input.answerId }, data: { ...input.data, reservedUsd: null } });
    await tx.$executeRaw`
      UPDATE "EvalSession" SET
        "reservedUsd" = GREATEST(0, "reservedUsd" - ${row.reservedUsd ?? "0"}::numeric),
        "chargedUsd" = "chargedUsd" + ${cost}::numeric
      WHERE id = ${input.sessionId}`;
    return true;
  });
}

function ledgerOf(db: Pick<PrismaClient, "$queryRaw">, sessionId: string) {
  return db.$queryRaw<LedgerRow[]>`
    SELECT "chargedUsd"::float8 AS "chargedUsd", "reservedUsd"::float8 AS "reservedUsd", "spendCapUsd"::float8 AS "spendCapUsd", status::text AS status
    FROM "EvalSession" WHERE id = ${sessionId}`;
}

/** The session's ledger: charged (attempts ended) and reserved (attempts under way), USD. */
export async function spendLedger(db: PrismaClient, sessionId: string): Promise<{ chargedUsd: number; reservedUsd: number } | null> {
  const [s] = await ledgerOf(db, sessionId);
  return s ? { chargedUsd: s.chargedUsd, reservedUsd: s.reservedUsd } : null;
}

/** "$0.0020": four decimals below a cent, two above. */
export function usd(x: number): string {
  return x < 0.01 ? `$${x.toFixed(4)}` : `$${x.toFixed(2)}`;
}

/** The reason a capped run gives, on the session's answers that were not generated. */
export function capMessage(r: { chargedUsd: number; heldUsd: number; capUsd: number; neededUsd: number }): string {
  return (
    `Spend cap reached: ${usd(r.chargedUsd + r.heldUsd)} of ${usd(r.capUsd)} spent or reserved, ` +
    `and the next answer could cost up to ${usd(r.neededUsd)}, so it was not started.`
  );
}
