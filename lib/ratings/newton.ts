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
function choleskySolve(A: Float64Array, d: number, rhs: Float64Array): void {
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
  for (let i = 0; i < d; i++) {
    let s = rhs[i];
    for (let k = 0; k < i; k++) s -= A[i * d + k] * rhs[k];
    rhs[i] = s / A[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = rhs[i];
    for (let k = i + 1; k < d; k++) s -= A[k * d + i] * rhs[k];
    rhs[i] = s / A[i * d + i];
  }
}
