import { describe, expect, it } from "vitest";
import { coincidenceMatrix, krippendorffAlpha, krippendorffAlphaFromRatings, ratingsToMatrix, type Rating } from "@/lib/ratings/agreement";

const _ = null;

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12
// units with missing values. Rows here are units, columns observers A, B, C, D.
const observers = {
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  C: [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
};
const paper = observers.A.map((_, u) => [observers.A[u], observers.B[u], observers.C[u], observers.D[u]]);

describe("Krippendorff's alpha: the 2011 paper's example", () => {
  it("builds the paper's coincidence matrix (unit 12 has one value and is dropped)", () => {
    const { categories, coincidences, marginals, pairableValues, units } = coincidenceMatrix(paper, { level: "nominal" });
    expect(categories).toEqual([1, 2, 3, 4, 5]);
    const expected = [
      [7, 4 / 3, 1 / 3, 1 / 3, 0],
      [4 / 3, 10, 4 / 3, 1 / 3, 0],
      [1 / 3, 4 / 3, 8, 1 / 3, 0],
      [1 / 3, 1 / 3, 1 / 3, 4, 0],
      [0, 0, 0, 0, 3],
    ];
    coincidences.forEach((row, c) => row.forEach((o, k) => expect(o).toBeCloseTo(expected[c][k], 12)));
    marginals.forEach((n, c) => expect(n).toBeCloseTo([9, 13, 10, 5, 3][c], 12));
    expect(pairableValues).toBe(40);
    expect(units).toBe(11);
  });

  it("reproduces the published alphas to 3 decimals: nominal .743, ordinal .815, interval .849, ratio .797", () => {
    const alpha = (level: "nominal" | "ordinal" | "interval" | "ratio") => krippendorffAlpha(paper, { level }).alpha!;
    expect(alpha("nominal").toFixed(3)).toBe("0.743");
    expect(alpha("ordinal").toFixed(3)).toBe("0.815");
    expect(alpha("interval").toFixed(3)).toBe("0.849");
    expect(alpha("ratio").toFixed(3)).toBe("0.797");
    // Exact: nominal 1 - (n-1) * 8 / (n^2 - sum n_c^2) = 1 - 39*8/1216; interval 1 - (13/30) / (112/39).
    expect(alpha("nominal")).toBeCloseTo(1 - 312 / 1216, 12);
    expect(alpha("interval")).toBeCloseTo(2853 / 3360, 12);
  });

  it("reports the disagreements and counts", () => {
    expect(krippendorffAlpha(paper, { level: "nominal" })).toEqual({
      alpha: expect.closeTo(0.743421, 6),
      reason: null,
      observedDisagreement: expect.closeTo(8 / 40, 12),
      expectedDisagreement: expect.closeTo(1216 / (40 * 39), 12),
      pairableValues: 40,
      units: 11,
    });
  });

  it("gives the same result from { unit, rater, value } ratings, with missing cells absent or null", () => {
    const ratings: Rating[] = [];
    for (const [rater, values] of Object.entries(observers)) {
      values.forEach((value, u) => {
        if (value !== null || u % 2 === 0) ratings.push({ unit: `u${u + 1}`, rater, value });
      });
    }
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      expect(krippendorffAlphaFromRatings(ratings, { level })).toEqual(krippendorffAlpha(paper, { level }));
    }
    const { units, raters, matrix } = ratingsToMatrix(ratings);
    expect(raters).toEqual(["A", "B", "C", "D"]);
    // Units come in first-seen order: A's null for u11 is listed, its null for u10 is absent.
    expect(units).toEqual(["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "u11", "u10", "u12"]);
    expect(matrix).toEqual(units.map((unit) => paper[Number(String(unit).slice(1)) - 1]));
  });

  it("treats nominal labels like numbers and ordinal labels by the given order", () => {
    const labels = ["one", "two", "three", "four", "five"];
    const asLabels = paper.map((row) => row.map((v) => (v === null ? null : labels[v - 1])));
    expect(krippendorffAlpha(asLabels, { level: "nominal" }).alpha).toBeCloseTo(krippendorffAlpha(paper, { level: "nominal" }).alpha!, 12);
    expect(krippendorffAlpha(asLabels, { level: "ordinal", order: labels }).alpha).toBeCloseTo(0.815388, 6);
  });

  it("ordinal alpha depends only on the order of values, not their spacing", () => {
    const stretched = paper.map((row) => row.map((v) => (v === null ? null : [10, 20, 30, 40, 1000][v - 1])));
    expect(krippendorffAlpha(stretched, { level: "ordinal" }).alpha).toBeCloseTo(krippendorffAlpha(paper, { level: "ordinal" }).alpha!, 12);
    expect(krippendorffAlpha(stretched, { level: "interval" }).alpha).not.toBeCloseTo(0.849, 3);
  });
});

describe("Krippendorff's alpha: the 2011 paper's binary example (2 observers, 10 units)", () => {
  it("gives alpha = 0.095", () => {
    const A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const result = krippendorffAlpha(
      A.map((a, u) => [a, B[u]]),
      { level: "nominal" },
    );
    // 1 - (n-1) o_01 / (n_0 n_1) = 1 - 19*4 / (14*6)
    expect(result.alpha).toBeCloseTo(1 - 76 / 84, 12);
    expect(result.alpha!.toFixed(3)).toBe("0.095");
  });
});

describe("Krippendorff's alpha: small tables by hand, with missing values", () => {
  it("nominal, 3 raters, one unit with a single value dropped -> 8/15", () => {
    // u1 (a,a): o_aa += 2. u2 (a,b,b): o_ab = o_ba += 1, o_bb += 1. u3 (b,b,b): o_bb += 3.
    // n_a = 3, n_b = 5, n = 8; D_o = 2/8, D_e = 2*3*5/(8*7) = 30/56; alpha = 1 - 14/30 = 8/15.
    const matrix = [
      ["a", "a", _],
      ["a", "b", "b"],
      ["b", "b", "b"],
      [_, "a", _],
    ];
    const result = krippendorffAlpha(matrix, { level: "nominal" });
    expect(result.alpha).toBeCloseTo(8 / 15, 12);
    expect(result.observedDisagreement).toBeCloseTo(0.25, 12);
    expect(result.expectedDisagreement).toBeCloseTo(30 / 56, 12);
    expect(result).toMatchObject({ pairableValues: 8, units: 3, reason: null });
  });

  // u1 (1,2): o_12 = o_21 = 1. u2 (3,3): o_33 = 2. u3 (2, missing) dropped. n_1 = 1, n_2 = 1, n_3 = 2, n = 4.
  const small = [
    [1, 2],
    [3, 3],
    [2, _],
  ];

  it("interval -> 8/11", () => {
    // D_o = 2*1/4 = 1/2. D_e = 2*(1*1*1 + 1*2*4 + 1*2*1) / (4*3) = 22/12. alpha = 1 - 6/22.
    const result = krippendorffAlpha(small, { level: "interval" });
    expect(result.alpha).toBeCloseTo(16 / 22, 12);
    expect(result.observedDisagreement).toBeCloseTo(0.5, 12);
    expect(result.expectedDisagreement).toBeCloseTo(22 / 12, 12);
  });

  it("ordinal -> 5/6", () => {
    // delta_12 = (1+1 - 1)^2 = 1, delta_13 = (1+1+2 - 1.5)^2 = 6.25, delta_23 = (1+2 - 1.5)^2 = 2.25.
    // D_o = 2*1/4 = 1/2. D_e = 2*(1 + 2*6.25 + 2*2.25) / 12 = 3. alpha = 1 - 1/6.
    const result = krippendorffAlpha(small, { level: "ordinal" });
    expect(result.alpha).toBeCloseTo(5 / 6, 12);
    expect(result.expectedDisagreement).toBeCloseTo(3, 12);
  });

  it("ratio -> 161/311", () => {
    // delta_12 = (1/3)^2, delta_13 = (2/4)^2, delta_23 = (1/5)^2.
    // D_o = 2*(1/9)/4 = 1/18. D_e = 2*(1/9 + 2/4 + 2/25) / 12 = 311/2700. alpha = 1 - 150/311.
    const result = krippendorffAlpha(small, { level: "ratio" });
    expect(result.alpha).toBeCloseTo(161 / 311, 12);
  });

  it("accepts numeric strings for interval data as the same numbers", () => {
    const asText = small.map((row) => row.map((v) => (v === null ? null : String(v))));
    expect(krippendorffAlpha(asText, { level: "interval" }).alpha).toBeCloseTo(16 / 22, 12);
  });
});

describe("Krippendorff's alpha: edge cases", () => {
  it("perfect agreement with some variation -> 1", () => {
    const result = krippendorffAlpha(
      [
        ["x", "x", _],
        ["y", "y", "y"],
        [_, "z", "z"],
      ],
      { level: "nominal" },
    );
    expect(result.alpha).toBe(1);
    expect(result.observedDisagreement).toBe(0);
  });

  it("every value in the same category -> null, no_variation", () => {
    const result = krippendorffAlpha(
      [
        [3, 3],
        [3, 3, 3],
        [3, _],
      ],
      { level: "interval" },
    );
    expect(result).toEqual({
      alpha: null,
      reason: "no_variation",
      observedDisagreement: 0,
      expectedDisagreement: 0,
      pairableValues: 5,
      units: 2,
    });
  });

  it("a single rater -> null, no_pairable_values", () => {
    const result = krippendorffAlphaFromRatings(
      [
        { unit: 1, rater: "solo", value: "a" },
        { unit: 2, rater: "solo", value: "b" },
      ],
      { level: "nominal" },
    );
    expect(result).toEqual({
      alpha: null,
      reason: "no_pairable_values",
      observedDisagreement: 0,
      expectedDisagreement: 0,
      pairableValues: 0,
      units: 0,
    });
  });

  it("no data -> null, no_pairable_values", () => {
    expect(krippendorffAlpha([], { level: "ordinal" }).reason).toBe("no_pairable_values");
  });

  it("systematic disagreement -> negative alpha", () => {
    // n_a = n_b = 2, all coincidences off-diagonal: D_o = 4/4 = 1, D_e = 8/12; alpha = 1 - 3/2.
    expect(
      krippendorffAlpha(
        [
          ["a", "b"],
          ["b", "a"],
        ],
        { level: "nominal" },
      ).alpha,
    ).toBeCloseTo(-0.5, 12);
  });

  it("rejects input it cannot interpret", () => {
    expect(() => krippendorffAlpha([["low", "high"]], { level: "ordinal", order: ["low", "mid"] })).toThrow(/not in the given order/);
    expect(() => krippendorffAlpha([["a", 1]], { level: "interval" })).toThrow(/not a number/);
    expect(() => krippendorffAlpha([[-1, 2]], { level: "ratio" })).toThrow(/negative/);
    expect(() => krippendorffAlpha([[Number.NaN, 2]], { level: "nominal" })).toThrow(/finite/);
    expect(() =>
      krippendorffAlphaFromRatings(
        [
          { unit: 1, rater: "a", value: 1 },
          { unit: 1, rater: "a", value: 2 },
        ],
        { level: "nominal" },
      ),
    ).toThrow(/more than once/);
  });
});
