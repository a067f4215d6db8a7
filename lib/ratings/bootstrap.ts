// Bootstrap confidence intervals and Rank (UB) for the Bradley-Terry leaderboard, as in FastChat's
// elo_analysis (resample battles with replacement, refit, take percentiles).
//
// Resampling N votes with replacement is drawn as one Multinomial(N; cell sizes / N) over the
// aggregated (pair, outcome, weight) cells: the same distribution of resampled tallies, at
// O(#cells) per round instead of O(N) (when votes per cell are few, N direct draws are cheaper
// and are used instead; both are exact). Each round is then fitted warm-started from the full fit.
import { aggregate, I_WINS, J_WINS, type PairwiseOutcome } from "./aggregate";
import { fitPairs, resolveFitOptions, type CoreOptions, type FitOptions } from "./bradley-terry";
import { createRng, multinomialInto, uniformInt, type Seed } from "./random";

export const DEFAULT_SEED = 1;
const DIRECT_DRAWS_PER_CELL = 10;

export interface BootstrapOptions extends FitOptions {
  /** Resampling rounds; default 1000. */
  rounds?: number;
  /** Default 1: the leaderboard is reproducible unless asked otherwise. */
  seed?: Seed;
  /** Central interval mass; default 0.95 (2.5th / 97.5th percentiles). */
  confidence?: number;
}

export interface LeaderboardRow {
  model: string;
  /** Fit on the full data. */
  score: number;
  /** Percentiles of the bootstrap scores (each round anchored to mean 1000); +-Infinity if never rated. */
  ciLow: number;
  ciHigh: number;
  /** 1 + number of models whose ciLow is above this model's ciHigh. */
  rankUB: number;
  /** Weighted counts (= plain counts without weights); battles = wins + ties + bothBad + losses. */
  battles: number;
  wins: number;
  ties: number;
  bothBad: number;
  losses: number;
  /** wins / battles (ties and both_bad are not wins here; they are reported separately). */
  winRate: number;
  /** bothBad / battles. */
  bothBadRate: number;
  /** The MLE gap to the rest of its component is infinite; the score is capped (see bradley-terry.ts). */
  unbounded: boolean;
}

export interface BootstrapResult {
  /** Rated models, by score descending (then model key). */
  rows: LeaderboardRow[];
  /** Models without any vote (from options.models). */
  unrated: string[];
  /** Groups of models connected by votes; scores are only comparable within a group. */
  components: string[][];
  rounds: number;
  confidence: number;
  seed: Seed;
}

export function bootstrapBradleyTerry(outcomes: readonly PairwiseOutcome[], options: BootstrapOptions = {}): BootstrapResult {
  const rounds = options.rounds ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new RangeError("rounds must be a positive integer");
  if (!(confidence > 0 && confidence < 1)) throw new RangeError("confidence must be in (0, 1)");
  const opts = resolveFitOptions(options);

  const agg = aggregate(outcomes, options.models);
  const m = agg.models.length;
  const full = fitPairs(m, agg.pairI, agg.pairJ, agg.wij, agg.wji, opts);

  const samples = bootstrapScores(agg, rounds, seed, { ...opts, polish: false }, full.score);
  const alpha = (1 - confidence) / 2;
  const sorted = new Float64Array(rounds);
  const rows: LeaderboardRow[] = [];
  for (let v = 0; v < m; v++) {
    if (full.component[v] < 0) continue;
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      const s = samples[r * m + v];
      if (!Number.isNaN(s)) sorted[n++] = s; // rounds that drew none of its votes don't count
    }
    const values = sorted.subarray(0, n).sort();
    const battles = agg.battles[v];
    rows.push({
      model: agg.models[v],
      score: full.score[v],
      ciLow: n ? quantile(values, alpha) : -Infinity,
      ciHigh: n ? quantile(values, 1 - alpha) : Infinity,
      rankUB: 0,
      battles,
      wins: agg.wins[v],
      ties: agg.ties[v],
      bothBad: agg.bothBad[v],
      losses: agg.losses[v],
      winRate: agg.wins[v] / battles,
      bothBadRate: agg.bothBad[v] / battles,
      unbounded: full.unbounded[v] === 1,
    });
  }
  rows.sort((x, y) => y.score - x.score || (x.model < y.model ? -1 : x.model > y.model ? 1 : 0));
  rankUpperBound(rows).forEach((r, i) => (rows[i].rankUB = r));

  const components: string[][] = Array.from({ length: full.componentCount }, () => []);
  const unrated: string[] = [];
  agg.models.forEach((model, v) => (full.component[v] < 0 ? unrated.push(model) : components[full.component[v]].push(model)));
  return { rows, unrated, components, rounds, confidence, seed };
}

/** Bootstrap scores, round-major: result[r * m + v] (NaN = model absent from that resample). */
function bootstrapScores(
  agg: ReturnType<typeof aggregate>,
  rounds: number,
  seed: Seed,
  opts: CoreOptions,
  start: Float64Array,
): Float64Array {
  const m = agg.models.length;
  const out = new Float64Array(rounds * m);
  const rng = createRng(seed);
  const nPairs = agg.pairI.length;
  const nCells = agg.cellCount.length;
  const draw = new Float64Array(nCells);
  const wij = new Float64Array(nPairs);
  const wji = new Float64Array(nPairs);
  // Two exact ways to draw the resampled cell counts; pick the cheaper. A binomial costs about as
  // much as ~10 direct draws, so with few votes per cell, resampling the votes one by one wins.
  const n = agg.voteCount;
  let voteCell: Int32Array | null = null;
  if (n <= DIRECT_DRAWS_PER_CELL * nCells) {
    voteCell = new Int32Array(n);
    let v = 0;
    for (let c = 0; c < nCells; c++) voteCell.fill(c, v, (v += agg.cellCount[c]));
  }
  for (let r = 0; r < rounds; r++) {
    if (voteCell) {
      draw.fill(0);
      for (let k = 0; k < n; k++) draw[voteCell[uniformInt(rng, n)]]++;
    } else {
      multinomialInto(rng, n, agg.cellCount, draw);
    }
    wij.fill(0);
    wji.fill(0);
    for (let c = 0; c < nCells; c++) {
      if (draw[c] === 0) continue;
      const w = draw[c] * agg.cellWeight[c];
      const p = agg.cellPair[c];
      const kind = agg.cellKind[c];
      if (kind === I_WINS) wij[p] += w;
      else if (kind === J_WINS) wji[p] += w;
      else {
        wij[p] += w / 2;
        wji[p] += w / 2;
      }
    }
    // Warm start from the full-data fit: resamples sit close to it, so Newton needs ~2 steps.
    out.set(fitPairs(m, agg.pairI, agg.pairJ, wij, wji, opts, start).score, r * m);
  }
  return out;
}

/** Quantile of ascending values with linear interpolation (numpy / pandas default, "type 7"). */
export function quantile(sortedValues: ArrayLike<number>, q: number): number {
  const n = sortedValues.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sortedValues[lo] + (h - lo) * (sortedValues[hi] - sortedValues[lo]);
}

/** Rank (UB) per row: 1 + number of rows whose ciLow is strictly above this row's ciHigh. */
export function rankUpperBound(rows: readonly { ciLow: number; ciHigh: number }[]): number[] {
  return rows.map((row) => 1 + rows.reduce((n, other) => n + (other.ciLow > row.ciHigh ? 1 : 0), 0));
}
