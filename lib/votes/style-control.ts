// GET /api/v1/leaderboard?style=control: the leaderboard's selection of outcomes, each with the
// style features of its two answers (read from the stored answer texts), fitted by
// bootstrapStyleControl (lib/ratings/style.ts). Kept apart from the plain fit: the selection of
// outcomes is shared (lib/votes/leaderboard.ts), the fit is not.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PairwiseOutcome } from "@/lib/ratings";
import type { StyleControlResult } from "@/lib/ratings/style";
import { runStats } from "@/lib/workers/pool";
import { STYLE_COVARIATES, styleFeatures, type StyleCovariate, type StyleFeatures } from "@/lib/ratings/style-features";
import type { LeaderboardQuery } from "./schema";

/** Where an outcome's two answers are: the voted turn and the two panes' indexes. */
export type OutcomeAnswers = { turnId: string; paneA: number; paneB: number };

/**
 * Per covariate: the coefficient in natural log-odds per SD of the normalised difference (positive:
 * voters prefer the answer with more of it, whatever the model) and its bootstrap interval. null:
 * not estimable (coef: the covariate never varies in the selection; an interval side: the data
 * cannot bound it).
 */
export type StyleCoefficients = Record<StyleCovariate, { coef: number | null; ciLow: number | null; ciHigh: number | null }>;
export type StyleFitSummary = {
  /** false: the votes separate on style or models (e.g. the longer answer won every vote); no finite fit */
  converged: boolean;
  /** outcomes in the style fit (those between models whose plain score is bounded) */
  outcomes: number;
};

const CHUNK = 5000;
const CACHE_LIMIT = 100_000;
/** Features per answer id, with the text length they were computed from (an answer is written once). */
const cache = new Map<string, { length: number; features: StyleFeatures }>();

function featuresOf(id: string, text: string): StyleFeatures {
  const hit = cache.get(id);
  if (hit && hit.length === text.length) return hit.features;
  const features = styleFeatures(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(id, { length: text.length, features });
  return features;
}

const EMPTY: StyleFeatures = { length: 0, headers: 0, lists: 0, bold: 0 };
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** The style features of each outcome's answers (no answer, or an empty one: all zero). */
export async function styledOutcomes(outcomes: readonly PairwiseOutcome[], answers: readonly OutcomeAnswers[], db: PrismaClient) {
  const turns = [...new Set(answers.map((a) => a.turnId))];
  const byPane = new Map<string, StyleFeatures>(); // `${turnId}:${paneIndex}`
  for (let i = 0; i < turns.length; i += CHUNK) {
    const rows = await db.answer.findMany({
      where: { turnId: { in: turns.slice(i, i + CHUNK) } },
      select: { id: true, turnId: true, text: true, pane: { select: { index: true } } },
    });
    for (const r of rows) byPane.set(`${r.turnId}:${r.pane.index}`, featuresOf(r.id, r.text));
  }
  return outcomes.map((o, n) => ({
    ...o,
    styleA: byPane.get(`${answers[n].turnId}:${answers[n].paneA}`) ?? EMPTY,
    styleB: byPane.get(`${answers[n].turnId}:${answers[n].paneB}`) ?? EMPTY,
  }));
}

export async function styleControlFit(
  outcomes: readonly PairwiseOutcome[],
  answers: readonly OutcomeAnswers[],
  query: Pick<LeaderboardQuery, "rounds" | "seed">,
  db: PrismaClient,
): Promise<{ result: StyleControlResult; style: StyleCoefficients; fit: StyleFitSummary }> {
  // the bootstrap runs in a worker thread (lib/workers/pool.ts), off the request thread
  const result = await runStats("bootstrapStyleControl", await styledOutcomes(outcomes, answers, db), {
    rounds: query.rounds,
    seed: query.seed,
  });
  const style = Object.fromEntries(
    STYLE_COVARIATES.map((f) => {
      const s = result.style[f];
      return [f, { coef: finiteOrNull(s.coef), ciLow: finiteOrNull(s.ciLow), ciHigh: finiteOrNull(s.ciHigh) }];
    }),
  ) as StyleCoefficients;
  return { result, style, fit: { converged: result.converged, outcomes: result.fitted } };
}
