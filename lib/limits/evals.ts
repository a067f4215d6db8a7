// The limits' hooks for background runs (evaluations here; scorecards use the same exports).
import "server-only";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { limitsFor, type Spender } from "./config";
import { duration, secondsToNextMonth, usd } from "./format";
import { readLedger } from "./ledger";
import { checkRequestRate, type LimitDeps } from "./index";

/**
 * A background run may start: the request counts against the per-minute limit, and its worst
 * case (`boundUsd`: the estimate, or the run's own spend cap if lower) must fit in what is left of
 * the spender's monthly limit: a run that could never finish within it is refused up front (429
 * `spend_limit`). The daily limit is kept answer by answer: the run pauses when it is reached.
 */
export async function admitBackgroundRun(starter: Spender, owner: Spender, boundUsd: number, deps: LimitDeps = {}): Promise<void> {
  const env = deps.env ?? getEnv();
  const db = deps.db ?? getDb();
  await checkRequestRate(starter, { db, env });
  const { person } = await limitsFor(owner, env, db);
  if (person.monthlyUsd <= 0 || boundUsd <= 0) return;
  const [row] = await readLedger(db, [`user:${owner.userId}`]);
  const used = (row?.monthCharged ?? 0) + (row?.monthReserved ?? 0);
  const left = Math.max(0, person.monthlyUsd - used);
  if (boundUsd <= left) return;
  const resetS = secondsToNextMonth();
  throw new AppError(
    "spend_limit",
    `This run could cost up to ${usd(boundUsd)}, more than the ${usd(left)} left of ${owner.userId === starter.userId ? "your" : "its owner's"} ` +
      `monthly spend limit of ${usd(person.monthlyUsd)} (${usd(used)} spent or held). Set a spend cap of at most ${usd(left)}, ` +
      `use fewer prompts or models, or lower max output tokens. The limit resets on the 1st at 00:00 UTC (in ${duration(resetS)}).`,
    undefined,
    resetS,
  );
}
