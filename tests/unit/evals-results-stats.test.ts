import { describe, expect, it } from "vitest";
import { criterionMeans, goldAccuracy, votesNeeded, wilsonInterval } from "@/lib/evals/results-stats";
import { modelPairs, planItems } from "@/lib/evals/items";

describe("votesNeeded (Wilson score interval)", () => {
  const z2 = 1.959963984540054 ** 2;

  it("0 votes: nothing to say", () => {
    expect(votesNeeded("x", "y", null, 0)).toEqual({
      a: "x",
      b: "y",
      winRate: null,
      battles: 0,
      method: "wilson",
      confidence: 0.95,
      interval: null,
      decided: false,
      required: null,
      needed: null,
    });
  });

  it("1 vote one way (win rate 1) is not decided: 3 more votes, 4 in all (the Wald formula said 0 more)", () => {
    const v = votesNeeded("x", "y", 1, 1);
    expect(v).toMatchObject({ decided: false, required: 4, needed: 3 });
    // Wilson at p = 1, n = 1: [1 / (1 + z²), 1]
    expect(v.interval!.low).toBeCloseTo(1 / (1 + z2), 12);
    expect(v.interval!.high).toBe(1);
    // and 4 votes one way decide: 4 / (4 + z²) = 0.510 > 0.5; 3 do not: 0.438
    expect(votesNeeded("x", "y", 1, 4)).toMatchObject({ decided: true, needed: 0 });
    expect(votesNeeded("x", "y", 1, 3)).toMatchObject({ decided: false, needed: 1 });
    expect(votesNeeded("x", "y", 0, 1)).toMatchObject({ decided: false, required: 4, needed: 3 });
  });

  it("0/10 and 10/10 are decided, with the interval away from 50%", () => {
    const none = votesNeeded("x", "y", 0, 10);
    expect(none).toMatchObject({ decided: true, required: 4, needed: 0 });
    expect(none.interval!.low).toBe(0);
    expect(none.interval!.high).toBeCloseTo(z2 / (10 + z2), 12); // 0.278
    const all = votesNeeded("x", "y", 1, 10);
    expect(all).toMatchObject({ decided: true, needed: 0 });
    expect(all.interval!.low).toBeCloseTo(10 / (10 + z2), 12); // 0.722
  });

  it("5/10 (an exact tie) never decides: '—', with the interval around 50%", () => {
    const v = votesNeeded("x", "y", 0.5, 10);
    expect(v).toMatchObject({ decided: false, required: null, needed: null });
    expect(v.interval!.low).toBeCloseTo(0.2366, 4);
    expect(v.interval!.high).toBeCloseTo(0.7634, 4);
  });

  it("6/10: n > z² / (4 · 0.1²) = 96.04 -> 97 in all, 87 more; symmetric around 50%", () => {
    expect(votesNeeded("x", "y", 0.6, 10)).toMatchObject({ decided: false, required: 97, needed: 87 });
    expect(votesNeeded("x", "y", 0.4, 10)).toMatchObject({ required: 97, needed: 87 });
  });

  it("large n: decided exactly when the interval leaves 50%, and the count needed agrees with the interval", () => {
    // p = 0.52: n > 2400.9 -> 2401
    expect(votesNeeded("x", "y", 0.52, 100)).toMatchObject({ required: 2401, needed: 2301, decided: false });
    expect(votesNeeded("x", "y", 0.52, 2400)).toMatchObject({ decided: false, needed: 1 });
    expect(votesNeeded("x", "y", 0.52, 2401)).toMatchObject({ decided: true, needed: 0 });
    const big = votesNeeded("x", "y", 0.55, 100_000);
    expect(big).toMatchObject({ decided: true, needed: 0, required: 385 });
    expect(big.interval!.high - big.interval!.low).toBeLessThan(0.01);
    // the promise behind "needed": at the same win rate, `required` votes give an interval without 0.5
    for (const p of [0.05, 0.3, 0.45, 0.501, 0.7, 0.99]) {
      const { required } = votesNeeded("x", "y", p, 1);
      const at = wilsonInterval(p, required!);
      const before = wilsonInterval(p, required! - 1);
      expect(at.low > 0.5 || at.high < 0.5).toBe(true);
      expect(before.low > 0.5 || before.high < 0.5).toBe(false);
    }
  });
});

describe("criterionMeans", () => {
  const rows = [
    { item: "i1", model: "m", value: 5 },
    { item: "i1", model: "m", value: 3 },
    { item: "i2", model: "m", value: 1 },
    { item: "i3", model: "m", value: 2 },
    { item: "i1", model: "n", value: 4 },
  ];

  it("averages raters within an item, then items; one item has no interval", () => {
    const [m, n] = criterionMeans(rows, { criterion: "acc", seed: 1, rounds: 200 });
    expect(m).toMatchObject({ id: "m", mean: (4 + 1 + 2) / 3, items: 3, ratings: 4 });
    expect(m!.ciLow!).toBeGreaterThanOrEqual(1);
    expect(m!.ciHigh!).toBeLessThanOrEqual(4);
    expect(n).toEqual({ id: "n", mean: 4, ciLow: null, ciHigh: null, items: 1, ratings: 1 });
  });

  it("is reproducible with a seed, whatever the row order", () => {
    const one = criterionMeans(rows, { criterion: "acc", seed: 9, rounds: 500 });
    expect(criterionMeans([...rows].reverse(), { criterion: "acc", seed: 9, rounds: 500 })).toEqual(one);
    expect(criterionMeans(rows, { criterion: "acc", seed: 10, rounds: 500 })).not.toEqual(one);
  });
});

describe("goldAccuracy", () => {
  it("flags raters under 80% and skips gold items without a vote", () => {
    const rows = [
      ...Array.from({ length: 4 }, () => ({ rater: "r1", outcome: "a", goldSide: "a" })),
      { rater: "r1", outcome: "b", goldSide: "a" },
      { rater: "r2", outcome: "a", goldSide: "a" },
      { rater: "r2", outcome: null, goldSide: "b" },
      { rater: "r3", outcome: "tie", goldSide: "b" },
    ];
    expect(goldAccuracy(rows)).toEqual([
      { rater: "r1", items: 5, correct: 4, accuracy: 0.8, flagged: false },
      { rater: "r2", items: 1, correct: 1, accuracy: 1, flagged: false },
      { rater: "r3", items: 1, correct: 0, accuracy: 0, flagged: true },
    ]);
  });
});

describe("planItems", () => {
  it("enumerates pairs and balances them; gold needs a reference and an off-topic answer", () => {
    expect(modelPairs(["a", "b", "c"])).toEqual([
      ["a", "b"],
      ["a", "c"],
      ["b", "c"],
    ]);
    const prompts = Array.from({ length: 9 }, (_, i) => ({ id: `p${i}`, gold: i === 8, reference: i === 8 ? "ref" : null }));
    const answers = prompts.flatMap((p) => ["a", "b", "c"].map((m) => ({ id: `${p.id}-${m}`, promptId: p.id, modelId: m })));
    const plan = planItems({ seed: "s", design: { pairwise: true, criteria: [] }, models: ["a", "b", "c"], prompts, answers });
    const regular = plan.filter((i) => !i.goldSide);
    expect(regular).toHaveLength(8);
    const gold = plan.filter((i) => i.goldSide);
    expect(gold).toHaveLength(1);
    const off = gold[0]!.goldSide === "a" ? gold[0]!.answerBId : gold[0]!.answerAId;
    expect(off).not.toMatch(/^p8-/);
    const counts = new Map<string, number>();
    for (const i of regular) {
      const key = `${i.answerAId!.split("-")[1]}${i.answerBId!.split("-")[1]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.values()].sort()).toEqual([2, 3, 3]);
  });
});
