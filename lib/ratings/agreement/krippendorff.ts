// Krippendorff's alpha via the coincidence matrix, following Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability". Works with any number of raters and missing values.
import {
  checkValue,
  isMissing,
  orderedScale,
  ratingsToMatrix,
  toNumber,
  type NullReason,
  type Rating,
  type RatingValue,
  type ReliabilityMatrix,
} from "./values";

export type AlphaLevel = "nominal" | "ordinal" | "interval" | "ratio";

export interface AlphaOptions {
  level: AlphaLevel;
  /** Ordinal only: the scale from lowest to highest. Without it, numbers sort numerically and labels naturally. */
  order?: readonly RatingValue[];
}

export interface CoincidenceMatrix {
  /** Category values, sorted (for interval/ratio, as numbers). Indices into `coincidences` and `marginals`. */
  categories: RatingValue[];
  /** o_ck: each unit with m_u pairable values adds every ordered pair of its values with weight 1/(m_u - 1). */
  coincidences: number[][];
  /** n_c = sum over k of o_ck: how often each category occurs among pairable values. */
  marginals: number[];
  /** n: the number of pairable values (values in units with at least two values). */
  pairableValues: number;
  /** Units with at least two values; the others carry no information about agreement. */
  units: number;
}

export interface AlphaResult {
  /** 1 - D_o / D_e; null when it cannot be computed (see `reason`). 1 is perfect, 0 is chance, negative is systematic disagreement. */
  alpha: number | null;
  reason: NullReason | null;
  /** D_o = (1/n) sum o_ck delta_ck. */
  observedDisagreement: number;
  /** D_e = 1/(n(n-1)) sum n_c n_k delta_ck. */
  expectedDisagreement: number;
  pairableValues: number;
  units: number;
}

/** Builds the coincidence matrix of a units x raters matrix (null = missing). */
export function coincidenceMatrix(ratings: ReliabilityMatrix, options: AlphaOptions): CoincidenceMatrix {
  const numeric = options.level === "interval" || options.level === "ratio";
  // Interval/ratio values are compared as numbers so that 3 and "3" are one category.
  const rows = ratings.map((row) =>
    row.filter((cell) => !isMissing(cell)).map((cell) => (numeric ? toNumber(cell as RatingValue) : checkValue(cell as RatingValue))),
  );
  if (options.level === "ratio" && rows.some((row) => row.some((value) => (value as number) < 0))) {
    throw new RangeError("Ratio data cannot be negative.");
  }

  const categories = orderedScale(rows.flat(), options.level === "ordinal" ? options.order : undefined);
  const index = new Map(categories.map((category, i) => [category, i]));
  const coincidences = categories.map(() => categories.map(() => 0));
  let units = 0;

  for (const row of rows) {
    const m = row.length;
    if (m < 2) continue;
    units++;
    const counts = new Map<number, number>();
    for (const value of row) {
      const i = index.get(value)!;
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    // A value is never paired with itself, hence n_c(n_c - 1) on the diagonal.
    for (const [c, nc] of counts) {
      for (const [k, nk] of counts) coincidences[c][k] += (c === k ? nc * (nc - 1) : nc * nk) / (m - 1);
    }
  }

  const marginals = coincidences.map((row) => row.reduce((sum, x) => sum + x, 0));
  // Each unit contributes exactly m_u pairable values; summing the integers avoids float drift in n.
  const pairableValues = rows.reduce((sum, row) => sum + (row.length >= 2 ? row.length : 0), 0);
  return { categories, coincidences, marginals, pairableValues, units };
}

/** delta^2_ck for every pair of categories at the given level of measurement. */
export function differenceMatrix(level: AlphaLevel, categories: readonly RatingValue[], marginals: readonly number[]): number[][] {
  const values = level === "interval" || level === "ratio" ? categories.map(toNumber) : [];
  // Ordinal distance depends on how many values lie between c and k, so it needs cumulative marginals.
  const cumulative = [0];
  for (const n of marginals) cumulative.push(cumulative[cumulative.length - 1] + n);

  return categories.map((_, c) =>
    categories.map((__, k) => {
      if (c === k) return 0;
      switch (level) {
        case "nominal":
          return 1;
        case "ordinal": {
          const [lo, hi] = c < k ? [c, k] : [k, c];
          const between = cumulative[hi + 1] - cumulative[lo] - (marginals[lo] + marginals[hi]) / 2;
          return between * between;
        }
        case "interval":
          return (values[c] - values[k]) ** 2;
        case "ratio": {
          const sum = values[c] + values[k];
          return sum === 0 ? 0 : ((values[c] - values[k]) / sum) ** 2;
        }
      }
    }),
  );
}

/**
 * Krippendorff's alpha for a units x raters matrix (null = missing). Units with fewer than two
 * values are dropped. alpha is null with reason "no_pairable_values" when fewer than two pairable
 * values remain (e.g. a single rater), and "no_variation" when every pairable value is the same
 * (expected disagreement 0, so alpha would be 0/0).
 */
export function krippendorffAlpha(ratings: ReliabilityMatrix, options: AlphaOptions): AlphaResult {
  const { categories, coincidences, marginals, pairableValues: n, units } = coincidenceMatrix(ratings, options);
  if (n < 2) {
    return { alpha: null, reason: "no_pairable_values", observedDisagreement: 0, expectedDisagreement: 0, pairableValues: n, units };
  }
  const delta = differenceMatrix(options.level, categories, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < categories.length; c++) {
    for (let k = 0; k < categories.length; k++) {
      observed += coincidences[c][k] * delta[c][k];
      expected += marginals[c] * marginals[k] * delta[c][k];
    }
  }
  const observedDisagreement = observed / n;
  const expectedDisagreement = expected / (n * (n - 1));
  if (expectedDisagreement === 0) {
    return { alpha: null, reason: "no_variation", observedDisagreement, expectedDisagreement, pairableValues: n, units };
  }
  return {
    alpha: 1 - observedDisagreement / expectedDisagreement,
    reason: null,
    observedDisagreement,
    expectedDisagreement,
    pairableValues: n,
    units,
  };
}

/** Krippendorff's alpha from a list of ratings (the `{ unit, rater, value }` adapter over `krippendorffAlpha`). */
export function krippendorffAlphaFromRatings(ratings: readonly Rating[], options: AlphaOptions): AlphaResult {
  return krippendorffAlpha(ratingsToMatrix(ratings).matrix, options);
}
