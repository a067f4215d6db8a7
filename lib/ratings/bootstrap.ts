// Bootstrap confidence intervals and Rank (UB) for the Bradley-Terry leaderboard, as in FastChat's
// elo_analysis (resample battles with replacement, refit, take percentiles), with one difference:
// the resampling unit is the vote, not the pairwise outcome. A vote that ranks k panes implies up
// to k(k-1)/2 outcomes that stand or fall together (one "C is best" on four panes is one piece of
// evidence, not three); outcomes carry the vote as their `group`, and a round draws G groups with
// replacement, each with all of its outcomes (a cluster bootstrap). Outcomes without a group are
// groups of their own, which is the old outcome-level bootstrap exactly (same draws, same numbers).
//
// Resampling G groups with replacement is drawn as one Multinomial(G; pattern sizes / G) over the
// aggregated patterns (groups with the same multiset of (pair, outcome, weight) cells are
// interchangeable): the same distribution of resampled tallies, at O(#patterns) per round instead
// of O(G) (when groups per pattern are few, G direct draws are cheaper and are used instead; both
// are exact). Each round is then fitted warm-started from the full fit.
//
// Where the full-data MLE does not exist (a model or group that won, or lost, every vote against
// the rest: `unbounded`), every resample is degenerate in the same way and its percentiles show
// the score cap, not uncertainty (k identical "C is best" votes resample to the same data every
// round). Such rows get an open interval (-Infinity, +Infinity): the data cannot bound their
// score, so Rank (UB) never ranks them below, or anything below them. A lone model that won (or
// lost) all its votes against bounded opponents gets its other side from a one-sided binomial
// bound instead (boundOneSided), so 20 lost votes do not leave a model at Rank 1.
import { aggregate, I_WINS, J_WINS, type PairwiseOutcome } from "./aggregate";
import { BASE, fitPairs, resolveFitOptions, SCALE, type CoreOptions, type FitOptions } from "./bradley-terry";
import { createRng, multinomialInto, resampleInto, type Seed } from "./random";

export const DEFAULT_SEED = 1;
const DIRECT_DRAWS_PER_PATTERN = 10;

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
  /**
   * Percentiles of the bootstrap scores (each round anchored to mean 1000); -Infinity / +Infinity
   * when the rounds never drew one of its votes, or when the row is `unbounded` (see above).
   */
  ciLow: number;
  ciHigh: number;
  /** 1 + number of models whose ciLow is above this model's ciHigh. */
  rankUB: number;
  /** Weighted counts (= plain counts without weights); battles = wins + ties + bothBad + losses. */
  battles: number;
  /** Distinct groups (votes) with an outcome of this model; = battles when outcomes carry no group. */
  votes: number;
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
    const bounded = n > 0 && full.unbounded[v] === 0;
    rows.push({
      model: agg.models[v],
      score: full.score[v],
      ciLow: bounded ? quantile(values, alpha) : -Infinity,
      ciHigh: bounded ? quantile(values, 1 - alpha) : Infinity,
      rankUB: 0,
      battles,
      votes: agg.groups[v],
      wins: agg.wins[v],
      ties: agg.ties[v],
      bothBad: agg.bothBad[v],
      losses: agg.losses[v],
      winRate: agg.wins[v] / battles,
      bothBadRate: agg.bothBad[v] / battles,
      unbounded: full.unbounded[v] === 1,
    });
  }
  boundOneSided(rows, agg, full, alpha);
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
  const nPatterns = agg.patternCount.length;
  const { patternStart, patternCells } = agg;
  const draw = new Float64Array(nPatterns);
  const cellDraw = new Float64Array(nCells);
  const wij = new Float64Array(nPairs);
  const wji = new Float64Array(nPairs);
  // Two exact ways to draw the resampled pattern counts; pick the cheaper. A binomial costs about
  // as much as ~10 direct draws, so with few groups per pattern, resampling them one by one wins.
  const n = agg.groupCount;
  let groupPattern: Int32Array | null = null;
  if (n <= DIRECT_DRAWS_PER_PATTERN * nPatterns) {
    groupPattern = new Int32Array(n);
    let g = 0;
    for (let t = 0; t < nPatterns; t++) groupPattern.fill(t, g, (g += agg.patternCount[t]));
  }
  for (let r = 0; r < rounds; r++) {
    if (groupPattern) {
      draw.fill(0);
      resampleInto(rng, n, draw, groupPattern);
    } else {
      multinomialInto(rng, n, agg.patternCount, draw);
    }
    cellDraw.fill(0);
    for (let t = 0; t < nPatterns; t++) {
      const d = draw[t];
      if (d === 0) continue;
      for (let e = patternStart[t]; e < patternStart[t + 1]; e++) cellDraw[patternCells[e]] += d;
    }
    wij.fill(0);
    wji.fill(0);
    for (let c = 0; c < nCells; c++) {
      if (cellDraw[c] === 0) continue;
      const w = cellDraw[c] * agg.cellWeight[c];
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

/**
 * Rank (UB) per row: 1 + number of rows whose ciLow is strictly above this row's ciHigh. An open
 * interval (+-Infinity) separates from nothing: such a row is rank 1 and ranks nobody below it.
 */
/**
 * The bounded side of a one-sided row. A model that won every one of its n votes (no tie, no loss),
 * or lost every one, against opponents whose own scores are bounded, has no finite score on its
 * open side, but the data do bound the other: with all n won, a win rate p against those opponents
 * is at least alpha^(1/n) (one-sided Clopper-Pearson at the interval's tail mass), and with all n
 * lost at most 1 - alpha^(1/n). That rate is turned into a score at the opponents' mean score
 * (weighted by battles). One vote bounds almost nothing (p >= 0.025: 636 points below them), 20
 * lost votes put a model's upper end 277 points below the models that beat it. Rows whose
 * opponents are unbounded too (a lone multi-pane vote) stay open on both sides.
 */
function boundOneSided(rows: LeaderboardRow[], agg: ReturnType<typeof aggregate>, full: ReturnType<typeof fitPairs>, alpha: number): void {
  const index = new Map(agg.models.map((model, v) => [model, v]));
  for (const row of rows) {
    if (!row.unbounded || row.ties > 0 || row.bothBad > 0) continue;
    const allWon = row.losses === 0 && row.wins > 0;
    const allLost = row.wins === 0 && row.losses > 0;
    if (!allWon && !allLost) continue;
    const v = index.get(row.model)!;
    let weight = 0;
    let sum = 0;
    let opponentsBounded = true;
    for (let p = 0; p < agg.pairI.length; p++) {
      const i = agg.pairI[p];
      const j = agg.pairJ[p];
      if (i !== v && j !== v) continue;
      const o = i === v ? j : i;
      const n = agg.wij[p] + agg.wji[p];
      if (n <= 0) continue;
      if (full.unbounded[o] === 1) opponentsBounded = false;
      weight += n;
      sum += n * full.score[o];
    }
    if (!opponentsBounded || weight === 0) continue;
    const votes = row.votes;
    const p = Math.pow(alpha, 1 / votes); // the least win rate (all won) / the least loss rate (all lost)
    const gap = (SCALE * Math.log(p / (1 - p))) / Math.log(BASE);
    const opponents = sum / weight;
    if (allWon) row.ciLow = opponents + gap;
    else row.ciHigh = opponents - gap;
  }
}

export function rankUpperBound(rows: readonly { ciLow: number; ciHigh: number }[]): number[] {
  return rows.map((row) => 1 + rows.reduce((n, other) => n + (other.ciLow > row.ciHigh ? 1 : 0), 0));
}
