// Limits per person and per API token (README: Limits). Three entry points:
//   admit(spender, cost)           one request that starts work now (a comparison, a follow-up, a
//                                   retry): counts the request against the per-minute limit and
//                                   reserves its worst-case cost and its panes, in parallel; 429 if over
//   checkRequestRate(spender)      one request that starts background work (an evaluation or a
//                                   scorecard run): the per-minute limit only
//   reservePersonSpend / settlePersonSpend   one background call (an evaluation answer, a judge
//                                   or scorecard call): its worst case before, its cost after
import "server-only";
import type { ModelMessage } from "ai";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CatalogModel } from "@/lib/providers";
import type { Params } from "@/lib/compare/schema";
import { priceOfModel, worstCaseUsd } from "@/lib/evals/run/spend";
import { limitsFor, type Limits, type Spender } from "./config";
import { duration, secondsToNextDay, secondsToNextMonth, usd } from "./format";
import { reserve, roundUpUsd, settle, type LedgerLimit, type LedgerRow } from "./ledger";
import { consume } from "./rate";

export type { Spender } from "./config";

export type LimitDeps = { db?: PrismaClient; env?: Env };

/** Max output tokens assumed for a call that sets none, when the model's own maximum is unknown. */
export const UNKNOWN_MAX_OUTPUT_TOKENS = 32_768;

/**
 * The most one call can cost, in USD: its input bound and every output token it may make, at the
 * price of the tier it is sent (0 when the model has no known price: such calls count against the
 * request and pane limits only). A tool loop may take `maxSteps` steps, each as dear.
 */
export function worstCaseOfCall(
  model: CatalogModel,
  params: Params,
  system: string | null,
  messages: ModelMessage[],
  maxSteps: number | null = null,
): number {
  const price = priceOfModel(model, params);
  if (!price) return 0;
  const maxOut = params.maxOutputTokens ?? model.maxOutputTokens ?? UNKNOWN_MAX_OUTPUT_TOKENS;
  return worstCaseUsd(price, system, messages, maxOut) * Math.max(1, maxSteps ?? 1);
}

/** A reservation held on the ledger; settle it (in parts) when the calls end. */
export type SpendHold = {
  subjects: string[];
  day: string;
  month: string;
  reservedUsd: number;
  panes: number;
};

const NO_HOLD: SpendHold = { subjects: [], day: "", month: "", reservedUsd: 0, panes: 0 };

const RATE_PREFIX = "rpm";

function ledgerLimits(spender: Spender, limits: { person: Limits; token: Limits | null }): LedgerLimit[] {
  const rows: LedgerLimit[] = [];
  const on = (l: Limits) => l.dailyUsd > 0 || l.monthlyUsd > 0 || l.concurrentPanes > 0;
  if (on(limits.person)) rows.push({ subject: `user:${spender.userId}`, ...pick(limits.person) });
  if (limits.token && spender.tokenId && on(limits.token)) rows.push({ subject: `token:${spender.tokenId}`, ...pick(limits.token) });
  return rows;
}

function pick(l: Limits) {
  return { dailyUsd: l.dailyUsd, monthlyUsd: l.monthlyUsd, concurrentPanes: l.concurrentPanes };
}

/**
 * Reserves `usd` (the worst case) and `panes` for the spender, or throws 429 (`spend_limit`, or
 * `rate_limited` for panes) saying what is left and when it resets.
 */
export async function reservePersonSpend(
  spender: Spender,
  cost: { usd: number; panes?: number },
  deps: LimitDeps = {},
): Promise<SpendHold> {
  const env = deps.env ?? getEnv();
  const db = deps.db ?? getDb();
  const limits = await limitsFor(spender, env, db);
  return reserveWith(db, spender, limits, roundUpUsd(cost.usd), cost.panes ?? 0);
}

async function reserveWith(
  db: PrismaClient,
  spender: Spender,
  limits: { person: Limits; token: Limits | null },
  amount: number,
  panes: number,
): Promise<SpendHold> {
  const rows = ledgerLimits(spender, limits);
  if (rows.length === 0) return NO_HOLD;
  const r = await reserve(db, rows, amount, panes);
  if (r.ok) return { subjects: rows.map((x) => x.subject), day: r.day, month: r.month, reservedUsd: amount, panes };
  throw overLimit(rows, r.rows, amount, panes);
}

/** Ends (a part of) a hold: releases `reservedUsd` and `panes` of it and charges `costUsd`. Never throws. */
export async function settlePersonSpend(
  hold: SpendHold,
  part: { costUsd: number | null; reservedUsd?: number; panes?: number },
  deps: LimitDeps = {},
): Promise<void> {
  if (hold.subjects.length === 0) return;
  const db = deps.db ?? getDb();
  await settle(db, {
    subjects: hold.subjects,
    day: hold.day,
    month: hold.month,
    reservedUsd: part.reservedUsd ?? hold.reservedUsd,
    costUsd: part.costUsd ?? 0,
    panes: part.panes ?? hold.panes,
  }).catch((error: unknown) => console.error("[juxta] could not settle spend", hold.subjects.join(","), error));
}

/** Counts one request against the per-minute limit of the person and of the token; 429 over it. */
export async function checkRequestRate(spender: Spender, deps: LimitDeps = {}): Promise<void> {
  const env = deps.env ?? getEnv();
  const db = deps.db ?? getDb();
  const limits = await limitsFor(spender, env, db);
  await rateWith(db, spender, limits);
}

async function rateWith(db: PrismaClient, spender: Spender, limits: { person: Limits; token: Limits | null }): Promise<void> {
  const [person, token] = await Promise.all([
    consume(db, RATE_PREFIX, `user:${spender.userId}`, limits.person.requestsPerMinute, 60),
    limits.token && spender.tokenId
      ? consume(db, RATE_PREFIX, `token:${spender.tokenId}`, limits.token.requestsPerMinute, 60)
      : ({ ok: true } as const),
  ]);
  const over = !person.ok ? { who: "Your", r: person } : !token.ok ? { who: "This API token's", r: token } : null;
  if (over && !over.r.ok)
    throw new AppError(
      "rate_limited",
      `${over.who} limit of ${over.r.limit} requests per minute is used up: try again in ${duration(over.r.retryAfterS)}.`,
      undefined,
      over.r.retryAfterS,
    );
}

/**
 * One request that starts calls now: the per-minute limit and the reservation of `usd` and
 * `panes`, in parallel (one round trip each). Over either, nothing stays reserved.
 */
export async function admit(spender: Spender, cost: { usd: number; panes: number }, deps: LimitDeps = {}): Promise<SpendHold> {
  const env = deps.env ?? getEnv();
  const db = deps.db ?? getDb();
  const limits = await limitsFor(spender, env, db);
  const amount = roundUpUsd(cost.usd);
  const [rate, hold] = await Promise.allSettled([rateWith(db, spender, limits), reserveWith(db, spender, limits, amount, cost.panes)]);
  if (rate.status === "rejected") {
    if (hold.status === "fulfilled") await settlePersonSpend(hold.value, { costUsd: 0 }, { db });
    throw rate.reason;
  }
  if (hold.status === "rejected") throw hold.reason;
  return hold.value;
}

/** The 429 for a refused reservation: which limit, what is left, when it resets. */
function overLimit(limits: LedgerLimit[], rows: LedgerRow[], amount: number, panes: number): AppError {
  for (const limit of limits) {
    const row = rows.find((r) => r.subject === limit.subject);
    if (!row) continue;
    const who = limit.subject.startsWith("token:") ? "This API token's" : "Your";
    if (limit.concurrentPanes > 0 && row.activePanes + panes > limit.concurrentPanes) {
      const left = Math.max(0, limit.concurrentPanes - row.activePanes);
      return new AppError(
        "rate_limited",
        `${who} limit of ${limit.concurrentPanes} panes answering at once is reached: ${row.activePanes} are answering and this needs ${panes} (${left} free). Try again when some finish.`,
        undefined,
        5,
      );
    }
    for (const period of ["day", "month"] as const) {
      const cap = period === "day" ? limit.dailyUsd : limit.monthlyUsd;
      const charged = period === "day" ? row.dayCharged : row.monthCharged;
      const held = period === "day" ? row.dayReserved : row.monthReserved;
      if (cap <= 0 || charged + held + amount <= cap) continue;
      const resetS = period === "day" ? secondsToNextDay() : secondsToNextMonth();
      const word = period === "day" ? "daily" : "monthly";
      const resets = `It resets ${period === "day" ? "at 00:00 UTC" : "on the 1st at 00:00 UTC"} (in ${duration(resetS)}).`;
      const left = Math.max(0, cap - charged - held);
      // calls under way may hand part of their reservation back: try again soon
      const soon = held > 0 && charged + amount <= cap;
      const tooBig = amount > cap;
      return new AppError(
        "spend_limit",
        `${who} ${word} spend limit of ${usd(cap)} would be passed: ${usd(charged)} spent` +
          (held > 0 ? ` and ${usd(held)} held by calls under way` : "") +
          `, ${usd(left)} left, and this could cost up to ${usd(amount)}` +
          (tooBig ? " (more than the whole limit: lower max output tokens, or use fewer models or prompts)" : "") +
          `. ${soon ? "Calls under way may free some of it when they end. " : ""}${resets}`,
        undefined,
        soon ? 10 : resetS,
      );
    }
  }
  return new AppError("spend_limit", "A spend limit would be passed.", undefined, 60);
}
