// Shared input types and helpers for the agreement statistics: one place decides what counts as
// missing, how values are ordered and how a list of ratings becomes a units x raters matrix.

/** A rating value: a category label or a number. */
export type RatingValue = string | number;
/** A cell of a reliability matrix; null (or undefined, for ragged rows) means "not rated". */
export type Cell = RatingValue | null | undefined;
/** A unit (item) or rater id. */
export type Id = string | number;

/** One rater's rating of one unit; value null means the rater saw the unit but gave no rating. */
export interface Rating {
  unit: Id;
  rater: Id;
  value: RatingValue | null;
}

/** Units x raters; rows may have different lengths. */
export type ReliabilityMatrix = readonly (readonly Cell[])[];

/** Why a coefficient could not be computed (it is null, not NaN, so it survives JSON). */
export type NullReason =
  /** Nothing to compare: fewer than two pairable values (alpha) or no item rated by both (kappa). */
  | "no_pairable_values"
  /** Every value is the same, so chance agreement is perfect and the ratio is 0/0. */
  | "no_variation";

export function isMissing(value: Cell): value is null | undefined {
  return value === null || value === undefined;
}

/** Rejects NaN and infinities early: they would silently poison every sum downstream. */
export function checkValue(value: RatingValue): RatingValue {
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError(`Rating value ${value} is not a finite number.`);
  return value;
}

const collator = new Intl.Collator("en", { numeric: true });

/** Numbers numerically, strings naturally ("2" < "10"); numbers before strings on a tie so the order is total. */
export function compareValues(a: RatingValue, b: RatingValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const byText = collator.compare(String(a), String(b));
  if (byText !== 0) return byText;
  return typeof a === typeof b ? 0 : typeof a === "number" ? -1 : 1;
}

/**
 * The ordered scale for ordinal statistics. With `order`, that order (the whole scale, including
 * unused levels, which matters for weighted kappa); every value must appear in it. Without it, the
 * distinct values in natural order — fine for numbers, meaningless for labels like "good"/"bad".
 */
export function orderedScale(values: Iterable<RatingValue>, order?: readonly RatingValue[]): RatingValue[] {
  if (order) {
    const scale = new Set(order);
    if (scale.size !== order.length) throw new RangeError("The order lists a value more than once.");
    const unknown = [...new Set(values)].filter((value) => !scale.has(value));
    if (unknown.length > 0) throw new RangeError(`Value(s) not in the given order: ${unknown.map((v) => JSON.stringify(v)).join(", ")}.`);
    return [...order];
  }
  return [...new Set(values)].sort(compareValues);
}

/** Reads a value as a number for interval/ratio metrics; numeric strings ("3") are accepted since ratings often arrive as text. */
export function toNumber(value: RatingValue): number {
  const n = typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isFinite(n))
    throw new RangeError(`Rating value ${JSON.stringify(value)} is not a number; interval and ratio data need numbers.`);
  return n;
}

/** Groups ratings by unit (first-seen order), dropping missing values; a rater rating a unit twice is an input error. */
export function groupByUnit(ratings: readonly Rating[]): Map<Id, Map<Id, RatingValue>> {
  const units = new Map<Id, Map<Id, RatingValue>>();
  for (const { unit, rater, value } of ratings) {
    let byRater = units.get(unit);
    if (!byRater) units.set(unit, (byRater = new Map()));
    if (byRater.has(rater)) throw new Error(`Rater ${JSON.stringify(rater)} rated unit ${JSON.stringify(unit)} more than once.`);
    if (!isMissing(value)) byRater.set(rater, checkValue(value));
  }
  return units;
}

/** Raters in first-seen order, including those whose every value is missing. */
export function ratersOf(ratings: readonly Rating[]): Id[] {
  return [...new Set(ratings.map((rating) => rating.rater))];
}

/**
 * Adapter from a list of ratings to a units x raters matrix (units and raters in first-seen order,
 * null where a rater did not rate a unit), the layout Krippendorff's alpha is defined on.
 */
export function ratingsToMatrix(ratings: readonly Rating[]): { units: Id[]; raters: Id[]; matrix: (RatingValue | null)[][] } {
  const byUnit = groupByUnit(ratings);
  const raters = ratersOf(ratings);
  const matrix = [...byUnit.values()].map((byRater) => raters.map((rater) => byRater.get(rater) ?? null));
  return { units: [...byUnit.keys()], raters, matrix };
}
