// Head-to-head tables for the leaderboard UI.
import { aggregate, type PairwiseOutcome } from "./aggregate";

export interface PairwiseMatrices {
  models: string[];
  /** winRate[r][c]: share of r-vs-c votes that r won, ties and both_bad as half; null if they never met. */
  winRate: (number | null)[][];
  /** battles[r][c]: (weighted) number of r-vs-c votes; symmetric, 0 on the diagonal. */
  battles: number[][];
}

/**
 * `models` fixes the row/column order (e.g. the leaderboard order) and may add models without
 * votes; models found only in the votes are appended in code-unit order.
 */
export function pairwiseMatrices(outcomes: readonly PairwiseOutcome[], options: { models?: readonly string[] } = {}): PairwiseMatrices {
  const agg = aggregate(outcomes, options.models);
  const first = [...new Set(options.models ?? [])];
  const listed = new Set(first);
  const models = [...first, ...agg.models.filter((k) => !listed.has(k))];
  const m = agg.models.length;
  const at = models.map((k) => agg.index.get(k)!);

  const n = new Float64Array(m * m);
  for (let p = 0; p < agg.pairI.length; p++) {
    const total = agg.wij[p] + agg.wji[p];
    n[agg.pairI[p] * m + agg.pairJ[p]] = n[agg.pairJ[p] * m + agg.pairI[p]] = total;
  }
  const battles = at.map((r) => at.map((c) => n[r * m + c]));
  const winRate = at.map((r) => at.map((c) => (n[r * m + c] > 0 ? (agg.pairWins.get(r * m + c) ?? 0) / n[r * m + c] : null)));
  return { models, winRate, battles };
}
