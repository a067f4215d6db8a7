import { describe, expect, it } from "vitest";
import { criterionMeans, goldAccuracy, votesNeeded } from "@/lib/evals/results-stats";
import { modelPairs, planItems } from "@/lib/evals/items";

describe("votesNeeded", () => {
  it("n = 1.96² p(1-p)/(p-0.5)² minus the battles had", () => {
    // p = 0.6: 3.8416 · 0.24 / 0.01 = 92.2 -> 93
    expect(votesNeeded("x", "y", 0.6, 10)).toEqual({ a: "x", b: "y", winRate: 0.6, battles: 10, required: 93, needed: 83 });
    // symmetric around 0.5
    expect(votesNeeded("x", "y", 0.4, 10).required).toBe(93);
    // already enough
    // p = 0.9: 3.8416 · 0.09 / 0.16 = 2.16 -> 3, already had
    expect(votesNeeded("x", "y", 0.9, 50)).toMatchObject({ required: 3, needed: 0 });
  });

  it("is null ('—') for an exact tie or no battles", () => {
    expect(votesNeeded("x", "y", 0.5, 40)).toMatchObject({ required: null, needed: null });
    expect(votesNeeded("x", "y", null, 0)).toMatchObject({ required: null, needed: null });
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
