// Seeded randomness for the bootstrap: a small PRNG (xoshiro128**) and exact binomial /
// multinomial samplers. Same seed => same stream on every platform (only 32-bit integer ops).

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  uint32(): number;
  /** Uniform double in [0, 1) with 32 bits of resolution (ample for the samplers below). */
  next(): number;
}

export type Seed = number | string;

// splitmix32: spreads an arbitrary seed over the 128-bit xoshiro state (never all zero).
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function seedWords(seed: Seed): number[] {
  if (typeof seed === "number") {
    if (Number.isSafeInteger(seed)) {
      const lo = seed >>> 0;
      const hi = Math.floor(seed / 0x100000000) >>> 0;
      return [lo, hi];
    }
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
    seed = String(seed);
  }
  // FNV-1a over UTF-16 code units, one word per 8 chars so long strings keep their entropy.
  const words: number[] = [seed.length];
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
    if (i % 8 === 7) words.push(h >>> 0);
  }
  words.push(h >>> 0);
  return words;
}

/** xoshiro128** (Blackman & Vigna) seeded through splitmix32. */
export function createRng(seed: Seed): Rng {
  const mix = { s: 0 };
  for (const w of seedWords(seed)) {
    mix.s = (mix.s ^ w) | 0;
    splitmix32(mix);
  }
  let s0 = splitmix32(mix) | 0;
  let s1 = splitmix32(mix) | 0;
  let s2 = splitmix32(mix) | 0;
  let s3 = splitmix32(mix) | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const uint32 = (): number => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  return { uint32, next: () => uint32() / 4294967296 };
}

/**
 * Uniform integer in [0, n), n <= 2^32, without modulo bias (rejects the ragged top of the range).
 * `x % n` is computed as x - floor(x / n) * n: the same value (for integers below 2^32 the
 * quotient is never within rounding distance of the next integer), without the slow
 * floating-point remainder (a uint32 above 2^31 is not a small integer for the engine).
 */
export function uniformInt(rng: Rng, n: number): number {
  const limit = Math.floor(4294967296 / n) * n;
  for (;;) {
    const x = rng.uint32();
    if (x < limit) return x - Math.floor(x / n) * n;
  }
}

/**
 * One bootstrap resample of n units: n uniform draws with replacement, each adding 1 to
 * out[map[unit]] (out[unit] without a map). uniformInt inlined (the same draws): with many
 * distinct votes this loop is the bootstrap's hot spot. `out` is not cleared.
 */
export function resampleInto(rng: Rng, n: number, out: Float64Array, map?: Int32Array): void {
  const limit = Math.floor(4294967296 / n) * n;
  for (let k = 0; k < n; k++) {
    let x = rng.uint32();
    while (x >= limit) x = rng.uint32();
    const unit = x - Math.floor(x / n) * n;
    out[map ? map[unit] : unit]++;
  }
}

// ln(k!) : exact table for small k, Stirling series beyond (error < 1e-16 there).
const LOG_FACT_TABLE_SIZE = 1024;
const logFactTable = new Float64Array(LOG_FACT_TABLE_SIZE);
for (let k = 2; k < LOG_FACT_TABLE_SIZE; k++) logFactTable[k] = logFactTable[k - 1] + Math.log(k);
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export function logFactorial(k: number): number {
  if (k < LOG_FACT_TABLE_SIZE) return logFactTable[k];
  const r = 1 / k;
  const r2 = r * r;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_2PI + r * (1 / 12 - r2 * (1 / 360 - r2 / 1260));
}

/**
 * Exact draw from Binomial(n, p), n a non-negative integer.
 * Mean < 10: inversion (BINV, expected O(np) steps). Otherwise Hörmann's BTRS transformed rejection
 * with squeeze (1993), O(1) expected; its acceptance test uses the exact pmf ratio, so the
 * output distribution is exact (up to floating point), not a normal approximation.
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  return n * p < 10 ? binomialInversion(rng, n, p) : binomialBtrs(rng, n, p);
}

function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const r0 = Math.pow(q, n);
  for (;;) {
    let r = r0;
    let u = rng.next();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break; // rounding left mass past the support: redraw
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    let v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k; // squeeze: inside the hat's sure-accept box
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/**
 * Exact Multinomial(n; counts / sum(counts)) by sequential conditional binomials:
 * x_k ~ Bin(n - x_0 - ... - x_{k-1}, c_k / (c_k + ... + c_last)). Writes into `out`.
 * `counts` are non-negative integers (cell sizes), so every conditional probability is exact.
 */
export function multinomialInto(rng: Rng, n: number, counts: ArrayLike<number>, out: Float64Array | number[]): void {
  let cRem = 0;
  for (let k = 0; k < counts.length; k++) cRem += counts[k];
  let nRem = n;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k];
    const x = nRem === 0 ? 0 : c >= cRem ? nRem : binomial(rng, nRem, c / cRem);
    out[k] = x;
    nRem -= x;
    cRem -= c;
  }
}
