// The trust statistics of a judge against hand-computed values (lib/judges/trust.ts).
import { describe, expect, it } from "vitest";
import { agreementOf, humanMajority, judgeAsRater, rate, trustFigures, trustNotes, type TrustUnit, type Verdict } from "@/lib/judges/trust";

const unit = (u: Partial<TrustUnit> & { unit: string; judge: Verdict }): TrustUnit => ({
  bothOrders: true,
  inconsistent: false,
  humans: [],
  lengthA: null,
  lengthB: null,
  ownSide: null,
  ...u,
});

describe("rate (Wilson 95%)", () => {
  it("8 of 10: 0.8 in [0.4902, 0.9433]", () => {
    // p = 0.8, z² = 3.841459; centre = (0.8 + 0.192073) / 1.384146 = 0.716737;
    // half = (1.959964 / 1.384146) · sqrt(0.016 + 0.009604) = 1.416011 · 0.160011 = 0.226578
    const r = rate(8, 10);
    expect(r.rate).toBe(0.8);
    expect(r.ciLow).toBeCloseTo(0.49016, 4);
    expect(r.ciHigh).toBeCloseTo(0.94332, 4);
  });
  it("0 of 5 keeps a real upper bound (0.4345), and n = 0 is null, never 0", () => {
    // p = 0: centre = half = (z²/10) / (1 + z²/5) = 0.384146 / 1.768292 = 0.217241 -> high 0.434482
    const r = rate(0, 5);
    expect(r.rate).toBe(0);
    expect(r.ciLow).toBe(0);
    expect(r.ciHigh).toBeCloseTo(0.43448, 4);
    expect(rate(0, 0)).toEqual({ k: 0, n: 0, rate: null, ciLow: null, ciHigh: null });
  });
  it("refuses k > n", () => expect(() => rate(3, 2)).toThrow(RangeError));
});

describe("humanMajority", () => {
  it("is the plurality, or null on a tie for the top", () => {
    expect(humanMajority(["a", "a", "b"])).toBe("a");
    expect(humanMajority(["tie"])).toBe("tie");
    expect(humanMajority(["a", "b"])).toBeNull();
    expect(humanMajority(["a", "a", "b", "b", "tie"])).toBeNull();
    expect(humanMajority([])).toBeNull();
  });
});

describe("agreementOf", () => {
  // judge: a a a a a b b b b b; people: a a a a b b b b b a -> equal on 8 of 10.
  // both 5 a / 5 b: p_e = 0.5·0.5 + 0.5·0.5 = 0.5; kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6
  const x: Verdict[] = ["a", "a", "a", "a", "a", "b", "b", "b", "b", "b"];
  const y: Verdict[] = ["a", "a", "a", "a", "b", "b", "b", "b", "b", "a"];

  it("kappa 0.6 and raw 0.8 with their intervals", () => {
    const g = agreementOf(x, y, { seed: 1 });
    expect(g.n).toBe(10);
    expect(g.kappa).toBeCloseTo(0.6, 12);
    expect(g.raw.rate).toBe(0.8);
    expect(g.raw.ciLow).toBeCloseTo(0.49016, 4);
    expect(g.kappaLow!).toBeLessThan(0.6);
    expect(g.kappaHigh!).toBeGreaterThan(0.6);
    expect(g.kappaLow!).toBeGreaterThanOrEqual(-1);
    expect(g.kappaHigh!).toBeLessThanOrEqual(1);
  });

  it("kappa with three categories: 0.5 by hand", () => {
    // judge: a a b b tie tie; people: a b b b tie a -> p_o = 4/6.
    // judge marginals a2 b2 tie2; people a2 b3 tie1: p_e = (2·2 + 2·3 + 2·1) / 36 = 12/36 = 1/3
    // kappa = (2/3 - 1/3) / (2/3) = 0.5
    const g = agreementOf(["a", "a", "b", "b", "tie", "tie"], ["a", "b", "b", "b", "tie", "a"], { seed: 3, rounds: 200 });
    expect(g.kappa).toBeCloseTo(0.5, 12);
    expect(g.raw.k).toBe(4);
  });

  it("same seed, same interval; another seed, another", () => {
    const a = agreementOf(x, y, { seed: 7 });
    expect(agreementOf(x, y, { seed: 7 })).toEqual(a);
    expect(agreementOf(x, y, { seed: 8 }).kappaLow).not.toBe(a.kappaLow);
  });

  it("perfect agreement with variation: kappa 1 and interval [1, 1]", () => {
    const g = agreementOf(["a", "b", "a", "b"], ["a", "b", "a", "b"], { seed: 1 });
    expect(g.kappa).toBe(1);
    expect([g.kappaLow, g.kappaHigh]).toEqual([1, 1]);
  });

  it("no units: every figure null with n = 0", () => {
    const g = agreementOf([], [], { seed: 1 });
    expect(g).toEqual({
      n: 0,
      kappa: null,
      kappaReason: "no_pairable_values",
      singleValued: false,
      kappaLow: null,
      kappaHigh: null,
      raw: { k: 0, n: 0, rate: null, ciLow: null, ciHigh: null },
    });
  });

  it("one side single-valued: kappa 0 by construction, flagged, without an interval", () => {
    // judge a a a; people a b b: p_o = 1/3, p_e = 1·(1/3) = 1/3 -> kappa 0
    const g = agreementOf(["a", "a", "a"], ["a", "b", "b"], { seed: 1 });
    expect(g.kappa).toBe(0);
    expect(g.singleValued).toBe(true);
    expect([g.kappaLow, g.kappaHigh]).toEqual([null, null]);
    expect(g.raw.k).toBe(1);
  });

  it("no variation: kappa null (not 0), raw agreement still counted", () => {
    const g = agreementOf(["a", "a", "a"], ["a", "a", "a"], { seed: 1 });
    expect(g.kappa).toBeNull();
    expect(g.kappaReason).toBe("no_variation");
    expect(g.kappaLow).toBeNull();
    expect(g.raw.rate).toBe(1);
  });
});

describe("trustFigures", () => {
  // Five units a judge saw:
  // t1: people a,a,b (plurality a); judge a; A longer (900 vs 100); own maker's model is b
  // t2: people b (plurality b); judge a; B longer (50 vs 400); own maker's model is a
  // t3: people a,b (tied: left out); judge b
  // t4: no people; judge tie, the orders disagreed
  // t5: people b; judge b from one order only; equal lengths
  // g1: gold item, reference on side a; judge a
  // g2: gold item, reference on side b; judge a
  const units: TrustUnit[] = [
    unit({ unit: "t1", judge: "a", humans: ["a", "a", "b"], lengthA: 900, lengthB: 100, ownSide: "b" }),
    unit({ unit: "t2", judge: "a", humans: ["b"], lengthA: 50, lengthB: 400, ownSide: "a" }),
    unit({ unit: "t3", judge: "b", humans: ["a", "b"], lengthA: 10, lengthB: 20 }),
    unit({ unit: "t4", judge: "tie", inconsistent: true }),
    unit({ unit: "t5", judge: "b", bothOrders: false, humans: ["b"], lengthA: 30, lengthB: 30 }),
    unit({ unit: "g1", judge: "a", goldSide: "a", humans: ["a"] }),
    unit({ unit: "g2", judge: "a", goldSide: "b" }),
  ];
  const f = trustFigures(units, { seed: 1, rounds: 300 });

  it("counts judged units, overlap and tied majorities", () => {
    expect(f.judged).toBe(7);
    // t1, t2, t3, t5 (gold g1 is not used for agreement)
    expect(f.overlap).toBe(4);
    expect(f.tiedMajority).toBe(1);
  });

  it("agreement with the human majority on t1, t2, t5", () => {
    // judge a, a, b vs people a, b, b: equal 2 of 3; judge a2 b1, people a1 b2:
    // p_e = (2·1 + 1·2) / 9 = 4/9; kappa = (6/9 - 4/9) / (5/9) = 0.4
    expect(f.majority.n).toBe(3);
    expect(f.majority.raw.k).toBe(2);
    expect(f.majority.kappa).toBeCloseTo(0.4, 12);
  });

  it("gold accuracy 1 of 2; position consistency 5 of 6 (t5 ran one order only)", () => {
    expect(f.gold).toMatchObject({ k: 1, n: 2, rate: 0.5 });
    expect(f.positionConsistency).toMatchObject({ k: 5, n: 6 });
  });

  it("length bias on the same pairs (t1, t2; t5 has equal lengths, t3 no majority)", () => {
    // judge: t1 picked a (longer), t2 picked a (shorter) -> 1 of 2; people: t1 a (longer), t2 b (longer) -> 2 of 2
    expect(f.lengthBias.pairs).toBe(2);
    expect(f.lengthBias.judge).toMatchObject({ k: 1, n: 2, rate: 0.5 });
    expect(f.lengthBias.humans).toMatchObject({ k: 2, n: 2, rate: 1 });
  });

  it("self-preference on pairs with exactly one own-maker model (t1, t2)", () => {
    // judge: t1 a (not own), t2 a (own) -> 1 of 2; people: t1 a (not own), t2 b (not own) -> 0 of 2
    expect(f.selfPreference.pairs).toBe(2);
    expect(f.selfPreference.judge).toMatchObject({ k: 1, n: 2, rate: 0.5 });
    expect(f.selfPreference.humans).toMatchObject({ k: 0, n: 2, rate: 0 });
  });

  it("ties and both-bad pick no side: they leave the length rate's n", () => {
    const g = trustFigures(
      [
        unit({ unit: "x", judge: "tie", humans: ["a"], lengthA: 5, lengthB: 1 }),
        unit({ unit: "y", judge: "b", humans: ["both_bad"], lengthA: 5, lengthB: 1 }),
      ],
      { seed: 1, rounds: 50 },
    );
    expect(g.lengthBias.pairs).toBe(2);
    expect(g.lengthBias.judge).toMatchObject({ k: 0, n: 1, rate: 0 });
    expect(g.lengthBias.humans).toMatchObject({ k: 1, n: 1, rate: 1 });
  });

  it("no overlap: nulls with n = 0, never 0, and the notes say so", () => {
    const g = trustFigures([unit({ unit: "solo", judge: "a", lengthA: 3, lengthB: 1, ownSide: "a" })], { seed: 1 });
    expect(g.overlap).toBe(0);
    expect(g.majority.kappa).toBeNull();
    expect(g.majority.raw.rate).toBeNull();
    expect(g.lengthBias).toEqual({ pairs: 0, judge: rate(0, 0), humans: rate(0, 0) });
    expect(g.selfPreference.judge.rate).toBeNull();
    expect(g.gold.rate).toBeNull();
    const notes = trustNotes(g);
    expect(notes[0]).toMatch(/^No overlap/);
    expect(notes).toContain("No gold items judged.");
    expect(notes.join(" ")).not.toMatch(/\b0%/);
  });

  it("the same unit twice is an input error", () => {
    expect(() => trustFigures([unit({ unit: "u", judge: "a" }), unit({ unit: "u", judge: "b" })], { seed: 1 })).toThrow(/twice/);
  });

  it("does not depend on the order of the units", () => {
    expect(trustFigures([...units].reverse(), { seed: 1, rounds: 300 })).toEqual(f);
  });

  it("notes in plain words with the people's rate on the same pairs", () => {
    const notes = trustNotes(f);
    expect(notes).toContain("Picked the longer answer 50% of the time (n = 2); people did 100% on the same pairs (n = 2).");
    expect(notes).toContain("Picked its own maker's model 50% of the time (n = 2); people did 0% on the same pairs (n = 2).");
    expect(notes).toContain("Chose the reference answer on 1 of 2 gold items.");
  });
});

describe("judgeAsRater", () => {
  const judge = new Map<string, Verdict>([
    ["i1", "a"],
    ["i2", "b"],
    ["i3", "a"],
    ["i4", "tie"],
  ]);
  const people = new Map<string, Map<string, Verdict>>([
    // ann: i1 a, i2 b, i3 b -> 2 of 3 with the judge
    [
      "ann",
      new Map<string, Verdict>([
        ["i1", "a"],
        ["i2", "b"],
        ["i3", "b"],
      ]),
    ],
    // bob: i1 a, i2 a, i5 a (i5 not judged) -> 1 of 2
    [
      "bob",
      new Map<string, Verdict>([
        ["i1", "a"],
        ["i2", "a"],
        ["i5", "a"],
      ]),
    ],
  ]);
  const r = judgeAsRater(judge, people, { seed: 1, rounds: 200 });

  it("agreement with each person on the items both rated", () => {
    expect(r.raters.map((x) => [x.rater, x.n, x.raw.k])).toEqual([
      ["ann", 3, 2],
      ["bob", 2, 1],
    ]);
    // judge a,b,a; ann a,b,b: p_o 2/3; judge a2 b1, ann a1 b2: p_e 4/9; kappa (6/9 - 4/9) / (5/9) = 0.4
    expect(r.raters[0]!.kappa).toBeCloseTo(0.4, 12);
  });

  it("against the people's plurality: i1 a (both), i2 tied (left out), i3 b (ann alone)", () => {
    expect(r.tiedMajority).toBe(1);
    expect(r.majority.n).toBe(2);
    expect(r.majority.raw.k).toBe(1);
  });

  it("a judge that shares nothing with a person: n = 0 and nulls", () => {
    const none = judgeAsRater(new Map([["z", "a"]]), people, { seed: 1 });
    expect(none.raters.every((x) => x.n === 0 && x.kappa === null && x.raw.rate === null)).toBe(true);
    expect(none.majority.n).toBe(0);
  });
});

describe("how the figures read (components/judges/format.ts)", () => {
  it("no evidence reads as words, never 0", async () => {
    const { fmtKappa, fmtRate } = await import("@/components/judges/format");
    expect(fmtKappa(agreementOf([], [], { seed: 1 }))).toBe("no overlap");
    expect(fmtRate(rate(0, 0), "no gold items")).toBe("no gold items");
    expect(fmtKappa(agreementOf(["a", "a"], ["a", "a"], { seed: 1 }))).toBe("n/a (one verdict only)");
    expect(fmtKappa(agreementOf(["a", "a", "a"], ["a", "b", "b"], { seed: 1 }))).toBe("0.00 (one side gave one verdict only)");
  });
  it("table cells: the value, and the interval apart", async () => {
    const { kappaParts, rateParts } = await import("@/components/judges/format");
    expect(rateParts(rate(8, 10))).toEqual({ value: "80%", interval: "95% 49 – 94%" });
    expect(rateParts(rate(0, 0))).toEqual({ value: "no overlap", interval: null });
    expect(kappaParts(agreementOf([], [], { seed: 1 }))).toEqual({ value: "no overlap", interval: null });
    expect(kappaParts(agreementOf(["a", "a", "a"], ["a", "b", "b"], { seed: 1 })).interval).toBeNull();
  });
  it("a figure with its interval", async () => {
    const { fmtKappa, fmtRate } = await import("@/components/judges/format");
    expect(fmtRate(rate(8, 10))).toBe("80% (95% 49 – 94%)");
    expect(fmtKappa(agreementOf(["a", "b", "a", "b"], ["a", "b", "a", "b"], { seed: 1 }))).toBe("1.00 (95% 1.00 – 1.00)");
  });
});

describe("kappaOfCounts (the bootstrap's kappa)", () => {
  it("equals cohensKappa on the same data", async () => {
    const { cohensKappa } = await import("@/lib/ratings/agreement");
    const { kappaOfCounts } = await import("@/lib/judges/trust");
    const V: Verdict[] = ["a", "b", "tie", "both_bad"];
    const x = Array.from({ length: 37 }, (_, i) => V[(i * 7) % 4]!);
    const y = Array.from({ length: 37 }, (_, i) => V[(i * 3 + (i % 5)) % 4]!);
    const rows = V.map((v) => x.filter((w) => w === v).length);
    const cols = V.map((v) => y.filter((w) => w === v).length);
    const same = x.filter((v, i) => v === y[i]).length;
    expect(kappaOfCounts(same, rows, cols, 37)).toBeCloseTo(cohensKappa(x, y).kappa!, 12);
    expect(kappaOfCounts(3, [3, 0, 0, 0], [3, 0, 0, 0], 3)).toBeNull();
  });
});
