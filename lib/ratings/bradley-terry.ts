// Maximum-likelihood Bradley-Terry on the Elo-like scale used by LMSYS Chatbot Arena
// (FastChat compute_mle_elo: SCALE 400, BASE 10, ties = half a win each, no prior), anchored so
// the mean score of the fitted models in each connected group is 1000.
//
// Method: votes are aggregated per pair, then each group of models whose MLE exists is solved by
// damped Newton (the Hessian is a weighted graph Laplacian: k x k, cheap for k in the hundreds),
// stopping when the max-norm of the gradient of the mean log-likelihood is <= tolerance (plus one
// polishing step).
//
// Degenerate data (the MLE does not exist) is handled without any prior:
// - Models with no votes are reported in `unrated` and take no part in the fit.
// - Models never compared (directly or through others) form separate components; each component
//   is anchored to mean 1000 on its own, and scores across components are not comparable.
// - Within a component the MLE is finite iff the "won at least half a vote against" graph is
//   strongly connected (Zermelo 1929, Ford 1957). Otherwise each strongly connected group is
//   fitted on its own votes (the limit of the likelihood supremum), and every gap the MLE would
//   push to infinity is capped: a group that lost (net of ties) every vote against other groups
//   is placed so the closest of those winner-loser pairs is exactly `divergenceGap` points apart
//   (longest-path layering from the unbeaten groups down). Models outside the component's
//   dominant group (the one with strictly the most internal votes; all models if there is none)
//   are flagged `unbounded`. Bootstrap intervals of such models reflect the cap, not uncertainty.
import { aggregate, type PairwiseOutcome } from "./aggregate";
import { kosaraju } from "./graph";
import { newtonFit } from "./newton";

export const SCALE = 400;
export const BASE = 10;
export const INIT_RATING = 1000;
/** Score points used for a gap whose MLE is infinite (odds 100:1). */
export const DEFAULT_DIVERGENCE_GAP = 800;
export const DEFAULT_TOLERANCE = 1e-6;

const POINTS_PER_NAT = SCALE / Math.log(BASE);

export interface FitOptions {
  /** All known models; those without votes are returned in `unrated`. */
  models?: readonly string[];
  /** Max-norm of the gradient of the mean log-likelihood (natural-log strengths). Default 1e-6. */
  tolerance?: number;
  maxIterations?: number;
  /** Score points standing in for an infinite MLE gap. Default 800. */
  divergenceGap?: number;
}

export interface BradleyTerryFit {
  /** Rated models only. */
  scores: Map<string, number>;
  /** Models without any (non-zero-weight) vote. */
  unrated: string[];
  /** Models whose MLE gap to the rest of their component is infinite (score is capped). */
  unbounded: string[];
  /** Groups of models connected by votes; each is anchored to mean 1000 separately. */
  components: string[][];
  converged: boolean;
  iterations: number;
  /** Largest final gradient max-norm over the groups solved by Newton. */
  gradientNorm: number;
}

export interface CoreOptions {
  tolerance: number;
  maxIterations: number;
  divergenceGap: number;
  /** One extra Newton step after reaching the tolerance (off in bootstrap rounds: not needed there). */
  polish: boolean;
}

export interface CoreFit {
  /** Score per model index; NaN when unrated. */
  score: Float64Array;
  unbounded: Uint8Array;
  /** Component per model index; -1 when unrated. */
  component: Int32Array;
  componentCount: number;
  converged: boolean;
  iterations: number;
  gradientNorm: number;
}

export function resolveFitOptions(o: Omit<FitOptions, "models"> = {}): CoreOptions {
  const tolerance = o.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = o.maxIterations ?? 100;
  const divergenceGap = o.divergenceGap ?? DEFAULT_DIVERGENCE_GAP;
  if (!(tolerance > 0)) throw new RangeError("tolerance must be > 0");
  if (!(Number.isInteger(maxIterations) && maxIterations > 0)) throw new RangeError("maxIterations must be a positive integer");
  if (!(Number.isFinite(divergenceGap) && divergenceGap > 0)) throw new RangeError("divergenceGap must be finite and > 0");
  return { tolerance, maxIterations, divergenceGap, polish: true };
}

export function fitBradleyTerry(outcomes: readonly PairwiseOutcome[], options: FitOptions = {}): BradleyTerryFit {
  const agg = aggregate(outcomes, options.models);
  const core = fitPairs(agg.models.length, agg.pairI, agg.pairJ, agg.wij, agg.wji, resolveFitOptions(options));
  const scores = new Map<string, number>();
  const unrated: string[] = [];
  const unbounded: string[] = [];
  const components: string[][] = Array.from({ length: core.componentCount }, () => []);
  agg.models.forEach((model, i) => {
    if (core.component[i] < 0) return void unrated.push(model);
    scores.set(model, core.score[i]);
    components[core.component[i]].push(model);
    if (core.unbounded[i]) unbounded.push(model);
  });
  return {
    scores,
    unrated,
    unbounded,
    components,
    converged: core.converged,
    iterations: core.iterations,
    gradientNorm: core.gradientNorm,
  };
}

/**
 * The fit on aggregated data: m models, pairs (pairI[p] < pairJ[p]) with win weights wij / wji.
 * Pairs with zero total weight are ignored, so the bootstrap can reuse one pair list.
 */
export function fitPairs(
  m: number,
  pairI: Int32Array,
  pairJ: Int32Array,
  wij: Float64Array,
  wji: Float64Array,
  opts: CoreOptions,
  /** Warm start: scores (score scale, NaN = none) of a previous fit, e.g. the full data's. */
  start?: Float64Array,
): CoreFit {
  const nPairs = pairI.length;

  // Connected components over pairs with votes (union-find).
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const rated = new Uint8Array(m);
  for (let p = 0; p < nPairs; p++) {
    if (wij[p] + wji[p] <= 0) continue;
    rated[pairI[p]] = rated[pairJ[p]] = 1;
    const a = find(pairI[p]);
    const b = find(pairJ[p]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const component = new Int32Array(m).fill(-1);
  const rootComponent = new Int32Array(m).fill(-1);
  let componentCount = 0;
  for (let v = 0; v < m; v++) {
    if (!rated[v]) continue;
    const r = find(v);
    if (rootComponent[r] < 0) rootComponent[r] = componentCount++;
    component[v] = rootComponent[r];
  }

  // Directed "beat" graph: u -> v when u won weight > 0 against v (a tie gives both edges).
  const outDeg = new Int32Array(m + 1);
  const inDeg = new Int32Array(m + 1);
  for (let p = 0; p < nPairs; p++) {
    if (wij[p] > 0) {
      outDeg[pairI[p] + 1]++;
      inDeg[pairJ[p] + 1]++;
    }
    if (wji[p] > 0) {
      outDeg[pairJ[p] + 1]++;
      inDeg[pairI[p] + 1]++;
    }
  }
  for (let v = 0; v < m; v++) {
    outDeg[v + 1] += outDeg[v];
    inDeg[v + 1] += inDeg[v];
  }
  const outAdj = new Int32Array(outDeg[m]);
  const inAdj = new Int32Array(inDeg[m]);
  const outFill = outDeg.slice(0, m);
  const inFill = inDeg.slice(0, m);
  for (let p = 0; p < nPairs; p++) {
    const i = pairI[p];
    const j = pairJ[p];
    if (wij[p] > 0) {
      outAdj[outFill[i]++] = j;
      inAdj[inFill[j]++] = i;
    }
    if (wji[p] > 0) {
      outAdj[outFill[j]++] = i;
      inAdj[inFill[i]++] = j;
    }
  }
  const { scc, sccCount } = kosaraju(m, rated, outDeg, outAdj, inDeg, inAdj);

  // Solve each strongly connected group on its internal votes.
  const sccPairs: number[][] = Array.from({ length: sccCount }, () => []);
  const sccInternal = new Float64Array(sccCount);
  for (let p = 0; p < nPairs; p++) {
    const n = wij[p] + wji[p];
    if (n > 0 && scc[pairI[p]] === scc[pairJ[p]]) {
      sccPairs[scc[pairI[p]]].push(p);
      sccInternal[scc[pairI[p]]] += n;
    }
  }
  const members: number[][] = Array.from({ length: sccCount }, () => []);
  for (let v = 0; v < m; v++) if (scc[v] >= 0) members[scc[v]].push(v);
  const internal = new Float64Array(m); // natural-log strength within its group, group mean 0
  let iterations = 0;
  let gradientNorm = 0;
  let converged = true;
  const local = new Int32Array(m);
  for (let c = 0; c < sccCount; c++) {
    if (members[c].length < 2) continue;
    members[c].forEach((v, k) => (local[v] = k));
    const init = start && Float64Array.from(members[c], (v) => (Number.isNaN(start[v]) ? 0 : start[v] / POINTS_PER_NAT));
    const r = newtonFit(members[c].length, sccPairs[c], local, pairI, pairJ, wij, wji, opts, init);
    members[c].forEach((v, k) => (internal[v] = r.theta[k]));
    iterations += r.iterations;
    gradientNorm = Math.max(gradientNorm, r.gradientNorm);
    converged &&= r.converged;
  }

  // Place groups: Kosaraju numbers them sources-first, so every beater is placed already.
  const theta = new Float64Array(m).fill(NaN);
  const gap = opts.divergenceGap / POINTS_PER_NAT;
  for (let c = 0; c < sccCount; c++) {
    let offset = Infinity;
    for (const v of members[c]) {
      for (let e = inDeg[v]; e < inDeg[v + 1]; e++) {
        const u = inAdj[e];
        if (scc[u] === c) continue;
        if (Number.isNaN(theta[u])) throw new Error("internal: strongly connected groups out of order");
        offset = Math.min(offset, theta[u] - gap - internal[v]);
      }
    }
    if (offset === Infinity) offset = 0; // unbeaten group: its own mean is the reference
    for (const v of members[c]) theta[v] = internal[v] + offset;
  }

  // Flags and anchoring per component.
  const unbounded = new Uint8Array(m);
  const score = new Float64Array(m).fill(NaN);
  const componentMembers: number[][] = Array.from({ length: componentCount }, () => []);
  for (let v = 0; v < m; v++) if (component[v] >= 0) componentMembers[component[v]].push(v);
  for (const vs of componentMembers) {
    const groups = [...new Set(vs.map((v) => scc[v]))];
    if (groups.length > 1) {
      const best = groups.reduce((x, c) => Math.max(x, sccInternal[c]), 0);
      const dominant = groups.filter((c) => sccInternal[c] === best);
      const keep = best > 0 && dominant.length === 1 ? dominant[0] : -1;
      for (const v of vs) if (scc[v] !== keep) unbounded[v] = 1;
    }
    let mean = 0;
    for (const v of vs) mean += theta[v];
    mean /= vs.length;
    for (const v of vs) score[v] = INIT_RATING + POINTS_PER_NAT * (theta[v] - mean);
  }
  return { score, unbounded, component, componentCount, converged, iterations, gradientNorm };
}
