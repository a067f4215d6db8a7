// The few distribution functions the scorecard statistics need: the standard normal CDF and
// quantile, and Student's t CDF and quantile (small families of 20 to 30 items need t, not z).
// Written here rather than installed: @stdlib's t quantile alone brings 233 packages (27 MB) for
// three functions, and these are textbook algorithms, checked against published tables in
// tests/unit/scorecard-stats.test.ts.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: relative error below 1e-15). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz, as in Numerical Recipes). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), 0 <= x <= 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Standard normal CDF Φ(x) (through erfc, Numerical Recipes' Chebyshev fit: relative error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1 (Acklam's rational approximation: relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Student's t CDF with `df` > 0 degrees of freedom (through the incomplete beta function). */
export function tCdf(t: number, df: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  if (df > 1e7) return normalCdf(t);
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

function tDensity(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

const tQuantileCache = new Map<string, number>();

/** Student's t quantile: closed forms for 1 and 2 degrees of freedom, else Newton from the normal quantile. Cached. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (df > 1e7) return normalQuantile(p);
  const key = `${p}:${df}`;
  const hit = tQuantileCache.get(key);
  if (hit !== undefined) return hit;
  let x: number;
  if (df === 1) x = Math.tan(Math.PI * (p - 0.5));
  else if (df === 2) x = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  else {
    // Cornish-Fisher start (Abramowitz & Stegun 26.7.5), then Newton on the exact CDF
    const z = normalQuantile(p);
    const z3 = z ** 3;
    const z5 = z ** 5;
    x = z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
    for (let i = 0; i < 20; i++) {
      const step = (tCdf(x, df) - p) / tDensity(x, df);
      x -= step;
      if (Math.abs(step) < 1e-12 * Math.max(1, Math.abs(x))) break;
    }
  }
  if (tQuantileCache.size > 10_000) tQuantileCache.clear();
  tQuantileCache.set(key, x);
  return x;
}

/** Two-sided p-value of a t statistic (df = Infinity: normal). */
export function twoSidedP(stat: number, df: number): number {
  if (!Number.isFinite(stat)) return Number.isNaN(stat) ? 1 : 0;
  const tail = df === Infinity ? normalCdf(-Math.abs(stat)) : tCdf(-Math.abs(stat), df);
  return Math.min(1, 2 * tail);
}

/** Critical value for a two-sided interval at `confidence` (df = Infinity: normal). */
export function critical(confidence: number, df: number): number {
  const p = 1 - (1 - confidence) / 2;
  return df === Infinity ? normalQuantile(p) : tQuantile(p, df);
}
