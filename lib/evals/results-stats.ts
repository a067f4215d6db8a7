// The statistics of a session's results that are not the leaderboard's: criterion means with
// bootstrap intervals over items, "votes still needed" (Wilson), gold accuracy, and the agreement tables
// (built on lib/ratings/agreement). Pure functions of plain rows; lib/evals/results.ts loads them.
import { quantile } from "@/lib/ratings";
import { krippendorffAlphaFromRatings, majorityAgreement, pairwiseKappa, type NullReason, type Rating } from "@/lib/ratings/agreement";
import { createRng, uniformInt } from "@/lib/ratings/random";

export type CriterionMean = {
  /** model id */
  id: string;
  /** mean over items of the item's mean score (over its raters); pass/fail: the pass rate */
  mean: number;
  /** 95% percentile interval from resampling items with replacement (seeded); null with one item or none */
  ciLow: number | null;
  ciHigh: number | null;
  /** items with at least one score for this model */
  items: number;
  /** scores given */
  ratings: number;
};

/**
 * Mean score per model with a bootstrap interval over items: each item counts once (the mean of
 * its raters' scores), rounds resample the items with replacement. The stream for one
 * (criterion, model) is seeded by `${seed}:${criterion}:${model}`, so the numbers do not depend
 * on which other models or criteria there are.
 */
export function criterionMeans(
  scores: readonly { item: string; model: string; value: number }[],
  { criterion, seed, rounds, confidence = 0.95 }: { criterion: string; seed: number; rounds: number; confidence?: number },
): CriterionMean[] {
  const byModel = new Map<string, Map<string, number[]>>();
  for (const s of scores) {
    let items = byModel.get(s.model);
    if (!items) byModel.set(s.model, (items = new Map()));
    const values = items.get(s.item);
    if (values) values.push(s.value);
    else items.set(s.item, [s.value]);
  }
  const alpha = (1 - confidence) / 2;
  const out: CriterionMean[] = [];
  for (const [model, items] of [...byModel].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    // items in id order, so the resample is the same whatever order the rows came in
    const keys = [...items.keys()].sort();
    const itemMeans = Float64Array.from(keys, (k) => {
      const v = items.get(k)!;
      return v.reduce((a, b) => a + b, 0) / v.length;
    });
    const n = itemMeans.length;
    const mean = itemMeans.reduce((a, b) => a + b, 0) / n;
    let ciLow: number | null = null;
    let ciHigh: number | null = null;
    if (n >= 2) {
      const rng = createRng(`${seed}:${criterion}:${model}`);
      const samples = new Float64Array(rounds);
      for (let r = 0; r < rounds; r++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += itemMeans[uniformInt(rng, n)]!;
        samples[r] = sum / n;
      }
      samples.sort();
      ciLow = quantile(samples, alpha);
      ciHigh = quantile(samples, 1 - alpha);
    }
    out.push({ id: model, mean, ciLow, ciHigh, items: n, ratings: [...items.values()].reduce((a, v) => a + v.length, 0) });
  }
  return out;
}

/** The 97.5% standard normal quantile: two-sided 95%. */
const Z95 = 1.959963984540054;

export type VotesNeeded = {
  /** the top two models by score */
  a: string;
  b: string;
  /** share of a-vs-b votes that a won, ties and both-bad as half */
  winRate: number | null;
  battles: number;
  /** how the interval is computed: the Wilson score interval, which stays valid at win rates 0 and 1 */
  method: "wilson";
  confidence: number;
  /** the 95% Wilson interval of the win rate now; null without battles */
  interval: { low: number; high: number } | null;
  /** the interval excludes 0.5 now: one model is ahead */
  decided: boolean;
  /** votes in all at which the 95% Wilson interval excludes 0.5, if the win rate stays where it is */
  required: number | null;
  /** required - battles (at least 0); null when they never met or the win rate is exactly 0.5 */
  needed: number | null;
};

/** The Wilson score interval of a proportion p over n trials (Wilson 1927): valid at p = 0 and p = 1. */
export function wilsonInterval(p: number, n: number, z = Z95): { low: number; high: number } {
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * "Votes still needed" between the top two models, with the 95% Wilson score interval of the win
 * rate. That interval holds exactly the rates a score test does not reject, so it excludes 0.5
 * exactly when (p - 0.5)² > z²·0.25/n: at the current win rate p it decides once
 * n > z² / (4 (p - 0.5)²). Unlike the normal-approximation (Wald) interval, whose width is 0 at
 * p = 0 or 1 ("0 more votes" after one vote), this needs 4 one-sided votes before it decides.
 * It assumes p stays where it is. null ("—") when they never met or p is exactly 0.5 (no number
 * of votes separates an exact tie).
 */
export function votesNeeded(a: string, b: string, winRate: number | null, battles: number): VotesNeeded {
  const base = { a, b, winRate, battles, method: "wilson" as const, confidence: 0.95 };
  if (winRate == null || !(battles > 0)) return { ...base, interval: null, decided: false, required: null, needed: null };
  const interval = wilsonInterval(winRate, battles);
  const decided = interval.low > 0.5 || interval.high < 0.5;
  if (winRate === 0.5) return { ...base, interval, decided, required: null, needed: null };
  const required = Math.floor((Z95 * Z95) / (4 * (winRate - 0.5) ** 2)) + 1;
  return { ...base, interval, decided, required, needed: decided ? 0 : Math.max(1, required - Math.ceil(battles)) };
}

export type GoldRow = { rater: string; items: number; correct: number; accuracy: number | null; flagged: boolean };
export const GOLD_THRESHOLD = 0.8;

/** Per rater: share of gold items where they picked the side with the reference answer; flagged below 80%. */
export function goldAccuracy(ratings: readonly { rater: string; outcome: string | null; goldSide: string }[]): GoldRow[] {
  const by = new Map<string, { items: number; correct: number }>();
  for (const r of ratings) {
    if (!r.outcome) continue;
    const row = by.get(r.rater) ?? { items: 0, correct: 0 };
    row.items++;
    if (r.outcome === r.goldSide) row.correct++;
    by.set(r.rater, row);
  }
  return [...by].map(([rater, { items, correct }]) => {
    const accuracy = items > 0 ? correct / items : null;
    return { rater, items, correct, accuracy, flagged: accuracy !== null && accuracy < GOLD_THRESHOLD };
  });
}

export type AgreementMeasure = {
  /** "outcome" for the pairwise vote, else the criterion key */
  key: string;
  label: string;
  level: "nominal" | "ordinal";
  /** kappa weighting: none for nominal data, quadratic for Likert */
  weights: "none" | "quadratic";
  alpha: number | null;
  alphaReason: NullReason | null;
  /** units (items, or item sides for criteria) with at least two ratings */
  units: number;
  pairableValues: number;
  kappa: { raterA: string; raterB: string; kappa: number | null; reason: NullReason | null; n: number; observedAgreement: number }[];
  majority: { rater: string; agreement: number | null; items: number; agreed: number; ties: number }[];
};

const LIKERT = [1, 2, 3, 4, 5] as const;

/**
 * Krippendorff's alpha over all raters (units = items; missing ratings allowed), Cohen's kappa for
 * every pair of raters on the items both rated, and each rater's agreement with the majority of
 * the others. Ratings are sorted (rater, unit) first, so the tables come out in rater-id order.
 */
export function agreementMeasure(
  ratings: readonly Rating[],
  { key, label, scale }: { key: string; label: string; scale: "nominal" | "likert" },
): AgreementMeasure {
  const sorted = [...ratings].sort((x, y) =>
    x.rater < y.rater ? -1 : x.rater > y.rater ? 1 : x.unit < y.unit ? -1 : x.unit > y.unit ? 1 : 0,
  );
  const ordinal = scale === "likert";
  const alpha = krippendorffAlphaFromRatings(sorted, ordinal ? { level: "ordinal", order: LIKERT } : { level: "nominal" });
  const kappa = pairwiseKappa(sorted, ordinal ? { weights: "quadratic", order: LIKERT } : {});
  return {
    key,
    label,
    level: ordinal ? "ordinal" : "nominal",
    weights: ordinal ? "quadratic" : "none",
    alpha: alpha.alpha,
    alphaReason: alpha.reason,
    units: alpha.units,
    pairableValues: alpha.pairableValues,
    kappa: kappa.map((k) => ({
      raterA: String(k.raterA),
      raterB: String(k.raterB),
      kappa: k.kappa,
      reason: k.reason,
      n: k.n,
      observedAgreement: k.observedAgreement,
    })),
    majority: majorityAgreement(sorted).map((m) => ({
      rater: String(m.rater),
      agreement: m.agreement,
      items: m.items,
      agreed: m.agreed,
      ties: m.ties,
    })),
  };
}
