// Style control (lib/ratings/style.ts): recovery of known coefficients and strengths from synthetic
// votes, agreement with an independent IRLS logistic regression, no invented style effect, the
// degenerate cases, and the markdown features.
import { describe, expect, it } from "vitest";
import { bootstrapBradleyTerry, type PairwiseOutcome } from "@/lib/ratings";
import { bootstrapStyleControl, normalisedDifference, type StyledOutcome } from "@/lib/ratings/style";
import { STYLE_COVARIATES, styleFeatures, type StyleFeatures } from "@/lib/ratings/style-features";
import { syntheticStyledVotes } from "@/tests/helpers/style-synthetic";

const POINTS_PER_NAT = 400 / Math.log(10);
const TRUE = { length: 0.4, headers: 0, lists: -0.2, bold: 0.1 };

describe("style control: synthetic votes with known coefficients", () => {
  const { outcomes, strengths } = syntheticStyledVotes({ seed: "recovery", votes: 20_000, models: 8, coefficients: TRUE, multiPane: 0.2 });
  const result = bootstrapStyleControl(outcomes, { rounds: 300, seed: 3 });

  it("recovers every style coefficient inside its 95% interval", () => {
    expect(result.converged).toBe(true);
    for (const f of STYLE_COVARIATES) {
      const s = result.style[f];
      expect(s.ciLow, f).toBeLessThanOrEqual(TRUE[f]);
      expect(s.ciHigh, f).toBeGreaterThanOrEqual(TRUE[f]);
      expect(s.ciLow, f).toBeLessThan(s.coef);
      expect(s.ciHigh, f).toBeGreaterThan(s.coef);
      expect(s.ciHigh - s.ciLow, f).toBeLessThan(0.15); // informative, not just wide
    }
    // the signs are told apart: length helps, lists hurt
    expect(result.style.length.ciLow).toBeGreaterThan(0);
    expect(result.style.lists.ciHigh).toBeLessThan(0);
  });

  it("recovers the model strengths (mean 1000 on both sides: the gauge) inside their intervals", () => {
    let inside = 0;
    for (const row of result.rows) {
      const truth = strengths.get(row.model)!;
      if (row.ciLow <= truth && truth <= row.ciHigh) inside++;
      expect(Math.abs(row.score - truth), row.model).toBeLessThan(25);
    }
    expect(inside).toBeGreaterThanOrEqual(7); // of 8 at 95%
    expect(result.rows.reduce((s, r) => s + r.score, 0) / result.rows.length).toBeCloseTo(1000, 6);
  });

  it("corrects the plain board's style bias", () => {
    const plain = bootstrapBradleyTerry(outcomes, { rounds: 1 });
    const error = (rows: { model: string; score: number }[]) =>
      rows.reduce((s, r) => s + (r.score - strengths.get(r.model)!) ** 2, 0) / rows.length;
    expect(error(result.rows)).toBeLessThan(error(plain.rows));
  });

  it("keeps the plain board's tallies and votes per row", () => {
    const plain = bootstrapBradleyTerry(outcomes, { rounds: 1 });
    for (const row of result.rows) {
      const p = plain.rows.find((r) => r.model === row.model)!;
      expect([row.battles, row.votes, row.wins, row.ties, row.bothBad, row.losses]).toEqual([
        p.battles,
        p.votes,
        p.wins,
        p.ties,
        p.bothBad,
        p.losses,
      ]);
    }
  });

  it("is reproducible for a seed", () => {
    const again = bootstrapStyleControl(outcomes, { rounds: 300, seed: 3 });
    expect(again.style).toEqual(result.style);
    expect(again.rows).toEqual(result.rows);
  });
});

/**
 * Reference: logistic regression by iteratively reweighted least squares on an explicit design
 * matrix (one column per model but the last, +1 for a and -1 for b; then the standardised style
 * differences computed here), fractional outcomes (ties = 1/2), solved by Gauss-Jordan elimination.
 */
function referenceFit(outcomes: StyledOutcome[]): { coef: number[]; scores: Map<string, number> } {
  const models = [...new Set(outcomes.flatMap((o) => [o.a, o.b]))].sort();
  const k = models.length - 1;
  const d = outcomes.map((o) => STYLE_COVARIATES.map((f) => normalisedDifference(o.styleA[f], o.styleB[f])));
  const mu = STYLE_COVARIATES.map((_, q) => d.reduce((s, x) => s + x[q], 0) / d.length);
  const sd = STYLE_COVARIATES.map((_, q) => Math.sqrt(d.reduce((s, x) => s + (x[q] - mu[q]) ** 2, 0) / d.length));
  const X = outcomes.map((o, n) => {
    const row = new Array(k + 4).fill(0);
    const a = models.indexOf(o.a);
    const b = models.indexOf(o.b);
    if (a < k) row[a] += 1;
    if (b < k) row[b] -= 1;
    for (let q = 0; q < 4; q++) row[k + q] = (d[n][q] - mu[q]) / sd[q];
    return row;
  });
  const y = outcomes.map((o) => (o.outcome === "a" ? 1 : o.outcome === "b" ? 0 : 0.5));
  const p = k + 4;
  let beta = new Array(p).fill(0);
  for (let it = 0; it < 50; it++) {
    const A = Array.from({ length: p }, () => new Array(p + 1).fill(0));
    X.forEach((x, n) => {
      const eta = x.reduce((s, v, c) => s + v * beta[c], 0);
      const pr = 1 / (1 + Math.exp(-eta));
      const w = pr * (1 - pr);
      for (let r = 0; r < p; r++) {
        A[r][p] += x[r] * (y[n] - pr);
        for (let c = 0; c < p; c++) A[r][c] += w * x[r] * x[c];
      }
    });
    for (let c = 0; c < p; c++) {
      let piv = c;
      for (let r = c + 1; r < p; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
      [A[c], A[piv]] = [A[piv], A[c]];
      for (let r = 0; r < p; r++) {
        if (r === c) continue;
        const m = A[r][c] / A[c][c];
        for (let cc = c; cc <= p; cc++) A[r][cc] -= m * A[c][cc];
      }
    }
    const step = A.map((row, r) => row[p] / row[r]);
    beta = beta.map((b, c) => b + step[c]);
    if (Math.max(...step.map(Math.abs)) < 1e-13) break;
  }
  const theta = [...beta.slice(0, k), 0];
  const mean = theta.reduce((s, t) => s + t, 0) / theta.length;
  return { coef: beta.slice(k), scores: new Map(models.map((m, i) => [m, 1000 + POINTS_PER_NAT * (theta[i] - mean)])) };
}

describe("style control: against an independent reference fit", () => {
  it("agrees with IRLS on the same votes (ties, both_bad and multi-pane votes included)", () => {
    const { outcomes } = syntheticStyledVotes({ seed: "reference", votes: 1500, models: 5, coefficients: TRUE, multiPane: 0.3 });
    expect(outcomes.some((o) => o.outcome === "tie") && outcomes.some((o) => o.outcome === "both_bad")).toBe(true);
    const ours = bootstrapStyleControl(outcomes, { rounds: 1 });
    const ref = referenceFit(outcomes);
    STYLE_COVARIATES.forEach((f, q) => expect(Math.abs(ours.style[f].coef - ref.coef[q]), f).toBeLessThan(1e-6));
    for (const row of ours.rows) expect(Math.abs(row.score - ref.scores.get(row.model)!), row.model).toBeLessThan(1e-4);
  });
});

describe("style control: no style effect", () => {
  const { outcomes } = syntheticStyledVotes({
    seed: "no-effect",
    votes: 20_000,
    models: 8,
    coefficients: { length: 0, headers: 0, lists: 0, bold: 0 },
  });
  const styled = bootstrapStyleControl(outcomes, { rounds: 300, seed: 5 });
  const plain = bootstrapBradleyTerry(outcomes, { rounds: 300, seed: 5 });

  it("gives coefficients whose intervals include 0", () => {
    for (const f of STYLE_COVARIATES) {
      expect(styled.style[f].ciLow, f).toBeLessThanOrEqual(0);
      expect(styled.style[f].ciHigh, f).toBeGreaterThanOrEqual(0);
    }
  });

  it("gives scores close to the plain board's", () => {
    for (const row of styled.rows) {
      const p = plain.rows.find((r) => r.model === row.model)!;
      expect(Math.abs(row.score - p.score), row.model).toBeLessThan((p.ciHigh - p.ciLow) / 2);
    }
  });
});

const f = (length: number, headers = 0, lists = 0, bold = 0): StyleFeatures => ({ length, headers, lists, bold });
const o = (a: string, b: string, outcome: PairwiseOutcome["outcome"], styleA: StyleFeatures, styleB: StyleFeatures): StyledOutcome => ({
  a,
  b,
  outcome,
  styleA,
  styleB,
});

describe("style control: degenerate data", () => {
  it("reports no finite fit (open intervals) when the longer answer won every vote", () => {
    const data: StyledOutcome[] = [];
    for (let n = 0; n < 6; n++) {
      data.push(o("x", "y", "a", f(300), f(100)), o("x", "y", "b", f(100), f(300)));
      data.push(o("y", "z", "a", f(300 + n), f(90)), o("y", "z", "b", f(80), f(200)));
    }
    const r = bootstrapStyleControl(data, { rounds: 50 });
    expect(r.converged).toBe(false);
    expect(r.style.length.coef).toBeNaN();
    for (const row of r.rows) expect([row.ciLow, row.ciHigh, row.unbounded]).toEqual([-Infinity, Infinity, true]);
  });

  it("leaves a covariate that never varies out (NaN), and fits the others", () => {
    const { outcomes } = syntheticStyledVotes({ seed: "flat", votes: 3000, models: 4, coefficients: TRUE });
    const flat = outcomes.map((x) => ({ ...x, styleA: { ...x.styleA, headers: 0 }, styleB: { ...x.styleB, headers: 0 } }));
    const r = bootstrapStyleControl(flat, { rounds: 100 });
    expect(r.converged).toBe(true);
    expect([r.style.headers.coef, r.style.headers.ciLow, r.style.headers.ciHigh]).toEqual([NaN, NaN, NaN]);
    expect(r.style.length.ciLow).toBeGreaterThan(0);
  });

  it("keeps a model without a finite MLE (lost every vote) as the plain board places it, interval open", () => {
    const { outcomes } = syntheticStyledVotes({ seed: "loser", votes: 3000, models: 4, coefficients: TRUE });
    const loser = Array.from({ length: 5 }, () => o("model-00", "zz-loser", "a", f(100), f(120)));
    const r = bootstrapStyleControl([...outcomes, ...loser], { rounds: 100 });
    const plain = bootstrapBradleyTerry([...outcomes, ...loser], { rounds: 1 });
    const row = r.rows.find((x) => x.model === "zz-loser")!;
    expect(row.unbounded).toBe(true);
    expect([row.ciLow, row.ciHigh]).toEqual([-Infinity, Infinity]);
    expect(row.score).toBeCloseTo(plain.rows.find((x) => x.model === "zz-loser")!.score, 9);
    expect(r.converged).toBe(true);
    expect(r.rows.filter((x) => !x.unbounded).every((x) => Number.isFinite(x.ciLow) && Number.isFinite(x.ciHigh))).toBe(true);
  });

  it("refuses negative or missing features", () => {
    expect(() => bootstrapStyleControl([o("a", "b", "a", f(-1), f(2))])).toThrow(/length/);
  });
});

describe("style features", () => {
  it("counts headers, list items and bold spans with a markdown parser", () => {
    const text = ["# Title", "Intro with **bold** and __more__.", "", "## Part", "- one", "- two", "  1. nested", "", "Setext", "---"].join(
      "\n",
    );
    expect(styleFeatures(text)).toEqual({ length: Math.ceil(text.length / 4), headers: 3, lists: 3, bold: 2 });
  });

  it("ignores markdown signs inside code blocks and inline code, and stray asterisks", () => {
    const text = [
      "```md",
      "# not a header",
      "- not a list",
      "**not bold**",
      "```",
      "",
      "Use `**x**` and 2 * 3 * 4.",
      "    # indented code",
    ].join("\n");
    expect(styleFeatures(text)).toMatchObject({ headers: 0, lists: 0, bold: 0 });
  });

  it("gives zeros for an empty answer, and the normalised difference is 0 for 0 vs 0", () => {
    expect(styleFeatures("")).toEqual({ length: 0, headers: 0, lists: 0, bold: 0 });
    expect(normalisedDifference(0, 0)).toBe(0);
    expect(normalisedDifference(3, 1)).toBe(0.5);
  });
});
