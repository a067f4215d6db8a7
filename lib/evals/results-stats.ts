// The statistics of a session's results that are not the leaderboard's: criterion means with
// bootstrap intervals over items, "votes still needed", gold accuracy, and the agreement tables
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

export type VotesNeeded = {
  /** the top two models by score */
  a: string;
  b: string;
  /** share of a-vs-b votes that a won, ties and both-bad as half */
  winRate: number | null;
  battles: number;
  /** votes for a 95% interval of the win rate to exclude 0.5 at this win rate: 1.96² p(1-p)/(p-0.5)² */
  required: number | null;
  /** required - battles (at least 0); null when p = 0.5 exactly or no battles */
  needed: number | null;
};

/**
 * "Votes still needed" between the top two models: the normal-approximation (Wald) sample size
 * for the 95% interval p ± 1.96·sqrt(p(1-p)/n) to exclude 0.5, i.e. n = 1.96² p(1-p)/(p-0.5)²,
 * at the current win rate p, minus the votes they already had. null ("—") when they never met or
 * p is exactly 0.5 (no number of votes separates an exact tie). At p = 0 or 1 the formula gives 0:
 * every vote so far went one way.
 */
export function votesNeeded(a: string, b: string, winRate: number | null, battles: number): VotesNeeded {
  if (winRate == null || battles <= 0 || winRate === 0.5) return { a, b, winRate, battles, required: null, needed: null };
  const required = Math.ceil((1.96 ** 2 * winRate * (1 - winRate)) / (winRate - 0.5) ** 2);
  return { a, b, winRate, battles, required, needed: Math.max(0, required - battles) };
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
