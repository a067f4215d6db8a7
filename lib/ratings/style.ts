// Style control: Bradley-Terry with style covariates, as Chatbot Arena does it ("Does style
// matter?", LMSYS 2024; FastChat elo_analysis --style-control). Each pairwise outcome is a row of a
// logistic regression whose predictor is
//   theta[a] - theta[b] + sum_f beta[f] * z[f],
// with z[f] the standardised normalised difference of style feature f between the two answers:
//   d = (featureA - featureB) / (featureA + featureB)   (0 when both are 0),
//   z = (d - mean(d)) / sd(d)                          (over the votes fitted).
// Ties and both_bad count as half a win each, exactly as on the plain board (bradley-terry.ts).
//
// A coefficient is in natural log-odds per standard deviation of its normalised difference: beta =
// +0.4 for length means an answer one SD relatively longer than its rival has its odds of winning
// multiplied by e^0.4 = 1.49, whatever the models. The model scores are the strengths with style
// held equal (z = 0), on the plain board's scale (400 points per factor 10 of odds, mean 1000 per
// connected group).
//
// Reuse, not a second copy: the plain fit decides which models are rated, their connected groups
// and which have no finite MLE (`unbounded`: they keep the plain board's capped score and an open
// interval, and their votes stay out of the style fit); the Newton solver is newton.ts's, with
// rows (newtonFitRows); the bootstrap resamples votes (clusters) with the plain bootstrap's
// sampler (resampleInto), warm-started from the full fit, and takes the same percentiles.
//
// Where the data separate (e.g. the longer answer won every vote), the style MLE does not exist:
// the full fit is then reported `converged: false`, with open intervals. A bootstrap round that
// does not converge counts as -Infinity / +Infinity (by the side it ran to) in the percentiles,
// so an interval the data cannot bound comes out open rather than narrow.
import { aggregate, type PairwiseOutcome } from "./aggregate";
import { DEFAULT_SEED, quantile, rankUpperBound, type BootstrapOptions, type LeaderboardRow } from "./bootstrap";
import { BASE, fitPairs, resolveFitOptions, SCALE, type CoreOptions } from "./bradley-terry";
import { choleskyFactor, newtonFitRows, type RowProblem } from "./newton";
import { createRng, resampleInto, type Seed } from "./random";
import { STYLE_COVARIATES, type StyleCovariate, type StyleFeatures } from "./style-features";

const POINTS_PER_NAT = SCALE / Math.log(BASE);
/** A fit beyond these is taken as running to infinity (separated data), not as an estimate. */
const MAX_COEF = 10; // odds ratio e^10 per SD
const MAX_SPREAD = 20; // nats between two models of one group (~3,500 points)
/**
 * A bootstrap round has converged once the distance its contracting steps leave is at most this
 * (newton.ts; nats: 0.02 score points, 1e-4 of a coefficient), far below the intervals' own Monte
 * Carlo error; it spares each round one or two passes over the votes.
 */
const ROUND_STEP_TOLERANCE = 1e-4;

export interface StyledOutcome extends PairwiseOutcome {
  /** style features of a's answer and of b's */
  styleA: StyleFeatures;
  styleB: StyleFeatures;
}

export interface StyleCoefficient {
  /** natural log-odds per SD of the normalised difference; NaN when not identified (no variation) */
  coef: number;
  /** bootstrap percentiles; +-Infinity when the data cannot bound that side, NaN when not identified */
  ciLow: number;
  ciHigh: number;
}

export interface StyleControlResult {
  /** as the plain board's rows (same tallies), with style-adjusted scores and intervals */
  rows: LeaderboardRow[];
  unrated: string[];
  components: string[][];
  style: Record<StyleCovariate, StyleCoefficient>;
  /** false when the style MLE does not exist on these votes (separation): numbers are not estimates */
  converged: boolean;
  /** outcomes in the style fit (those between models with a finite plain MLE) */
  fitted: number;
  rounds: number;
  confidence: number;
  seed: Seed;
}

/** The normalised difference (a - b) / (a + b) of one feature; 0 when both are 0. */
export function normalisedDifference(a: number, b: number): number {
  return a + b === 0 ? 0 : (a - b) / (a + b);
}

/** The design of the style fit: rows, standardised covariates, and which covariates vary. */
interface Design {
  prob: RowProblem;
  /** per row: its group (vote) number among all groups */
  group: Int32Array;
  groupCount: number;
  /** covariates in the fit (those that vary), indexes into STYLE_COVARIATES */
  active: number[];
  /** free-parameter index per model (-1: pinned or not fitted) */
  varOf: Int32Array;
  /** model indexes in the fit, per plain component */
  members: number[][];
}

function buildDesign(outcomes: readonly StyledOutcome[], index: Map<string, number>, inFit: Uint8Array, component: Int32Array): Design {
  const m = inFit.length;
  // gauge: the last fitted model of each component is pinned at 0
  const members: number[][] = [];
  const pinned = new Uint8Array(m);
  const byComponent = new Map<number, number[]>();
  for (let v = 0; v < m; v++) {
    if (!inFit[v]) continue;
    const c = component[v];
    if (!byComponent.has(c)) byComponent.set(c, []);
    byComponent.get(c)!.push(v);
  }
  for (const vs of byComponent.values()) {
    members.push(vs);
    pinned[vs[vs.length - 1]] = 1;
  }
  const varOf = new Int32Array(m).fill(-1);
  let k = 0;
  for (let v = 0; v < m; v++) if (inFit[v] && !pinned[v]) varOf[v] = k++;

  // rows: outcomes of weight > 0 between fitted models; groups numbered over all weight > 0 outcomes
  // (as aggregate() does), so a round resamples every vote, as the plain bootstrap does. Typed
  // arrays throughout: 100,000 votes make 100,000 rows.
  const F = STYLE_COVARIATES.length;
  const cap = outcomes.length;
  const rIa = new Int32Array(cap);
  const rIb = new Int32Array(cap);
  const rWin = new Float64Array(cap);
  const rTotal = new Float64Array(cap);
  const rGroup = new Int32Array(cap);
  const rD = new Float64Array(cap * F);
  const groupOf = new Map<string | number, number>();
  let groupCount = 0;
  let n = 0;
  for (const o of outcomes) {
    const w = o.weight ?? 1;
    if (w === 0) continue;
    let g: number;
    if (o.group === undefined) g = groupCount++;
    else {
      const known = groupOf.get(o.group);
      if (known === undefined) groupOf.set(o.group, (g = groupCount++));
      else g = known;
    }
    const a = index.get(o.a)!;
    const b = index.get(o.b)!;
    if (!inFit[a] || !inFit[b]) continue;
    rIa[n] = varOf[a];
    rIb[n] = varOf[b];
    rWin[n] = o.outcome === "a" ? w : o.outcome === "b" ? 0 : w / 2;
    rTotal[n] = w;
    rGroup[n] = g;
    for (let q = 0; q < F; q++) rD[n * F + q] = normalisedDifference(o.styleA[STYLE_COVARIATES[q]], o.styleB[STYLE_COVARIATES[q]]);
    n++;
  }
  // standardise each covariate over the fitted rows (weighted); one with no variation is left out
  const active: number[] = [];
  const mean: number[] = [];
  const sd: number[] = [];
  let wsum = 0;
  for (let t = 0; t < n; t++) wsum += rTotal[t];
  for (let q = 0; q < F && wsum > 0; q++) {
    let mu = 0;
    for (let t = 0; t < n; t++) mu += rTotal[t] * rD[t * F + q];
    mu /= wsum;
    let v = 0;
    for (let t = 0; t < n; t++) v += rTotal[t] * (rD[t * F + q] - mu) ** 2;
    const sdq = Math.sqrt(v / wsum);
    if (sdq > 1e-12) {
      active.push(q);
      mean.push(mu);
      sd.push(sdq);
    }
  }
  const f = active.length;
  const prob: RowProblem = {
    n,
    k,
    f,
    ia: rIa.slice(0, n),
    ib: rIb.slice(0, n),
    z: new Float64Array(n * f),
    win: rWin.slice(0, n),
    total: rTotal.slice(0, n),
  };
  const group = rGroup.slice(0, n);
  for (let t = 0; t < n; t++) for (let u = 0; u < f; u++) prob.z[t * f + u] = (rD[t * F + active[u]] - mean[u]) / sd[u];
  return { prob, group, groupCount, active, varOf, members };
}

/** Whether a fit ran off to infinity (separated data) rather than to an estimate. */
function diverged(params: Float64Array, design: Design, converged: boolean, present: Uint8Array | null = null): boolean {
  if (!converged) return true;
  const { k, f } = design.prob;
  for (let q = 0; q < f; q++) if (!(Math.abs(params[k + q]) <= MAX_COEF)) return true;
  for (const vs of design.members) {
    let lo = 0;
    let hi = 0;
    let first = true;
    for (const v of vs) {
      if (present && !present[v]) continue;
      const t = design.varOf[v] >= 0 ? params[design.varOf[v]] : 0;
      if (first) [lo, hi, first] = [t, t, false];
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
    if (!(hi - lo <= MAX_SPREAD)) return true;
  }
  return false;
}

/**
 * Scores (plain board scale) of the fitted models from the parameters, each component anchored so
 * its present members average `anchor[c]`; NaN for a model absent (no weighted row) in this fit.
 */
function scoresOf(params: Float64Array, design: Design, present: Uint8Array | null, anchors: number[], out: Float64Array): void {
  design.members.forEach((vs, c) => {
    let mean = 0;
    let count = 0;
    for (const v of vs) {
      if (present && !present[v]) continue;
      mean += design.varOf[v] >= 0 ? params[design.varOf[v]] : 0;
      count++;
    }
    mean /= count;
    for (const v of vs) {
      const t = design.varOf[v] >= 0 ? params[design.varOf[v]] : 0;
      out[v] = present && !present[v] ? NaN : anchors[c] + POINTS_PER_NAT * (t - mean);
    }
  });
}

/** Percentile with open ends: an infinite sample at either interpolation point gives that infinity. */
function percentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  if (h === lo || sorted[lo] === sorted[hi]) return sorted[lo];
  if (!Number.isFinite(sorted[lo])) return sorted[lo];
  if (!Number.isFinite(sorted[hi])) return sorted[hi];
  return quantile(sorted, q);
}

export function bootstrapStyleControl(outcomes: readonly StyledOutcome[], options: BootstrapOptions = {}): StyleControlResult {
  const rounds = options.rounds ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new RangeError("rounds must be a positive integer");
  if (!(confidence > 0 && confidence < 1)) throw new RangeError("confidence must be in (0, 1)");
  for (const [n, o] of outcomes.entries()) {
    for (const side of [o.styleA, o.styleB])
      for (const f of STYLE_COVARIATES)
        if (!(side && Number.isFinite(side[f]) && side[f] >= 0))
          throw new RangeError(`vote ${n}: style feature ${f} must be finite and >= 0`);
  }
  const opts = resolveFitOptions(options);

  // the plain fit: rated models, groups, and the models without a finite MLE (kept as it places them)
  const agg = aggregate(outcomes, options.models);
  const m = agg.models.length;
  const plain = fitPairs(m, agg.pairI, agg.pairJ, agg.wij, agg.wji, opts);
  const inFit = new Uint8Array(m);
  for (let v = 0; v < m; v++) inFit[v] = plain.component[v] >= 0 && plain.unbounded[v] === 0 ? 1 : 0;
  const design = buildDesign(outcomes, agg.index, inFit, plain.component);
  const anchors = design.members.map((vs) => vs.reduce((s, v) => s + plain.score[v], 0) / vs.length);
  const { k, f } = design.prob;

  // warm start from the plain fit (style coefficients at 0): fewer Newton steps over all the votes
  const init = new Float64Array(k + f);
  for (const vs of design.members) {
    const pinned = vs[vs.length - 1];
    for (const v of vs) if (design.varOf[v] >= 0) init[design.varOf[v]] = (plain.score[v] - plain.score[pinned]) / POINTS_PER_NAT;
  }
  const full = newtonFitRows(design.prob, null, opts, init);
  // the rounds step with the full fit's Hessian (chord method), Newton taking over if that stalls
  let chord: { factor: Float64Array; stepTolerance: number } | undefined;
  if (full.hessian && k + f > 0) {
    const factor = Float64Array.from(full.hessian);
    choleskyFactor(factor, k + f);
    chord = { factor, stepTolerance: ROUND_STEP_TOLERANCE };
  }
  const fullDiverged = diverged(full.params, design, full.converged);
  const score = Float64Array.from(plain.score);
  scoresOf(full.params, design, null, anchors, score);

  // bootstrap: resample votes, refit warm-started from the full fit
  const roundOpts: CoreOptions = { ...opts, polish: false, maxIterations: Math.min(opts.maxIterations, 50) };
  const samples = new Float64Array(rounds * m).fill(NaN);
  const coefSamples = new Float64Array(rounds * f);
  const rng = createRng(seed);
  const counts = new Float64Array(design.groupCount);
  const scale = new Float64Array(design.prob.n);
  const present = new Uint8Array(m);
  const live = new Int32Array(design.prob.n);
  let liveCount = 0;
  // rows per group (CSR), so a round visits only the votes it drew
  const groupStart = new Int32Array(design.groupCount + 1);
  for (let t = 0; t < design.prob.n; t++) groupStart[design.group[t] + 1]++;
  for (let g = 0; g < design.groupCount; g++) groupStart[g + 1] += groupStart[g];
  const groupRows = new Int32Array(design.prob.n);
  {
    const fill = groupStart.slice(0, design.groupCount);
    for (let t = 0; t < design.prob.n; t++) groupRows[fill[design.group[t]]++] = t;
  }
  const roundScore = new Float64Array(m);
  const modelOfVar = new Int32Array(k);
  for (let v = 0; v < m; v++) if (design.varOf[v] >= 0) modelOfVar[design.varOf[v]] = v;
  // model index per row side (pinned models have no variable: recover them from the outcomes' models)
  const rowA = new Int32Array(design.prob.n);
  const rowB = new Int32Array(design.prob.n);
  {
    let t = 0;
    for (const o of outcomes) {
      if ((o.weight ?? 1) === 0) continue;
      const a = agg.index.get(o.a)!;
      const b = agg.index.get(o.b)!;
      if (!inFit[a] || !inFit[b]) continue;
      rowA[t] = a;
      rowB[t++] = b;
    }
  }
  if (!fullDiverged && design.prob.n > 0) {
    for (let r = 0; r < rounds; r++) {
      counts.fill(0);
      if (design.groupCount > 0) resampleInto(rng, design.groupCount, counts);
      present.fill(0);
      for (let e = 0; e < liveCount; e++) scale[live[e]] = 0; // the last round's draws
      liveCount = 0;
      for (let g = 0; g < design.groupCount; g++) {
        const c = counts[g];
        if (c === 0) continue;
        for (let e = groupStart[g]; e < groupStart[g + 1]; e++) {
          const t = groupRows[e];
          scale[t] = c;
          present[rowA[t]] = present[rowB[t]] = 1;
          live[liveCount++] = t;
        }
      }
      const fit = newtonFitRows(design.prob, scale, roundOpts, full.params, chord, live.subarray(0, liveCount));
      const base = r * m;
      if (diverged(fit.params, design, fit.converged, present)) {
        // ran off: each estimate counts as the infinity on the side it moved to
        scoresOf(fit.params, design, present, anchors, roundScore);
        for (let v = 0; v < m; v++) {
          if (!inFit[v] || !present[v]) continue;
          samples[base + v] = roundScore[v] >= score[v] ? Infinity : -Infinity;
        }
        for (let q = 0; q < f; q++) coefSamples[r * f + q] = fit.params[k + q] >= full.params[k + q] ? Infinity : -Infinity;
        continue;
      }
      scoresOf(fit.params, design, present, anchors, roundScore);
      for (let v = 0; v < m; v++) if (inFit[v]) samples[base + v] = roundScore[v];
      for (let q = 0; q < f; q++) coefSamples[r * f + q] = fit.params[k + q];
    }
  }

  const alpha = (1 - confidence) / 2;
  const sorted = new Float64Array(rounds);
  const rows: LeaderboardRow[] = [];
  for (let v = 0; v < m; v++) {
    if (plain.component[v] < 0) continue;
    let ciLow = -Infinity;
    let ciHigh = Infinity;
    if (inFit[v] && !fullDiverged) {
      let n = 0;
      for (let r = 0; r < rounds; r++) {
        const s = samples[r * m + v];
        if (!Number.isNaN(s)) sorted[n++] = s;
      }
      const values = sorted.subarray(0, n).sort();
      if (n > 0) {
        ciLow = percentile(values, alpha);
        ciHigh = percentile(values, 1 - alpha);
      }
    }
    const battles = agg.battles[v];
    rows.push({
      model: agg.models[v],
      score: score[v],
      ciLow,
      ciHigh,
      rankUB: 0,
      battles,
      votes: agg.groups[v],
      wins: agg.wins[v],
      ties: agg.ties[v],
      bothBad: agg.bothBad[v],
      losses: agg.losses[v],
      winRate: agg.wins[v] / battles,
      bothBadRate: agg.bothBad[v] / battles,
      unbounded: plain.unbounded[v] === 1 || fullDiverged,
    });
  }
  rows.sort((x, y) => y.score - x.score || (x.model < y.model ? -1 : x.model > y.model ? 1 : 0));
  rankUpperBound(rows).forEach((rank, i) => (rows[i].rankUB = rank));

  const style = {} as Record<StyleCovariate, StyleCoefficient>;
  STYLE_COVARIATES.forEach((name, q) => {
    const u = design.active.indexOf(q);
    if (u < 0 || design.prob.n === 0) return void (style[name] = { coef: NaN, ciLow: NaN, ciHigh: NaN });
    if (fullDiverged) return void (style[name] = { coef: NaN, ciLow: -Infinity, ciHigh: Infinity });
    for (let r = 0; r < rounds; r++) sorted[r] = coefSamples[r * f + u];
    sorted.sort();
    style[name] = { coef: full.params[k + u], ciLow: percentile(sorted, alpha), ciHigh: percentile(sorted, 1 - alpha) };
  });

  const components: string[][] = Array.from({ length: plain.componentCount }, () => []);
  const unrated: string[] = [];
  agg.models.forEach((model, v) => (plain.component[v] < 0 ? unrated.push(model) : components[plain.component[v]].push(model)));
  return {
    rows,
    unrated,
    components,
    style,
    converged: !fullDiverged,
    fitted: design.prob.n,
    rounds,
    confidence,
    seed,
  };
}
