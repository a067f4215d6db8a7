// Each rater's agreement with the rest of the team: leave-one-out, so a rater's own vote never
// props up the majority they are compared with, which is what makes an outlier stand out.
import { groupByUnit, ratersOf, type Id, type Rating, type RatingValue } from "./values";

export interface MajorityAgreement {
  rater: Id;
  /** agreed / items; null when the rater has no item that could be compared. */
  agreement: number | null;
  /** Units where the rater's value was compared with a clear majority of the others. */
  items: number;
  /** Of those, how many matched the majority. */
  agreed: number;
  /** Units with at least two other ratings skipped because the others' top value was tied. */
  ties: number;
}

/** The most frequent value, or undefined when two or more values share the top count. */
function plurality(values: readonly RatingValue[]): RatingValue | undefined {
  const counts = new Map<RatingValue, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: RatingValue | undefined;
  let bestCount = 0;
  let tied = false;
  for (const [value, count] of counts) {
    if (count > bestCount) [best, bestCount, tied] = [value, count, false];
    else if (count === bestCount) tied = true;
  }
  return tied ? undefined : best;
}

/**
 * For every rater: on each unit they rated that at least two other raters also rated, does their
 * value equal the most frequent value among the OTHER raters? Ties for most frequent skip the unit
 * for that rater (counted in `ties`). Values match by identity (3 and "3" differ), so normalise
 * first. Raters come back in first-seen order, including those with nothing to compare.
 */
export function majorityAgreement(ratings: readonly Rating[]): MajorityAgreement[] {
  const stats = new Map(
    ratersOf(ratings).map((rater) => [rater, { rater, agreement: null as number | null, items: 0, agreed: 0, ties: 0 }]),
  );
  for (const values of groupByUnit(ratings).values()) {
    if (values.size < 3) continue;
    for (const [rater, value] of values) {
      const others = [...values].filter(([other]) => other !== rater).map(([, v]) => v);
      const majority = plurality(others);
      const entry = stats.get(rater)!;
      if (majority === undefined) {
        entry.ties++;
        continue;
      }
      entry.items++;
      if (majority === value) entry.agreed++;
    }
  }
  return [...stats.values()].map((entry) => ({ ...entry, agreement: entry.items > 0 ? entry.agreed / entry.items : null }));
}
