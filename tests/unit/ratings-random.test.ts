import { describe, expect, it } from "vitest";
import { binomial, createRng, multinomialInto } from "@/lib/ratings";
import { logFactorial } from "@/lib/ratings/random";

const binomialPmf = (n: number, p: number, k: number) =>
  Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));

/** Pearson chi-square of `draws` samples against the exact pmf, merging cells with expectation < 5. */
function chiSquare(n: number, p: number, draws: number, seed: number): { stat: number; df: number } {
  const rng = createRng(seed);
  const counts = new Float64Array(n + 1);
  for (let d = 0; d < draws; d++) counts[binomial(rng, n, p)]++;
  let stat = 0;
  let df = -1;
  let obs = 0;
  let exp = 0;
  for (let k = 0; k <= n; k++) {
    obs += counts[k];
    exp += draws * binomialPmf(n, p, k);
    if (exp >= 5) {
      stat += (obs - exp) ** 2 / exp;
      df++;
      obs = exp = 0;
    }
  }
  if (exp > 0) stat += (obs - exp) ** 2 / Math.max(exp, 1e-12); // the merged upper tail
  return { stat, df };
}

describe("createRng", () => {
  it("is reproducible per seed and differs between seeds", () => {
    const take = (s: number | string) => Array.from({ length: 5 }, createRng(s).uint32);
    expect(take(7)).toEqual(take(7));
    expect(take("abc")).toEqual(take("abc"));
    expect(take(7)).not.toEqual(take(8));
    expect(take("abc")).not.toEqual(take("abd"));
  });

  it("gives uniform doubles in [0, 1)", () => {
    const rng = createRng(1);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });
});

describe("binomial", () => {
  // Covers inversion (np < 10), BTRS (np >= 10) and the p > 0.5 reflection.
  it.each([
    [20, 0.3],
    [100, 0.05],
    [1000, 0.3],
    [100_000, 0.002],
    [50, 0.9],
    [2_000_000, 0.5],
  ])("matches the exact Binomial(%i, %f) pmf (chi-square)", (n, p) => {
    const { stat, df } = chiSquare(n, p, 200_000, n);
    // Far beyond the 99.9% quantile (~df + 4.3 sqrt(2 df)), yet far below what a wrong variance gives.
    expect(stat).toBeLessThan(df + 6 * Math.sqrt(2 * df) + 10);
  });

  it("has the right mean and variance for large n", () => {
    const rng = createRng(3);
    const n = 1_000_000;
    const p = 0.0137;
    const draws = 50_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < draws; i++) {
      const x = binomial(rng, n, p);
      s += x;
      s2 += x * x;
    }
    const mean = s / draws;
    const variance = s2 / draws - mean * mean;
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / draws));
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.97);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.03);
  });

  it("handles the edges", () => {
    const rng = createRng(1);
    expect(binomial(rng, 0, 0.5)).toBe(0);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
  });
});

describe("multinomialInto", () => {
  it("always sums to n and has mean n * c_k / sum(c)", () => {
    const rng = createRng(5);
    const counts = [5, 0, 120, 1, 874];
    const out = new Float64Array(counts.length);
    const sums = new Float64Array(counts.length);
    const rounds = 20_000;
    let badSums = 0;
    for (let r = 0; r < rounds; r++) {
      multinomialInto(rng, 1000, counts, out);
      if (out.reduce((x, y) => x + y, 0) !== 1000) badSums++;
      out.forEach((x, k) => (sums[k] += x));
    }
    expect(badSums).toBe(0);
    expect(sums[1]).toBe(0);
    counts.forEach((c, k) => {
      const p = c / 1000;
      const se = Math.sqrt((1000 * p * (1 - p)) / rounds);
      expect(Math.abs(sums[k] / rounds - 1000 * p)).toBeLessThanOrEqual(4 * se + 1e-12);
    });
  });
});
