// A session's results: Bradley-Terry scores with bootstrap intervals and Rank (UB) (the
// leaderboard's code, on this session's ratings; gold items left out), head-to-head matrices,
// both-bad rates, criterion means, speed and cost per model, agreement between raters, gold
// accuracy and "votes still needed". Same data + same seed => the same numbers.
import "server-only";
import { z } from "zod";
import { evalItemCategoryWhere, sessionCategories, unknownCategoryNote } from "@/lib/categories/filter";
import { categoryQuerySchema, type CategoryCount } from "@/lib/categories/schema";
import { getDb } from "@/lib/db";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { VersionedCache } from "@/lib/workers/cache";
import { runStats } from "@/lib/workers/pool";
import { pairwiseMatrices, type PairOutcome, type PairwiseOutcome } from "@/lib/ratings";
import type { Rating } from "@/lib/ratings/agreement";
import { leaderboardEntries, type LeaderboardEntry } from "@/lib/votes/leaderboard";
import { DEFAULT_MIN_BATTLES, MAX_ROUNDS, minBattlesSchema, sourceSchema } from "@/lib/votes/schema";
import { judgedItemOutcomes } from "@/lib/judges/outcomes";
import type { VoteSource } from "@/lib/judges/types";
import { assertCan, type SessionAccess } from "./access";
import { ensureItems, parseDesign } from "./items";
import {
  agreementMeasure,
  goldAccuracy,
  votesNeeded,
  type AgreementMeasure,
  type CriterionMean,
  type GoldRow,
  type VotesNeeded,
} from "./results-stats";
import type { Criterion, SessionModel } from "./schema";
import type { Scores } from "./queue";
import { speedColumns } from "@/lib/calls/speed-sql";
import { sessionJudges, type SessionJudge } from "@/lib/judges/session-judges";

const intString = (field: string) =>
  z
    .string()
    .regex(/^-?\d{1,15}$/, `${field} must be a whole number.`)
    .transform(Number);

/** GET /api/v1/evals/<id>/results and the results page: ?seed=&rounds=&minBattles= */
export const resultsQuerySchema = z
  .object({
    seed: intString("seed").default(1),
    rounds: intString("rounds")
      .pipe(z.number().min(1, `rounds must be between 1 and ${MAX_ROUNDS}.`).max(MAX_ROUNDS, `rounds must be between 1 and ${MAX_ROUNDS}.`))
      .default(1000),
    /** score rows with fewer ratings than this are provisional (as on the leaderboard) */
    minBattles: minBattlesSchema,
    /** whose ratings make the scores: people's (default), a model judge's judged passes, or both (agreement figures stay people's) */
    source: sourceSchema,
    /** only items whose prompt has every listed tag (lib/categories/filter.ts) */
    category: categoryQuerySchema,
  })
  .strict();
/** minBattles may be left out by callers that take the default. */
export type ResultsQuery = Omit<z.infer<typeof resultsQuerySchema>, "minBattles" | "source" | "category"> & {
  minBattles?: number;
  source?: VoteSource;
  category?: string[];
};

export type SpeedRow = {
  id: string;
  /** finished answers (done or failed) */
  answers: number;
  failed: number;
  errorRate: number;
  /** done answers measured with the timing split: the times are over these only */
  timedAnswers: number;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tokensPerSecondP50: number | null;
  totalMsP50: number | null;
  totalMsP95: number | null;
  costUsd: number | null;
  costPer1kOutputUsd: number | null;
  /** items won, averaged over each item's raters (ties and both-bad half) */
  wins: number;
  /** cost of this model's answers in rated pairwise items / wins */
  costPerWinUsd: number | null;
};

export type RaterRef = { id: string; label: string };

export type EvalResults = {
  name: string;
  status: string;
  /** false while the run is not finished: no items to rate yet, only speed and cost */
  itemsReady: boolean;
  seed: number;
  rounds: number;
  /** score rows with fewer ratings than this are provisional */
  minBattles: number;
  /** whose ratings made the scores ("human" default; "judge" / "all" add model judges' verdicts) */
  source: VoteSource;
  design: { pairwise: boolean; criteria: Criterion[]; raters: number };
  models: { id: string; label: string; provider: string }[];
  counts: { items: number; goldItems: number; ratings: number; raters: number; outcomes: number };
  /** by score; the leaderboard's row shape */
  scores: LeaderboardEntry[];
  /** candidates without a rated battle */
  unrated: string[];
  /** rows and columns in score order */
  matrices: { models: string[]; winRate: (number | null)[][]; battles: number[][] };
  bothBad: { id: string; rate: number | null; count: number; battles: number }[];
  criteria: { key: string; name: string; scale: Criterion["scale"]; rows: CriterionMean[] }[];
  speed: SpeedRow[];
  agreement: { raters: RaterRef[]; measures: AgreementMeasure[]; gold: GoldRow[] };
  votesNeeded: VotesNeeded | null;
  /** model judges as extra raters (lib/judges/session-judges.ts): their own section, never part of `agreement` */
  judges: SessionJudge[];
  /** the categories asked for (scores, matrices, criteria and agreement are over their items; speed and cost over every answer) */
  category: string[] | null;
  /** why results filtered by category are empty: a listed tag is on no prompt; else null */
  categoryNote: string | null;
  /** the tags on this session's prompts (gold left out), with how many prompts carry each */
  categories: CategoryCount[];
};

const score = (o: PairOutcome, side: "a" | "b") => (o === side ? 1 : o === "tie" || o === "both_bad" ? 0.5 : 0);

type SpeedAggregate = Omit<SpeedRow, "errorRate" | "wins" | "costPerWinUsd"> & {
  pricedCostUsd: number | null;
  pricedOutputTokens: number | null;
};

/**
 * Who reads the results: a viewer who passed a check of the session (evals:read), or the holder of
 * an active share link (lib/evals/shares.ts, which shows them through `publicResults`).
 */
export type ResultsReader = SessionAccess | { sharedSessionId: string };

/** With `category`: the items whose prompt has every tag, and the gold items (attention checks of the raters, not of a category). */
function categoryItemWhere(category: readonly string[] | undefined): Prisma.EvalItemWhereInput {
  if (!category?.length) return {};
  return { OR: [{ goldSide: { not: null } }, evalItemCategoryWhere(category)] };
}

// Computed results of this process, by session and query, each valid while its data version is the database's.
const globalForResults = globalThis as unknown as { juxtaResults?: VersionedCache<EvalResults> };
const resultsCache: VersionedCache<EvalResults> = (globalForResults.juxtaResults ??= new VersionedCache<EvalResults>());

/**
 * The version of what a session's results read: its row, items, answers, ratings and judgements
 * (counts and latest times). A new rating, a re-rating, a new or retried answer or a judgement changes it.
 */
async function resultsVersion(db: PrismaClient, sessionId: string): Promise<string> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT
      (SELECT "updatedAt" FROM "EvalSession" WHERE id = ${sessionId})::text AS session,
      (SELECT count(*) FROM "EvalItem" WHERE "sessionId" = ${sessionId})::text AS items,
      (SELECT count(*)::text || '/' || coalesce(max("updatedAt")::text, '') FROM "EvalAnswer" WHERE "sessionId" = ${sessionId}) AS answers,
      (SELECT count(*)::text || '/' || coalesce(max("ratedAt")::text, '') || '/' || coalesce(max("createdAt")::text, '')
         FROM "EvalAssignment" WHERE "sessionId" = ${sessionId}) AS ratings,
      (SELECT count(*)::text || '/' || coalesce(max("createdAt")::text, '') || '/' || coalesce(max("finishedAt")::text, '')
         FROM "Judgement" WHERE "evalSessionId" = ${sessionId}) AS judgements`;
  return JSON.stringify(rows[0] ?? {});
}

/**
 * Computes everything on the results page; cached per data version (resultsVersion), the
 * bootstraps in a worker thread. The returned object is shared: callers must not change it.
 */
export async function computeResults(reader: ResultsReader, query: ResultsQuery, deps: { db?: PrismaClient } = {}): Promise<EvalResults> {
  const db = deps.db ?? getDb();
  const sessionId = "sharedSessionId" in reader ? reader.sharedSessionId : assertCan(reader, "evals:read").id;
  const version = await resultsVersion(db, sessionId);
  return resultsCache.get(JSON.stringify([sessionId, query]), version, () => computeResultsNow(sessionId, query, db));
}

/** Forgets every computed result of this process (tests). */
export function clearResultsCache(): void {
  resultsCache.clear();
}

async function computeResultsNow(sessionId: string, query: ResultsQuery, db: PrismaClient): Promise<EvalResults> {
  const itemsReady = await ensureItems(sessionId, db);
  const session = await db.evalSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { name: true, status: true, models: true, design: true },
  });
  const design = parseDesign(session.design);
  const models = (session.models as SessionModel[]).map((m) => ({ id: m.id, label: m.label, provider: m.providerLabel || m.provider }));
  const modelIds = models.map((m) => m.id);

  const categories = await sessionCategories(sessionId, db);
  const itemWhere = categoryItemWhere(query.category);
  const [items, ratings, answers, speed] = await Promise.all([
    db.evalItem.findMany({
      where: { sessionId, ...itemWhere },
      orderBy: { id: "asc" },
      select: { id: true, answerAId: true, answerBId: true, goldSide: true },
    }),
    db.evalAssignment.findMany({
      where: { sessionId, ratedAt: { not: null }, ...(query.category?.length ? { item: itemWhere } : {}) },
      orderBy: [{ itemId: "asc" }, { raterId: "asc" }],
      select: { itemId: true, raterId: true, outcome: true, scores: true, rater: { select: { name: true, email: true } } },
    }),
    db.evalAnswer.findMany({ where: { sessionId }, select: { id: true, modelId: true, costUsd: true } }),
    db.$queryRaw<SpeedAggregate[]>`
      SELECT a."modelId" AS id,
        count(*)::int AS answers,
        (count(*) FILTER (WHERE a.status = 'failed'))::int AS failed,
        ${speedColumns}
      FROM "EvalAnswer" a
      WHERE a."sessionId" = ${sessionId} AND a.status IN ('done', 'failed')
      GROUP BY a."modelId"`,
  ]);

  const answerModel = new Map(answers.map((a) => [a.id, a.modelId]));
  const answerCost = new Map(answers.map((a) => [a.id, a.costUsd == null ? null : Number(a.costUsd)]));
  const itemById = new Map(items.map((i) => [i.id, i]));

  // raters: labelled by name (else email, else "Rater n"), numbered in id order
  const raterIds = [...new Set(ratings.map((r) => r.raterId))].sort();
  const raterInfo = new Map(ratings.map((r) => [r.raterId, r.rater]));
  const raters: RaterRef[] = raterIds.map((id, i) => ({
    id,
    label: raterInfo.get(id)?.name || raterInfo.get(id)?.email || `Rater ${i + 1}`,
  }));

  // pairwise outcomes (gold items left out), per-item wins for cost per win
  const outcomes: PairwiseOutcome[] = [];
  const outcomeRatings: Rating[] = [];
  const gold: { rater: string; outcome: string | null; goldSide: string }[] = [];
  const itemWins = new Map<string, { a: number; b: number; n: number }>();
  const source = query.source ?? "human";
  const countOutcome = (itemId: string, a: string, b: string, outcome: PairOutcome) => {
    // resampling unit: the item (its prompt and pair of answers), with every rater's rating of it,
    // as for the criterion means; ratings of one item are not independent evidence
    outcomes.push({ a, b, outcome, group: itemId });
    const w = itemWins.get(itemId) ?? { a: 0, b: 0, n: 0 };
    w.a += score(outcome, "a");
    w.b += score(outcome, "b");
    w.n++;
    itemWins.set(itemId, w);
  };
  for (const r of ratings) {
    const item = itemById.get(r.itemId);
    if (!item || !r.outcome) continue;
    if (item.goldSide) {
      gold.push({ rater: r.raterId, outcome: r.outcome, goldSide: item.goldSide });
      continue;
    }
    if (!item.answerAId || !item.answerBId) continue;
    const a = answerModel.get(item.answerAId);
    const b = answerModel.get(item.answerBId);
    if (!a || !b || a === b) continue;
    const outcome = r.outcome as PairOutcome;
    // agreement figures are people's only, whatever the source
    outcomeRatings.push({ unit: item.id, rater: r.raterId, value: outcome });
    if (source !== "judge") countOutcome(item.id, a, b, outcome);
  }
  // source=judge|all: model judges' verdicts from judged passes (lib/judges), one outcome each
  if (source !== "human")
    for (const j of await judgedItemOutcomes(db, sessionId)) {
      const item = itemById.get(j.itemId);
      if (!item || item.goldSide || !item.answerAId || !item.answerBId) continue;
      const a = answerModel.get(item.answerAId);
      const b = answerModel.get(item.answerBId);
      if (!a || !b || a === b) continue;
      countOutcome(item.id, a, b, j.outcome);
    }

  // the bootstraps run in a worker thread (lib/workers/pool.ts), off the request thread
  const fit = await runStats("bootstrapBradleyTerry", outcomes, { rounds: query.rounds, seed: query.seed, models: modelIds });
  // each rating is one vote with one outcome: a row's votes are its ratings (= battles)
  const minBattles = query.minBattles ?? DEFAULT_MIN_BATTLES;
  const scores: LeaderboardEntry[] = leaderboardEntries(fit.rows, { minBattles, votes: (row) => row.battles });
  const order = [...scores.map((r) => r.id), ...modelIds.filter((m) => !scores.some((r) => r.id === m))];
  const m = pairwiseMatrices(outcomes, { models: order });
  const at = (x: string) => m.models.indexOf(x);
  const top =
    scores.length >= 2
      ? votesNeeded(
          scores[0]!.id,
          scores[1]!.id,
          m.winRate[at(scores[0]!.id)]![at(scores[1]!.id)] ?? null,
          m.battles[at(scores[0]!.id)]![at(scores[1]!.id)]!,
        )
      : null;

  // criterion scores: per (item, model); gold items left out (one side is not a model's answer)
  const criteria = design.criteria.map((c) => {
    const values: { item: string; model: string; value: number }[] = [];
    const agreement: Rating[] = [];
    for (const r of ratings) {
      const item = itemById.get(r.itemId);
      const s = r.scores as Scores | null;
      if (!item || item.goldSide || !s) continue;
      for (const side of ["a", "b"] as const) {
        const answerId = side === "a" ? item.answerAId : item.answerBId;
        const value = s[side]?.[c.key];
        if (!answerId || typeof value !== "number") continue;
        const model = answerModel.get(answerId);
        if (!model) continue;
        values.push({ item: item.id, model, value });
        agreement.push({ unit: `${item.id}:${side}`, rater: r.raterId, value });
      }
    }
    return { criterion: c, values, agreement };
  });

  const measures: AgreementMeasure[] = [];
  if (design.pairwise) measures.push(agreementMeasure(outcomeRatings, { key: "outcome", label: "Pairwise vote", scale: "nominal" }));
  for (const { criterion, agreement } of criteria)
    measures.push(
      agreementMeasure(agreement, {
        key: criterion.key,
        label: criterion.name,
        scale: criterion.scale === "likert" ? "likert" : "nominal",
      }),
    );

  // cost per win: each compared answer's cost once; its wins are the item's mean score over raters
  const wins = new Map<string, number>();
  const battleCost = new Map<string, number | null>();
  for (const [itemId, w] of itemWins) {
    const item = itemById.get(itemId)!;
    for (const [side, answerId] of [
      ["a", item.answerAId!],
      ["b", item.answerBId!],
    ] as const) {
      const model = answerModel.get(answerId)!;
      wins.set(model, (wins.get(model) ?? 0) + w[side] / w.n);
      const cost = answerCost.get(answerId);
      const prev = battleCost.has(model) ? battleCost.get(model)! : 0;
      battleCost.set(model, cost == null || prev == null ? null : prev + cost);
    }
  }
  const speedById = new Map(speed.map((s) => [s.id, s]));
  const speedRows: SpeedRow[] = modelIds.map((id) => {
    const s = speedById.get(id);
    const w = wins.get(id) ?? 0;
    const cost = battleCost.get(id);
    return {
      id,
      answers: s?.answers ?? 0,
      failed: s?.failed ?? 0,
      errorRate: s && s.answers > 0 ? s.failed / s.answers : 0,
      timedAnswers: s?.timedAnswers ?? 0,
      ttftP50Ms: s?.ttftP50Ms ?? null,
      ttftP95Ms: s?.ttftP95Ms ?? null,
      tokensPerSecondP50: s?.tokensPerSecondP50 ?? null,
      totalMsP50: s?.totalMsP50 ?? null,
      totalMsP95: s?.totalMsP95 ?? null,
      costUsd: s?.costUsd ?? null,
      costPer1kOutputUsd: s?.pricedOutputTokens && s.pricedCostUsd != null ? (s.pricedCostUsd / s.pricedOutputTokens) * 1000 : null,
      wins: w,
      costPerWinUsd: w > 0 && cost != null ? cost / w : null,
    };
  });

  return {
    name: session.name,
    status: session.status,
    itemsReady,
    seed: query.seed,
    rounds: query.rounds,
    minBattles,
    source: query.source ?? "human",
    design: { pairwise: design.pairwise, criteria: design.criteria, raters: design.raters },
    models,
    counts: {
      items: items.filter((i) => !i.goldSide).length,
      goldItems: items.filter((i) => i.goldSide).length,
      ratings: ratings.length,
      raters: raters.length,
      outcomes: outcomes.length,
    },
    scores,
    unrated: fit.unrated,
    matrices: m,
    bothBad: order.map((id) => {
      const r = scores.find((x) => x.id === id);
      return { id, rate: r && r.battles > 0 ? r.bothBad / r.battles : null, count: r?.bothBad ?? 0, battles: r?.battles ?? 0 };
    }),
    criteria: await Promise.all(
      criteria.map(async ({ criterion, values }) => ({
        key: criterion.key,
        name: criterion.name,
        scale: criterion.scale,
        rows: await runStats("criterionMeans", values, { criterion: criterion.key, seed: query.seed, rounds: query.rounds }),
      })),
    ),
    speed: speedRows,
    agreement: { raters, measures, gold: goldAccuracy(gold) },
    votesNeeded: top,
    // computed apart from the people's figures above, from the judgements and the ratings alone
    judges: await sessionJudges(sessionId, { seed: query.seed, rounds: query.rounds }, db),
    category: query.category ?? null,
    categoryNote: unknownCategoryNote(query.category, categories),
    categories,
  };
}

/**
 * The results for a public share link: no emails, no user ids, raters as "Rater 1", "Rater 2"...
 * (numbered in the same order as in the team's view).
 */
export function publicResults(results: EvalResults): EvalResults {
  const alias = new Map(results.agreement.raters.map((r, i) => [r.id, `Rater ${i + 1}`]));
  const name = (id: string) => alias.get(id) ?? "Rater";
  return {
    ...results,
    agreement: {
      raters: results.agreement.raters.map((r) => ({ id: name(r.id), label: name(r.id) })),
      measures: results.agreement.measures.map((m) => ({
        ...m,
        kappa: m.kappa.map((k) => ({ ...k, raterA: name(k.raterA), raterB: name(k.raterB) })),
        majority: m.majority.map((x) => ({ ...x, rater: name(x.rater) })),
      })),
      gold: results.agreement.gold.map((g) => ({ ...g, rater: name(g.rater) })),
    },
    judges: results.judges.map((j) => ({ ...j, raters: j.raters.map((r) => ({ ...r, rater: name(r.rater) })) })),
  };
}
