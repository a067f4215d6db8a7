// Cohen's kappa for two raters (unweighted, or linear/quadratic weighted for ordinal scales) and a
// table of it for every pair of raters in a team.
import {
  checkValue,
  groupByUnit,
  isMissing,
  orderedScale,
  ratersOf,
  type Cell,
  type Id,
  type NullReason,
  type Rating,
  type RatingValue,
} from "./values";

export type KappaWeights = "none" | "linear" | "quadratic";

export interface KappaOptions {
  /** "none" (default) counts only exact matches; "linear"/"quadratic" give partial credit by distance on the scale. */
  weights?: KappaWeights;
  /**
   * The scale from lowest to highest. For weighted kappa the distance between two values is the
   * distance between their positions here divided by (scale length - 1), so unused levels count.
   * Without it, the values the two raters used on their shared items, in natural order.
   */
  order?: readonly RatingValue[];
}

export interface KappaResult {
  /** (p_o - p_e) / (1 - p_e); null when it cannot be computed (see `reason`). */
  kappa: number | null;
  reason: NullReason | null;
  /** p_o: the (weighted) share of shared items on which the raters agree. */
  observedAgreement: number;
  /** p_e: the agreement expected from each rater's own distribution of values. */
  expectedAgreement: number;
  /** Items rated by both raters. */
  n: number;
}

/** Either item -> value, or arrays where the same index is the same item; null/undefined = not rated. */
export type KappaInput<K = unknown> = ReadonlyMap<K, Cell> | readonly Cell[];

function pairsOf<K>(a: KappaInput<K>, b: KappaInput<K>): [RatingValue, RatingValue][] {
  if (Array.isArray(a) !== Array.isArray(b)) throw new TypeError("Pass two Maps or two arrays, not one of each.");
  const pairs: [RatingValue, RatingValue][] = [];
  if (Array.isArray(a)) {
    const bs = b as readonly Cell[];
    a.forEach((x, i) => {
      const y = bs[i];
      if (!isMissing(x) && !isMissing(y)) pairs.push([checkValue(x), checkValue(y)]);
    });
  } else {
    const bs = b as ReadonlyMap<K, Cell>;
    for (const [item, x] of a as ReadonlyMap<K, Cell>) {
      const y = bs.get(item);
      if (!isMissing(x) && !isMissing(y)) pairs.push([checkValue(x), checkValue(y)]);
    }
  }
  return pairs;
}

/**
 * Cohen's kappa between two raters on the items both rated. Null with reason "no_pairable_values"
 * when they share no item, and "no_variation" when chance agreement is already perfect (both
 * raters gave every shared item the same single value), where kappa would be 0/0.
 */
export function cohensKappa<K>(a: KappaInput<K>, b: KappaInput<K>, options: KappaOptions = {}): KappaResult {
  const pairs = pairsOf(a, b);
  const n = pairs.length;
  if (n === 0) return { kappa: null, reason: "no_pairable_values", observedAgreement: 0, expectedAgreement: 0, n };

  const scale = orderedScale(pairs.flat(), options.order);
  const index = new Map(scale.map((value, i) => [value, i]));
  const k = scale.length;
  const weights = options.weights ?? "none";
  // Agreement weight: 1 on the diagonal, falling to 0 at the ends of the scale.
  const weight = (i: number, j: number): number => {
    if (i === j) return 1;
    if (weights === "none") return 0;
    const d = Math.abs(i - j) / (k - 1);
    return weights === "linear" ? 1 - d : 1 - d * d;
  };

  // Integer counts (divided once at the end) keep p_e exactly 1 when both raters used one value.
  const rowCount = new Array<number>(k).fill(0);
  const colCount = new Array<number>(k).fill(0);
  let observed = 0;
  for (const [x, y] of pairs) {
    const i = index.get(x)!;
    const j = index.get(y)!;
    observed += weight(i, j);
    rowCount[i]++;
    colCount[j]++;
  }
  let expected = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expected += weight(i, j) * rowCount[i] * colCount[j];
  expected /= n * n;
  const observedAgreement = observed / n;
  if (1 - expected < 1e-12) return { kappa: null, reason: "no_variation", observedAgreement, expectedAgreement: 1, n };
  return { kappa: (observedAgreement - expected) / (1 - expected), reason: null, observedAgreement, expectedAgreement: expected, n };
}

export interface PairwiseKappa extends KappaResult {
  raterA: Id;
  raterB: Id;
}

/**
 * Cohen's kappa for every pair of raters (raters in first-seen order, each pair once, A before B),
 * each on the units both rated. Pairs with no shared unit are kept, with kappa null, so a team can
 * see who never overlapped.
 */
export function pairwiseKappa(ratings: readonly Rating[], options: KappaOptions = {}): PairwiseKappa[] {
  const units = groupByUnit(ratings);
  const raters = ratersOf(ratings);
  const byRater = new Map(raters.map((rater) => [rater, new Map<Id, RatingValue>()]));
  for (const [unit, values] of units) for (const [rater, value] of values) byRater.get(rater)!.set(unit, value);

  const table: PairwiseKappa[] = [];
  for (let i = 0; i < raters.length; i++) {
    for (let j = i + 1; j < raters.length; j++) {
      const result = cohensKappa(byRater.get(raters[i])!, byRater.get(raters[j])!, options);
      table.push({ raterA: raters[i], raterB: raters[j], ...result });
    }
  }
  return table;
}
