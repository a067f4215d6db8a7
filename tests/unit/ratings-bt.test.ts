import { describe, expect, it } from "vitest";
import {
  bootstrapBradleyTerry,
  createRng,
  fitBradleyTerry,
  pairwiseMatrices,
  quantile,
  rankUpperBound,
  type PairOutcome,
  type PairwiseOutcome,
} from "@/lib/ratings";

const votes = (a: string, b: string, outcome: PairOutcome, times = 1, weight?: number): PairwiseOutcome[] =>
  Array.from({ length: times }, () => (weight === undefined ? { a, b, outcome } : { a, b, outcome, weight }));

const pts = (odds: number) => 400 * Math.log10(odds);
const mean = (xs: Iterable<number>) => {
  const a = [...xs];
  return a.reduce((x, y) => x + y, 0) / a.length;
};

/** A connected, non-degenerate random data set (every pair meets, both sides win sometimes). */
function randomVotes(seed: number, models: string[], perPair: number): PairwiseOutcome[] {
  const rng = createRng(seed);
  const strength = models.map(() => 150 * (rng.next() - 0.5));
  const out: PairwiseOutcome[] = [];
  for (let i = 0; i < models.length; i++)
    for (let j = i + 1; j < models.length; j++) {
      out.push(...votes(models[i], models[j], "a"), ...votes(models[i], models[j], "b"));
      for (let n = 0; n < perPair; n++) {
        const s = 1 / (1 + 10 ** ((strength[j] - strength[i]) / 400));
        const u = rng.next();
        out.push({ a: models[i], b: models[j], outcome: u < 0.1 ? "tie" : u < 0.15 ? "both_bad" : rng.next() < s ? "a" : "b" });
      }
    }
  return out;
}

/** Zermelo / MM fixed-point iteration (Hunter 2004), an independent reference for the MLE. */
function zermelo(data: PairwiseOutcome[]): Map<string, number> {
  const models = [...new Set(data.flatMap((v) => [v.a, v.b]))];
  const k = models.length;
  const at = new Map(models.map((m, i) => [m, i]));
  const w = Array.from({ length: k }, () => new Float64Array(k)); // w[x][y]: win weight of x over y
  for (const v of data) {
    const [x, y] = [at.get(v.a)!, at.get(v.b)!];
    if (v.outcome === "a") w[x][y] += 1;
    else if (v.outcome === "b") w[y][x] += 1;
    else {
      w[x][y] += 0.5;
      w[y][x] += 0.5;
    }
  }
  let pi = new Float64Array(k).fill(1);
  for (let it = 0; it < 200_000; it++) {
    const next = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let wins = 0;
      let denom = 0;
      for (let j = 0; j < k; j++) {
        wins += w[i][j];
        if (w[i][j] + w[j][i]) denom += (w[i][j] + w[j][i]) / (pi[i] + pi[j]);
      }
      next[i] = wins / denom;
    }
    const norm = next.reduce((x, y) => x + y, 0) / k;
    let change = 0;
    for (let i = 0; i < k; i++) change = Math.max(change, Math.abs(next[i] / norm / pi[i] - 1));
    pi = next.map((x) => x / norm);
    if (change < 1e-14) break;
  }
  const logs = [...pi].map(Math.log);
  const c = mean(logs);
  return new Map(models.map((m, i) => [m, 1000 + (400 / Math.LN10) * (logs[i] - c)]));
}

describe("fitBradleyTerry", () => {
  it("two models, A beats B 3-1: odds 3, scores 1000 +- 200 log10 3", () => {
    const fit = fitBradleyTerry([...votes("A", "B", "a", 3), ...votes("A", "B", "b")]);
    expect(fit.scores.get("A")).toBeCloseTo(1000 + pts(3) / 2, 9);
    expect(fit.scores.get("B")).toBeCloseTo(1000 - pts(3) / 2, 9);
    expect(fit.scores.get("A")! - fit.scores.get("B")!).toBeCloseTo(190.848501887865, 9);
    expect(fit).toMatchObject({ unrated: [], unbounded: [], converged: true });
    expect(fit.gradientNorm).toBeLessThanOrEqual(1e-6);
  });

  it("three models on a chain: the MLE is each pair's log-odds (derived by hand)", () => {
    // A-B 3:1 and B-C 4:1, A and C never meet: the likelihood factorises per pair.
    const fit = fitBradleyTerry([...votes("A", "B", "a", 3), ...votes("A", "B", "b"), ...votes("C", "B", "b", 4), ...votes("C", "B", "a")]);
    const b = 1000 - (pts(3) - pts(4)) / 3;
    expect(fit.scores.get("B")).toBeCloseTo(b, 9);
    expect(fit.scores.get("A")).toBeCloseTo(b + pts(3), 9);
    expect(fit.scores.get("C")).toBeCloseTo(b - pts(4), 9);
  });

  it("three models all meeting: score equations hold (expected wins = observed wins) and match Zermelo", () => {
    const data = [
      ...votes("A", "B", "a", 7),
      ...votes("A", "B", "b", 2),
      ...votes("B", "C", "a", 5),
      ...votes("B", "C", "b", 4),
      ...votes("C", "A", "a", 3),
      ...votes("C", "A", "b", 6),
      ...votes("A", "C", "tie", 2),
    ];
    const fit = fitBradleyTerry(data);
    const theta = (m: string) => ((fit.scores.get(m)! - 1000) * Math.LN10) / 400;
    const p = (x: string, y: string) => 1 / (1 + Math.exp(theta(y) - theta(x)));
    const observed = { A: 7 + 6 + 1, B: 2 + 5, C: 4 + 3 + 1 };
    const expected = {
      A: 9 * p("A", "B") + 11 * p("A", "C"),
      B: 9 * p("B", "A") + 9 * p("B", "C"),
      C: 11 * p("C", "A") + 9 * p("C", "B"),
    };
    const total = data.length;
    for (const m of ["A", "B", "C"] as const) expect(Math.abs(expected[m] - observed[m]) / total).toBeLessThan(1e-6);
    const ref = zermelo(data);
    for (const m of ["A", "B", "C"]) expect(fit.scores.get(m)).toBeCloseTo(ref.get(m)!, 6);
    expect(mean(fit.scores.values())).toBeCloseTo(1000, 9);
  });

  it("agrees with Zermelo on a larger random data set", () => {
    const data = randomVotes(11, ["m1", "m2", "m3", "m4", "m5", "m6"], 30);
    const fit = fitBradleyTerry(data);
    const ref = zermelo(data);
    for (const [m, s] of ref) expect(fit.scores.get(m)).toBeCloseTo(s, 6);
  });

  it("counts a tie as half a win for each side", () => {
    // A: 1 win + 2 half-wins = 2, B: 2 half-wins = 1 -> odds 2.
    const fit = fitBradleyTerry([...votes("A", "B", "a"), ...votes("A", "B", "tie", 2)]);
    expect(fit.scores.get("A")! - fit.scores.get("B")!).toBeCloseTo(pts(2), 9);
  });

  it("fits both_bad exactly like a tie", () => {
    const withTies = fitBradleyTerry([
      ...votes("A", "B", "a"),
      ...votes("B", "A", "tie", 2),
      ...votes("B", "C", "b", 2),
      ...votes("C", "B", "a"),
    ]);
    const withBothBad = fitBradleyTerry([
      ...votes("A", "B", "a"),
      ...votes("B", "A", "both_bad", 2),
      ...votes("B", "C", "b", 2),
      ...votes("C", "B", "a"),
    ]);
    for (const m of ["A", "B", "C"]) expect(withBothBad.scores.get(m)).toBeCloseTo(withTies.scores.get(m)!, 12);
  });

  it("treats a weight like repeated votes", () => {
    const weighted = fitBradleyTerry([...votes("A", "B", "a", 1, 3), ...votes("A", "B", "b", 1, 1)]);
    expect(weighted.scores.get("A")! - weighted.scores.get("B")!).toBeCloseTo(pts(3), 9);
  });

  it("relabelling the models permutes the scores", () => {
    const names = ["m1", "m2", "m3", "m4", "m5"];
    const data = randomVotes(3, names, 20);
    const rename = new Map(names.map((n, i) => [n, `zz-${names.length - i}`])); // reverses the sort order
    const fit = fitBradleyTerry(data);
    const renamed = fitBradleyTerry(data.map((v) => ({ ...v, a: rename.get(v.a)!, b: rename.get(v.b)! })));
    for (const n of names) expect(renamed.scores.get(rename.get(n)!)).toBeCloseTo(fit.scores.get(n)!, 9);
  });

  it("swapping the sides of every vote (a <-> b, outcome mirrored) changes nothing", () => {
    const data = randomVotes(4, ["x", "y", "z"], 15);
    const swapped = data.map((v) => ({
      a: v.b,
      b: v.a,
      outcome: (v.outcome === "a" ? "b" : v.outcome === "b" ? "a" : v.outcome) as PairOutcome,
    }));
    const fit = fitBradleyTerry(data);
    const fit2 = fitBradleyTerry(swapped);
    for (const m of ["x", "y", "z"]) expect(fit2.scores.get(m)).toBeCloseTo(fit.scores.get(m)!, 9);
  });

  it("a model without votes is unrated and changes no other score", () => {
    const data = randomVotes(5, ["m1", "m2", "m3"], 10);
    const fit = fitBradleyTerry(data);
    const withNew = fitBradleyTerry([...data, ...votes("m1", "new", "a", 2, 0)], { models: ["idle", "m2"] });
    expect(withNew.unrated).toEqual(["idle", "new"]);
    expect([...withNew.scores.keys()]).toEqual(["m1", "m2", "m3"]);
    for (const [m, s] of fit.scores) expect(withNew.scores.get(m)).toBe(s);
  });

  it("a symmetric vote set gives equal scores", () => {
    const data = [
      ...votes("A", "B", "a", 4),
      ...votes("A", "B", "b", 4),
      ...votes("B", "C", "a", 2),
      ...votes("C", "B", "a", 2),
      ...votes("C", "A", "tie", 3),
      ...votes("A", "D", "a"),
      ...votes("D", "A", "a"),
    ];
    const fit = fitBradleyTerry(data);
    for (const s of fit.scores.values()) expect(s).toBeCloseTo(1000, 9);
  });

  it("a rock-paper-scissors cycle gives equal scores", () => {
    const fit = fitBradleyTerry([...votes("R", "S", "a", 2), ...votes("S", "P", "a", 2), ...votes("P", "R", "a", 2)]);
    for (const s of fit.scores.values()) expect(s).toBeCloseTo(1000, 9);
  });

  it("anchors each disconnected group to mean 1000 on its own", () => {
    const fit = fitBradleyTerry([
      ...votes("A", "B", "a", 3),
      ...votes("A", "B", "b"),
      ...votes("C", "D", "a", 1),
      ...votes("C", "D", "b", 2),
    ]);
    expect(fit.components).toEqual([
      ["A", "B"],
      ["C", "D"],
    ]);
    expect(fit.scores.get("A")! + fit.scores.get("B")!).toBeCloseTo(2000, 9);
    expect(fit.scores.get("C")! + fit.scores.get("D")!).toBeCloseTo(2000, 9);
    expect(fit.scores.get("D")! - fit.scores.get("C")!).toBeCloseTo(pts(2), 9);
  });

  describe("when the MLE does not exist", () => {
    it("caps a clean sweep at divergenceGap and flags both models", () => {
      const fit = fitBradleyTerry(votes("A", "B", "a", 5));
      expect(fit.scores.get("A")).toBe(1400);
      expect(fit.scores.get("B")).toBe(600);
      expect(fit.unbounded).toEqual(["A", "B"]);
      const narrow = fitBradleyTerry(votes("A", "B", "a", 5), { divergenceGap: 300 });
      expect(narrow.scores.get("A")! - narrow.scores.get("B")!).toBe(300);
    });

    it("flags only a newcomer that never lost, keeps the established gaps and places it one gap above the best model it beat", () => {
      const base = [...votes("A", "B", "a", 6), ...votes("A", "B", "b", 2), ...votes("B", "C", "a", 3), ...votes("B", "C", "b", 3)];
      const before = fitBradleyTerry(base);
      const after = fitBradleyTerry([...base, ...votes("N", "B", "a", 2), ...votes("C", "N", "b")]);
      expect(after.unbounded).toEqual(["N"]);
      expect(after.scores.get("A")! - after.scores.get("B")!).toBeCloseTo(before.scores.get("A")! - before.scores.get("B")!, 9);
      expect(after.scores.get("B")! - after.scores.get("C")!).toBeCloseTo(before.scores.get("B")! - before.scores.get("C")!, 9);
      expect(after.scores.get("N")! - after.scores.get("B")!).toBeCloseTo(800, 9);
      expect(mean(after.scores.values())).toBeCloseTo(1000, 9);
      for (const s of after.scores.values()) expect(Number.isFinite(s)).toBe(true);
    });

    it("flags a model that only lost, placing it one gap below the worst model that beat it", () => {
      const fit = fitBradleyTerry([
        ...votes("A", "B", "a", 2),
        ...votes("A", "B", "b", 2),
        ...votes("A", "L", "a"),
        ...votes("B", "L", "a"),
      ]);
      expect(fit.unbounded).toEqual(["L"]);
      expect(fit.scores.get("A")).toBeCloseTo(fit.scores.get("B")!, 9);
      expect(fit.scores.get("A")! - fit.scores.get("L")!).toBeCloseTo(800, 9);
    });
  });

  it("gives finite, converged, per-component mean-1000 scores on sparse random data (fuzz)", () => {
    const rng = createRng(77);
    const outcomes: PairOutcome[] = ["a", "b", "tie", "both_bad", "a", "b"];
    for (let trial = 0; trial < 300; trial++) {
      const k = 2 + Math.floor(rng.next() * 9);
      const n = 1 + Math.floor(rng.next() * 15);
      const data = Array.from({ length: n }, () => {
        const i = Math.floor(rng.next() * k);
        const j = (i + 1 + Math.floor(rng.next() * (k - 1))) % k;
        return { a: `m${i}`, b: `m${j}`, outcome: outcomes[Math.floor(rng.next() * outcomes.length)] };
      });
      const fit = fitBradleyTerry(data);
      expect(fit.converged).toBe(true);
      for (const group of fit.components) {
        const scores = group.map((m) => fit.scores.get(m)!);
        for (const x of scores) expect(Number.isFinite(x)).toBe(true);
        expect(mean(scores)).toBeCloseTo(1000, 6);
      }
      if (fit.unbounded.length === 0 && fit.components.length === 1) {
        const ref = zermelo(data);
        for (const [m, x] of ref) expect(fit.scores.get(m)).toBeCloseTo(x, 4);
      }
    }
  });

  it("rejects malformed votes", () => {
    expect(() => fitBradleyTerry(votes("A", "A", "a"))).toThrow(RangeError);
    expect(() => fitBradleyTerry(votes("A", "B", "a", 1, -1))).toThrow(RangeError);
    expect(() => fitBradleyTerry([{ a: "A", b: "B", outcome: "win" as PairOutcome }])).toThrow(RangeError);
  });
});

describe("bootstrapBradleyTerry", () => {
  const data = randomVotes(21, ["m1", "m2", "m3", "m4", "m5"], 40);

  it("reports the full-data fit as the score, sorted by score, with counts and rates", () => {
    const small = [...votes("A", "B", "a", 3), ...votes("A", "B", "b"), ...votes("A", "B", "tie", 2), ...votes("B", "A", "both_bad", 2)];
    const res = bootstrapBradleyTerry(small, { rounds: 50, models: ["idle"] });
    const fit = fitBradleyTerry(small);
    expect(res.rows.map((r) => r.model)).toEqual(["A", "B"]);
    expect(res.unrated).toEqual(["idle"]);
    expect(res.rows[0]).toMatchObject({
      battles: 8,
      wins: 3,
      ties: 2,
      bothBad: 2,
      losses: 1,
      winRate: 3 / 8,
      bothBadRate: 2 / 8,
      unbounded: false,
    });
    expect(res.rows[1]).toMatchObject({ battles: 8, wins: 1, ties: 2, bothBad: 2, losses: 3, winRate: 1 / 8, bothBadRate: 2 / 8 });
    expect(res.rows[0].score).toBe(fit.scores.get("A"));
    // (3 + 2) half-win units for A against (1 + 2) for B.
    expect(res.rows[0].score - res.rows[1].score).toBeCloseTo(pts(5 / 3), 9);
  });

  it("gives intervals that contain the point estimate", () => {
    const res = bootstrapBradleyTerry(data, { rounds: 500, seed: 9 });
    for (const r of res.rows) {
      expect(r.ciLow).toBeLessThanOrEqual(r.score);
      expect(r.ciHigh).toBeGreaterThanOrEqual(r.score);
      expect(r.ciHigh - r.ciLow).toBeGreaterThan(0);
    }
    for (let i = 1; i < res.rows.length; i++) expect(res.rows[i - 1].score).toBeGreaterThanOrEqual(res.rows[i].score);
  });

  it("is reproducible for a seed and differs across seeds", () => {
    const a = bootstrapBradleyTerry(data, { rounds: 200, seed: 7 });
    const b = bootstrapBradleyTerry(data, { rounds: 200, seed: 7 });
    const c = bootstrapBradleyTerry(data, { rounds: 200, seed: 8 });
    expect(b).toEqual(a);
    expect(c.rows.map((r) => r.ciLow)).not.toEqual(a.rows.map((r) => r.ciLow));
    expect(c.rows.map((r) => r.score)).toEqual(a.rows.map((r) => r.score));
  });

  it("a wider confidence level gives wider intervals", () => {
    const c80 = bootstrapBradleyTerry(data, { rounds: 300, seed: 1, confidence: 0.8 });
    const c99 = bootstrapBradleyTerry(data, { rounds: 300, seed: 1, confidence: 0.99 });
    c80.rows.forEach((r, i) => expect(c99.rows[i].ciHigh - c99.rows[i].ciLow).toBeGreaterThan(r.ciHigh - r.ciLow));
  });

  it("matches naive resampling of individual votes (same interval widths, within Monte Carlo error)", () => {
    const small = randomVotes(2, ["p", "q", "r"], 40);
    const rounds = 2000;
    const rng = createRng(99);
    const samples = new Map<string, number[]>([
      ["p", []],
      ["q", []],
      ["r", []],
    ]);
    for (let k = 0; k < rounds; k++) {
      const resample = Array.from({ length: small.length }, () => small[Math.floor(rng.next() * small.length)]);
      for (const [m, s] of fitBradleyTerry(resample).scores) samples.get(m)!.push(s);
    }
    const res = bootstrapBradleyTerry(small, { rounds, seed: 5 });
    for (const row of res.rows) {
      const sorted = samples.get(row.model)!.sort((x, y) => x - y);
      const naiveWidth = quantile(sorted, 0.975) - quantile(sorted, 0.025);
      expect((row.ciHigh - row.ciLow) / naiveWidth).toBeGreaterThan(0.88);
      expect((row.ciHigh - row.ciLow) / naiveWidth).toBeLessThan(1.12);
    }
  });

  it("matches naive resampling also when every vote is its own cell (distinct weights: direct draws)", () => {
    const rng = createRng(31);
    const small = randomVotes(6, ["p", "q", "r", "s"], 25).map((v) => ({ ...v, weight: 0.5 + rng.next() }));
    const rounds = 1500;
    const samples = new Map<string, number[]>(["p", "q", "r", "s"].map((m) => [m, []]));
    for (let k = 0; k < rounds; k++) {
      const resample = Array.from({ length: small.length }, () => small[Math.floor(rng.next() * small.length)]);
      for (const [m, s] of fitBradleyTerry(resample).scores) samples.get(m)!.push(s);
    }
    const res = bootstrapBradleyTerry(small, { rounds, seed: 6 });
    for (const row of res.rows) {
      const sorted = samples.get(row.model)!.sort((x, y) => x - y);
      const ratio = (row.ciHigh - row.ciLow) / (quantile(sorted, 0.975) - quantile(sorted, 0.025));
      expect(ratio).toBeGreaterThan(0.88);
      expect(ratio).toBeLessThan(1.12);
    }
  });

  it("returns no rows for no votes", () => {
    expect(bootstrapBradleyTerry([], { models: ["x"] })).toMatchObject({ rows: [], unrated: ["x"], components: [] });
    expect(fitBradleyTerry([]).scores.size).toBe(0);
  });

  it("validates its options", () => {
    expect(() => bootstrapBradleyTerry(data, { rounds: 0 })).toThrow(RangeError);
    expect(() => bootstrapBradleyTerry(data, { confidence: 1 })).toThrow(RangeError);
  });
});

describe("rankUpperBound", () => {
  it("is 1 + the number of models whose lower bound is above this model's upper bound", () => {
    const table = [
      { ciLow: 1100, ciHigh: 1200 }, // nobody above -> 1
      { ciLow: 1050, ciHigh: 1150 }, // overlaps the first -> 1
      { ciLow: 1000, ciHigh: 1090 }, // first's low 1100 > 1090 -> 2
      { ciLow: 900, ciHigh: 1000 }, // 1100, 1050 > 1000; 1000 is not strictly above -> 3
      { ciLow: 800, ciHigh: 850 }, // all four lows are above 850 -> 5
    ];
    expect(rankUpperBound(table)).toEqual([1, 1, 2, 3, 5]);
  });

  it("is what the bootstrap rows carry", () => {
    const res = bootstrapBradleyTerry(randomVotes(8, ["a", "b", "c", "d"], 60), { rounds: 200 });
    expect(res.rows.map((r) => r.rankUB)).toEqual(rankUpperBound(res.rows));
  });
});

describe("quantile", () => {
  it("interpolates linearly like numpy", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
    expect(quantile([5], 0.975)).toBe(5);
  });
});

describe("pairwiseMatrices", () => {
  it("gives row-beats-column win rates with ties as half, and battle counts", () => {
    const res = pairwiseMatrices(
      [...votes("A", "B", "a", 3), ...votes("B", "A", "tie"), ...votes("B", "C", "both_bad", 2), ...votes("C", "B", "a")],
      {
        models: ["C", "B", "A", "Z"],
      },
    );
    expect(res.models).toEqual(["C", "B", "A", "Z"]);
    expect(res.battles).toEqual([
      [0, 3, 0, 0],
      [3, 0, 4, 0],
      [0, 4, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(res.winRate).toEqual([
      [null, 2 / 3, null, null],
      [1 / 3, null, 0.125, null],
      [null, 0.875, null, null],
      [null, null, null, null],
    ]);
  });

  it("orders models by key when no order is given", () => {
    expect(pairwiseMatrices(votes("b", "a", "a")).models).toEqual(["a", "b"]);
  });
});
