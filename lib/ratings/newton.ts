// Damped Newton for the Bradley-Terry MLE of one group whose MLE exists (strongly connected).
import type { CoreOptions } from "./bradley-terry";

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const logSigmoid = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

/**
 * Damped Newton on the mean log-likelihood of one strongly connected group (finite MLE, concave
 * objective). The last strength is pinned during the solve (gauge), then the group is centred.
 */
export function newtonFit(
  k: number,
  pairs: number[],
  local: Int32Array,
  pairI: Int32Array,
  pairJ: Int32Array,
  wij: Float64Array,
  wji: Float64Array,
  opts: CoreOptions,
  /** Starting strengths per local index (any gauge), e.g. the full-data fit in the bootstrap. */
  init?: Float64Array,
): { theta: Float64Array; iterations: number; gradientNorm: number; converged: boolean } {
  const P = pairs.length;
  const li = new Int32Array(P);
  const lj = new Int32Array(P);
  const a = new Float64Array(P);
  const b = new Float64Array(P);
  let total = 0;
  pairs.forEach((p, q) => {
    li[q] = local[pairI[p]];
    lj[q] = local[pairJ[p]];
    a[q] = wij[p];
    b[q] = wji[p];
    total += wij[p] + wji[p];
  });
  const inv = 1 / total;
  const d = k - 1;
  const theta = new Float64Array(k);
  if (init) {
    for (let i = 0; i < k; i++) theta[i] = init[i] - init[d];
  }
  const trial = new Float64Array(k);
  const grad = new Float64Array(k);
  const hess = new Float64Array(d * d);
  const step = new Float64Array(k);

  const logLik = (t: Float64Array) => {
    let s = 0;
    for (let q = 0; q < P; q++) {
      const x = t[li[q]] - t[lj[q]];
      const ls = logSigmoid(x); // log sigmoid(-x) = log sigmoid(x) - x: one log/exp per pair
      s += (a[q] + b[q]) * ls - b[q] * x;
    }
    return s * inv;
  };

  let iterations = 0;
  let polished = false;
  let gmax = Infinity;
  let ll = NaN; // computed on the first line search only: warm starts often need no step
  for (;;) {
    grad.fill(0);
    hess.fill(0);
    for (let q = 0; q < P; q++) {
      const i = li[q];
      const j = lj[q];
      const n = a[q] + b[q];
      const s = sigmoid(theta[i] - theta[j]);
      const r = (a[q] - n * s) * inv;
      grad[i] += r;
      grad[j] -= r;
      const h = n * s * (1 - s) * inv;
      if (i < d) hess[i * d + i] += h;
      if (j < d) hess[j * d + j] += h;
      if (i < d && j < d) {
        hess[i * d + j] -= h;
        hess[j * d + i] -= h;
      }
    }
    gmax = 0;
    for (let i = 0; i < k; i++) gmax = Math.max(gmax, Math.abs(grad[i]));
    if (iterations >= opts.maxIterations) break;
    if (gmax <= opts.tolerance) {
      // One more step once within tolerance: Newton converges quadratically, so this takes the
      // estimate to ~machine precision for the price of a single iteration.
      if (!opts.polish || polished || gmax < 1e-13) break;
      polished = true;
    }
    iterations++;

    // Newton direction on the first k-1 coordinates: (-H) step = grad, -H positive definite.
    step.set(grad);
    step[d] = 0;
    choleskySolve(hess, d, step);
    let slope = 0;
    for (let i = 0; i < d; i++) slope += grad[i] * step[i];
    if (Number.isNaN(ll)) ll = logLik(theta);
    let t = 1;
    let accepted = false;
    while (t > 1e-12) {
      for (let i = 0; i < k; i++) trial[i] = theta[i] + t * step[i];
      const llNew = logLik(trial);
      // Armijo, with slack for rounding once the gain is below machine precision.
      if (llNew >= ll + 1e-4 * t * slope - 8 * Number.EPSILON * Math.abs(ll)) {
        theta.set(trial);
        ll = llNew;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) break;
  }
  let mean = 0;
  for (let i = 0; i < k; i++) mean += theta[i];
  mean /= k;
  for (let i = 0; i < k; i++) theta[i] -= mean;
  return { theta, iterations, gradientNorm: gmax, converged: gmax <= opts.tolerance };
}

/** Solves A x = rhs in place (A: d x d symmetric positive definite, overwritten by its factor). */
export function choleskySolve(A: Float64Array, d: number, rhs: Float64Array): void {
  choleskyFactor(A, d);
  choleskySubstitute(A, d, rhs);
}

/** A (d x d symmetric positive definite) := its Cholesky factor L (lower triangle), in place. */
export function choleskyFactor(A: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    const diag = A[j * d + j];
    let s = diag;
    for (let k = 0; k < j; k++) s -= A[j * d + k] * A[j * d + k];
    // A vanishing pivot only arises from sigmoid underflow at absurd odds: keep it solvable.
    const pivot = Math.sqrt(Math.max(s, 1e-12 * diag, 1e-300));
    A[j * d + j] = pivot;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j];
      for (let k = 0; k < j; k++) t -= A[i * d + k] * A[j * d + k];
      A[i * d + j] = t / pivot;
    }
  }
}

/** Solves L L^T x = rhs in place, L from choleskyFactor. */
export function choleskySubstitute(L: Float64Array, d: number, rhs: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let s = rhs[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * rhs[k];
    rhs[i] = s / L[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = rhs[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * rhs[k];
    rhs[i] = s / L[i * d + i];
  }
}

/**
 * Bradley-Terry with covariates, row by row (style control, lib/ratings/style.ts): the linear
 * predictor of row n is theta[a] - theta[b] + sum_f beta[f] * z[n, f], maximised by the same damped
 * Newton as above (mean log-likelihood, Armijo backtracking, Cholesky on the negated Hessian, one
 * polishing step). Rows cannot be pooled by pair since each carries its own covariates.
 *
 * Parameters: `k` free model strengths then `f` coefficients. A row's model index is -1 for a
 * model pinned at 0 (one per connected group: the gauge). Row weights are `total[n] * scale[n]`
 * (scale: bootstrap draw counts; null = 1); `win[n]` is the weight of "a won" (ties: half).
 * Each pass computes log-likelihood, gradient and Hessian together, so an accepted trial point
 * needs no second pass.
 *
 * `chord`: the Cholesky factor of a nearby fit's negated Hessian (the full data's, for bootstrap
 * rounds warm-started there). Steps then reuse it (the chord method: one gradient pass per step,
 * no Hessian, no log-likelihood) while the gradient norm shrinks; should it not, the solve goes
 * on with the damped Newton above. Converged when the gradient is within the tolerance, or when the
 * steps contract and the distance they leave is at most `stepTolerance` (parameter units: nats).
 */
export interface RowProblem {
  n: number;
  k: number;
  f: number;
  ia: Int32Array;
  ib: Int32Array;
  /** covariates, row-major n x f */
  z: Float64Array;
  win: Float64Array;
  total: Float64Array;
}

export function newtonFitRows(
  prob: RowProblem,
  scale: Float64Array | null,
  opts: CoreOptions,
  init?: Float64Array,
  chord?: { factor: Float64Array; stepTolerance: number },
  /** the rows with scale > 0, if the caller listed them (else listed here); scale is 0 on every other row */
  liveRows?: Int32Array,
): {
  params: Float64Array;
  iterations: number;
  gradientNorm: number;
  converged: boolean;
  /** negated Hessian (mean) at the result; null when the chord steps sufficed (none was computed) */
  hessian: Float64Array | null;
} {
  const { n, k, f, ia, ib, z, win, total } = prob;
  const d = k + f;
  let weightSum = 0;
  if (liveRows && scale) for (let e = 0; e < liveRows.length; e++) weightSum += total[liveRows[e]] * scale[liveRows[e]];
  else for (let r = 0; r < n; r++) weightSum += scale ? total[r] * scale[r] : total[r];
  const inv = weightSum > 0 ? 1 / weightSum : 0;
  const params = init ? Float64Array.from(init) : new Float64Array(d);
  const trial = new Float64Array(d);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  const gradT = new Float64Array(d);
  const hessT = new Float64Array(d * d);
  const step = new Float64Array(d);
  const hz = new Float64Array(f);

  /** log-likelihood (mean), gradient and negated Hessian (lower triangle, mean) at p. */
  const evaluate = (p: Float64Array, g: Float64Array, h: Float64Array): number => {
    g.fill(0);
    h.fill(0);
    let ll = 0;
    for (let r = 0; r < n; r++) {
      const c = scale ? scale[r] : 1;
      if (c === 0) continue;
      const w = total[r] * c;
      const y = win[r] * c;
      const i = ia[r];
      const j = ib[r];
      let x = (i >= 0 ? p[i] : 0) - (j >= 0 ? p[j] : 0);
      const zr = r * f;
      for (let q = 0; q < f; q++) x += p[k + q] * z[zr + q];
      const e = Math.exp(-Math.abs(x));
      const s = x >= 0 ? 1 / (1 + e) : e / (1 + e);
      const logS = x >= 0 ? -Math.log1p(e) : x - Math.log1p(e);
      ll += w * logS - (w - y) * x; // y log s + (w - y) log(1 - s), log(1 - s) = log s - x
      const res = y - w * s;
      const hw = w * s * (1 - s);
      if (i >= 0) {
        g[i] += res;
        h[i * d + i] += hw;
      }
      if (j >= 0) {
        g[j] -= res;
        h[j * d + j] += hw;
      }
      if (i >= 0 && j >= 0) {
        if (i > j) h[i * d + j] -= hw;
        else h[j * d + i] -= hw;
      }
      for (let q = 0; q < f; q++) {
        const zq = z[zr + q];
        g[k + q] += res * zq;
        hz[q] = hw * zq;
        const row = (k + q) * d;
        if (i >= 0) h[row + i] += hz[q];
        if (j >= 0) h[row + j] -= hz[q];
        for (let u = 0; u <= q; u++) h[row + k + u] += hz[q] * z[zr + u];
      }
    }
    for (let a = 0; a < d; a++) {
      g[a] *= inv;
      for (let b = 0; b <= a; b++) {
        const v = h[a * d + b] * inv;
        h[a * d + b] = v;
        h[b * d + a] = v; // full symmetric matrix for choleskySolve
      }
    }
    return ll * inv;
  };

  /** gradient (mean) at p only: the chord steps' pass */
  const gradient = (p: Float64Array, g: Float64Array): void => {
    if (f <= 4) return gradientUpTo4(p, g);
    g.fill(0);
    for (let r = 0; r < n; r++) {
      const c = scale ? scale[r] : 1;
      if (c === 0) continue;
      const i = ia[r];
      const j = ib[r];
      let x = (i >= 0 ? p[i] : 0) - (j >= 0 ? p[j] : 0);
      const zr = r * f;
      for (let q = 0; q < f; q++) x += p[k + q] * z[zr + q];
      const res = (win[r] - total[r] / (1 + Math.exp(-x))) * c;
      if (i >= 0) g[i] += res;
      if (j >= 0) g[j] -= res;
      for (let q = 0; q < f; q++) g[k + q] += res * z[zr + q];
    }
    for (let a = 0; a < d; a++) g[a] *= inv;
  };

  const z4 = f <= 4 && chord ? paddedTo4(prob) : null;
  let live = liveRows;
  if (z4 && !live) {
    const all = new Int32Array(n);
    let m = 0;
    for (let r = 0; r < n; r++) if (!scale || scale[r] !== 0) all[m++] = r;
    live = all.subarray(0, m);
  }
  const gradientUpTo4 = (p: Float64Array, g: Float64Array) => gradient4(live!, ia, ib, z4!, win, total, scale, p, k, f, g, inv);

  let iterations = 0;
  let gmax = Infinity;
  if (chord) {
    let previous = Infinity;
    let previousStep = Infinity;
    for (;;) {
      gradient(params, grad);
      gmax = 0;
      for (let a = 0; a < d; a++) gmax = Math.max(gmax, Math.abs(grad[a]));
      if (gmax <= opts.tolerance) return { params, iterations, gradientNorm: gmax, converged: true, hessian: null };
      // not contracting fast (the full data's Hessian is far from this resample's): Newton takes over
      if (!(gmax < previous / 2) || iterations >= MAX_CHORD_STEPS) break;
      previous = gmax;
      iterations++;
      step.set(grad);
      choleskySubstitute(chord.factor, d, step);
      let size = 0;
      for (let a = 0; a < d; a++) {
        params[a] += step[a];
        size = Math.max(size, Math.abs(step[a]));
      }
      // Converged by step size: the steps contract by the ratio rho = size / previous step (< 1/2),
      // so the distance left after this one is about rho / (1 - rho) times its size (the a-posteriori
      // bound of a contraction). Once that is within stepTolerance, the pass that would only confirm
      // it is saved: resamples typically stop after two passes over the votes, not three or four.
      const rho = size / previousStep;
      if (rho < 0.5 && (size * rho) / (1 - rho) <= chord.stepTolerance)
        return { params, iterations, gradientNorm: gmax, converged: true, hessian: null };
      previousStep = size;
    }
  }

  let ll = evaluate(params, grad, hess);
  let polished = false;
  const newtonFrom = iterations; // the Newton steps have a budget of their own
  let fresh = true; // hess is the Hessian at params (not yet overwritten by its factor)
  const hessian = new Float64Array(d * d);
  for (;;) {
    gmax = 0;
    for (let a = 0; a < d; a++) gmax = Math.max(gmax, Math.abs(grad[a]));
    if (iterations - newtonFrom >= opts.maxIterations) break;
    if (gmax <= opts.tolerance) {
      if (!opts.polish || polished || gmax < 1e-13) break;
      polished = true;
    }
    iterations++;
    step.set(grad);
    hessian.set(hess);
    choleskySolve(hess, d, step);
    fresh = false;
    let slope = 0;
    for (let a = 0; a < d; a++) slope += grad[a] * step[a];
    let t = 1;
    let accepted = false;
    while (t > 1e-12) {
      for (let a = 0; a < d; a++) trial[a] = params[a] + t * step[a];
      const llNew = evaluate(trial, gradT, hessT);
      if (llNew >= ll + 1e-4 * t * slope - 8 * Number.EPSILON * Math.abs(ll)) {
        params.set(trial);
        grad.set(gradT);
        hess.set(hessT);
        fresh = true;
        ll = llNew;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) break;
  }
  if (fresh) hessian.set(hess); // else the copy taken before factoring is the Hessian at params
  return { params, iterations, gradientNorm: gmax, converged: gmax <= opts.tolerance, hessian };
}

/**
 * The chord pass with up to four covariates kept in locals (the style fit has four): the
 * bootstrap's hot loop. It walks only the rows a resample drew (`live`): skipping a third of the
 * rows at random inside the loop would cost a mispredicted branch each.
 */
function gradient4(
  live: Int32Array,
  ia: Int32Array,
  ib: Int32Array,
  zz: Float64Array,
  win: Float64Array,
  total: Float64Array,
  scale: Float64Array | null,
  p: Float64Array,
  k: number,
  f: number,
  g: Float64Array,
  inv: number,
): void {
  g.fill(0);
  const b0 = f > 0 ? p[k] : 0;
  const b1 = f > 1 ? p[k + 1] : 0;
  const b2 = f > 2 ? p[k + 2] : 0;
  const b3 = f > 3 ? p[k + 3] : 0;
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  for (let e = 0; e < live.length; e++) {
    const r = live[e];
    const c = scale ? scale[r] : 1;
    const i = ia[r];
    const j = ib[r];
    const zr = r << 2;
    const z0 = zz[zr];
    const z1 = zz[zr + 1];
    const z2 = zz[zr + 2];
    const z3 = zz[zr + 3];
    const x = (i >= 0 ? p[i] : 0) - (j >= 0 ? p[j] : 0) + b0 * z0 + b1 * z1 + b2 * z2 + b3 * z3;
    const res = (win[r] - total[r] / (1 + Math.exp(-x))) * c;
    if (i >= 0) g[i] += res;
    if (j >= 0) g[j] -= res;
    g0 += res * z0;
    g1 += res * z1;
    g2 += res * z2;
    g3 += res * z3;
  }
  if (f > 0) g[k] = g0;
  if (f > 1) g[k + 1] = g1;
  if (f > 2) g[k + 2] = g2;
  if (f > 3) g[k + 3] = g3;
  for (let a = 0; a < g.length; a++) g[a] *= inv;
}

/** Chord steps before Newton takes over (they contract at least 2x each, or Newton takes over sooner). */
const MAX_CHORD_STEPS = 8;

const padded = new WeakMap<RowProblem, Float64Array>();

/** The covariates as n x 4 (zero columns past f), cached per problem: rounds share one problem. */
function paddedTo4(prob: RowProblem): Float64Array {
  let z4 = padded.get(prob);
  if (!z4) {
    z4 = new Float64Array(prob.n * 4);
    for (let r = 0; r < prob.n; r++) for (let q = 0; q < prob.f; q++) z4[r * 4 + q] = prob.z[r * prob.f + q];
    padded.set(prob, z4);
  }
  return z4;
}
