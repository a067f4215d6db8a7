import { describe, expect, it } from "vitest";
import { cohensKappa, pairwiseKappa, type Rating } from "@/lib/ratings/agreement";

const _ = null;

/** Two raters' arrays from a 2x2 table of counts. */
function fromCounts(cells: [string, string, number][]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  for (const [x, y, count] of cells) {
    for (let i = 0; i < count; i++) {
      a.push(x);
      b.push(y);
    }
  }
  return [a, b];
}

describe("Cohen's kappa", () => {
  it("matches the Wikipedia example: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> 0.4", () => {
    const [a, b] = fromCounts([
      ["yes", "yes", 20],
      ["yes", "no", 5],
      ["no", "yes", 10],
      ["no", "no", 15],
    ]);
    // p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2/0.5.
    const result = cohensKappa(a, b);
    expect(result.kappa).toBeCloseTo(0.4, 12);
    expect(result.observedAgreement).toBeCloseTo(0.7, 12);
    expect(result.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(result.n).toBe(50);
    expect(result.reason).toBeNull();
  });

  // 9 items, 3-point scale; item 8 only A rated and item 9 only B rated, so n = 7.
  // Pairs: (1,1) (1,2) (2,2) (2,3) (3,3) (3,3) (1,3). A: 1x3, 2x2, 3x2. B: 1x1, 2x2, 3x4.
  const A = [1, 1, 2, 2, 3, 3, 1, 2, _];
  const B = [1, 2, 2, 3, 3, 3, 3, _, 2];

  it("unweighted, on the items both rated -> 13/34", () => {
    // p_o = 4/7; p_e = (3*1 + 2*2 + 2*4)/49 = 15/49; kappa = (28 - 15)/(49 - 15).
    const result = cohensKappa(A, B);
    expect(result.kappa).toBeCloseTo(13 / 34, 12);
    expect(result.observedAgreement).toBeCloseTo(4 / 7, 12);
    expect(result.expectedAgreement).toBeCloseTo(15 / 49, 12);
    expect(result.n).toBe(7);
  });

  it("linear weights (1, 1/2, 0) -> 5/12", () => {
    // p_o = (1 + .5 + 1 + .5 + 1 + 1 + 0)/7 = 35/49.
    // p_e = [3*(1*1 + .5*2) + 2*(.5*1 + 1*2 + .5*4) + 2*(.5*2 + 1*4)] / 49 = (6 + 9 + 10)/49 = 25/49.
    const result = cohensKappa(A, B, { weights: "linear" });
    expect(result.kappa).toBeCloseTo(10 / 24, 12);
    expect(result.observedAgreement).toBeCloseTo(5 / 7, 12);
    expect(result.expectedAgreement).toBeCloseTo(25 / 49, 12);
  });

  it("quadratic weights (1, 3/4, 0) -> 17/38", () => {
    // p_o = (1 + .75 + 1 + .75 + 1 + 1 + 0)/7 = 38.5/49.
    // p_e = [3*(1 + .75*2) + 2*(.75*1 + 2 + .75*4) + 2*(.75*2 + 4)] / 49 = (7.5 + 11.5 + 11)/49 = 30/49.
    const result = cohensKappa(A, B, { weights: "quadratic" });
    expect(result.kappa).toBeCloseTo(8.5 / 19, 12);
    expect(result.expectedAgreement).toBeCloseTo(30 / 49, 12);
  });

  it("weights labels by the given order, the same as the numbers they stand for", () => {
    const order = ["poor", "fair", "good"];
    const label = (v: number | null) => (v === null ? null : order[v - 1]);
    expect(cohensKappa(A.map(label), B.map(label), { weights: "linear", order }).kappa).toBeCloseTo(10 / 24, 12);
    // Without the order, labels sort alphabetically (fair, good, poor) and the distances are wrong.
    expect(cohensKappa(A.map(label), B.map(label), { weights: "linear" }).kappa).not.toBeCloseTo(10 / 24, 6);
  });

  it("an unused level in the middle of the order still counts as a step", () => {
    // Scale 1..4 with only 1, 2 and 4 used: 2 -> 4 is two steps of three, so linear weight 1/3.
    const a = [1, 2, 4, 4];
    const b = [1, 4, 2, 4];
    // p_o = (1 + 1/3 + 1/3 + 1)/4 = 2/3. Marginals both 1:1, 2:1, 4:2 (of 4).
    // p_e = [1*(1 + 2/3*1 + 0) + 1*(2/3 + 1 + 1/3*2) + 2*(0 + 1/3*1 + 1*2)] / 16 = (5/3 + 7/3 + 14/3)/16 = 26/48.
    // kappa = (32/48 - 26/48)/(22/48) = 3/11.
    expect(cohensKappa(a, b, { weights: "linear", order: [1, 2, 3, 4] }).kappa).toBeCloseTo(3 / 11, 12);
    // Without the order the scale is 1, 2, 4 and 2 -> 4 is one step of two: p_o 3/4, p_e 9/16, kappa 3/7.
    expect(cohensKappa(a, b, { weights: "linear" }).kappa).toBeCloseTo(3 / 7, 12);
  });

  it("takes Maps of item -> value, using only items both rated", () => {
    const a = new Map<string, string | null>([
      ["q1", "yes"],
      ["q2", "no"],
      ["q3", "yes"],
      ["q4", null],
      ["q5", "no"],
    ]);
    const b = new Map<string, string | null>([
      ["q1", "yes"],
      ["q2", "yes"],
      ["q3", "yes"],
      ["q4", "no"],
      ["q6", "no"],
    ]);
    // Shared q1..q3: (yes,yes) (no,yes) (yes,yes). p_o = 2/3; A yes 2/3, B yes 1; p_e = 2/3; kappa = 0.
    expect(cohensKappa(a, b)).toEqual({ kappa: 0, reason: null, observedAgreement: 2 / 3, expectedAgreement: 2 / 3, n: 3 });
  });

  it("perfect agreement -> 1", () => {
    expect(cohensKappa(["a", "b", "c", "a"], ["a", "b", "c", "a"]).kappa).toBe(1);
    expect(cohensKappa([1, 2, 3], [1, 2, 3], { weights: "quadratic" }).kappa).toBe(1);
  });

  it("both raters always using the same category -> null, no_variation", () => {
    expect(cohensKappa(["ok", "ok", "ok"], ["ok", "ok", "ok"])).toEqual({
      kappa: null,
      reason: "no_variation",
      observedAgreement: 1,
      expectedAgreement: 1,
      n: 3,
    });
    expect(cohensKappa([2, 2], [2, 2], { weights: "linear" }).reason).toBe("no_variation");
  });

  it("no item rated by both (or only one rater) -> null, no_pairable_values", () => {
    expect(cohensKappa(["a", _, "b"], [_, "a", _])).toEqual({
      kappa: null,
      reason: "no_pairable_values",
      observedAgreement: 0,
      expectedAgreement: 0,
      n: 0,
    });
    expect(cohensKappa(["a", "b"], []).reason).toBe("no_pairable_values");
  });

  it("rejects mixed input kinds and values outside the order", () => {
    expect(() => cohensKappa(new Map([["q1", "a"]]), ["a"])).toThrow(/two Maps or two arrays/);
    expect(() => cohensKappa(["a"], ["b"], { order: ["a"] })).toThrow(/not in the given order/);
  });
});

describe("pairwiseKappa", () => {
  const ratings: Rating[] = [
    { unit: "u1", rater: "r1", value: "a" },
    { unit: "u1", rater: "r2", value: "a" },
    { unit: "u1", rater: "r3", value: "a" },
    { unit: "u2", rater: "r1", value: "a" },
    { unit: "u2", rater: "r2", value: "b" },
    { unit: "u2", rater: "r3", value: "b" },
    { unit: "u3", rater: "r1", value: "b" },
    { unit: "u3", rater: "r2", value: "b" },
    { unit: "u3", rater: "r3", value: null },
    { unit: "u4", rater: "r1", value: "b" },
    { unit: "u4", rater: "r2", value: "b" },
    { unit: "u4", rater: "r3", value: "a" },
    { unit: "u5", rater: "r4", value: "a" },
  ];

  it("computes kappa for every pair on the units both rated", () => {
    const table = pairwiseKappa(ratings);
    const summary = table.map(({ raterA, raterB, kappa, n, reason }) => ({ raterA, raterB, kappa, n, reason }));
    expect(summary).toEqual([
      // (a,a) (a,b) (b,b) (b,b): p_o 3/4, p_e (2*1 + 2*3)/16 = 1/2.
      { raterA: "r1", raterB: "r2", kappa: expect.closeTo(0.5, 12), n: 4, reason: null },
      // (a,a) (a,b) (b,a): p_o 1/3, p_e (2*2 + 1*1)/9 = 5/9.
      { raterA: "r1", raterB: "r3", kappa: expect.closeTo(-0.5, 12), n: 3, reason: null },
      { raterA: "r1", raterB: "r4", kappa: null, n: 0, reason: "no_pairable_values" },
      // (a,a) (b,b) (b,a): p_o 2/3, p_e (1*2 + 2*1)/9 = 4/9.
      { raterA: "r2", raterB: "r3", kappa: expect.closeTo(0.4, 12), n: 3, reason: null },
      { raterA: "r2", raterB: "r4", kappa: null, n: 0, reason: "no_pairable_values" },
      { raterA: "r3", raterB: "r4", kappa: null, n: 0, reason: "no_pairable_values" },
    ]);
  });

  it("passes weights through", () => {
    const numeric: Rating[] = [
      { unit: 1, rater: "x", value: 1 },
      { unit: 2, rater: "x", value: 2 },
      { unit: 3, rater: "x", value: 3 },
      { unit: 1, rater: "y", value: 1 },
      { unit: 2, rater: "y", value: 3 },
      { unit: 3, rater: "y", value: 3 },
    ];
    const [row] = pairwiseKappa(numeric, { weights: "linear" });
    expect(row.kappa).toBeCloseTo(cohensKappa([1, 2, 3], [1, 3, 3], { weights: "linear" }).kappa!, 12);
  });

  it("a single rater -> no pairs", () => {
    expect(pairwiseKappa([{ unit: 1, rater: "solo", value: "a" }])).toEqual([]);
  });
});
