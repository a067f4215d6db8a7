// The vote-level (cluster) bootstrap: outcomes of one vote are resampled together.
import { describe, expect, it } from "vitest";
import { bootstrapBradleyTerry, createRng, fitBradleyTerry, quantile, type PairwiseOutcome } from "@/lib/ratings";
import { aggregate } from "@/lib/ratings/aggregate";

/** The outcomes one "best of the panes" vote implies: the winner beats every other pane. */
const best = (winner: string, others: string[], group?: string | number): PairwiseOutcome[] =>
  others.map((o) => ({ a: winner, b: o, outcome: "a" as const, ...(group === undefined ? {} : { group }) }));

/** Best-of-four votes over A..D with winners drawn by strength, each with its vote id as group. */
function fourPaneVotes(seed: number, votes: number): PairwiseOutcome[] {
  const rng = createRng(seed);
  const models = ["A", "B", "C", "D"];
  const weight = [4, 3, 2, 1.5];
  const total = weight.reduce((x, y) => x + y, 0);
  const out: PairwiseOutcome[] = [];
  for (let v = 0; v < votes; v++) {
    let u = rng.next() * total;
    let w = 0;
    while (u > weight[w]!) u -= weight[w++]!;
    out.push(
      ...best(
        models[w]!,
        models.filter((_, i) => i !== w),
        `v${v}`,
      ),
    );
  }
  return out;
}
const ungroup = (xs: PairwiseOutcome[]) => xs.map(({ group: _group, ...o }) => o);
const width = (r: { ciLow: number; ciHigh: number }) => r.ciHigh - r.ciLow;

describe("vote-level bootstrap", () => {
  it("one 'best of four' vote: no interval pretends certainty, nobody is ranked below anybody", () => {
    const res = bootstrapBradleyTerry(best("C", ["A", "B", "D"], "vote-1"), { rounds: 200 });
    expect(res.rows[0]).toMatchObject({ model: "C", battles: 3, votes: 1, wins: 3 });
    for (const r of res.rows) {
      expect(r).toMatchObject({ unbounded: true, ciLow: -Infinity, ciHigh: Infinity, rankUB: 1, votes: 1 });
    }
  });

  it("k identical 'best of four' votes are still not certainty (every resample is the same data)", () => {
    const data = Array.from({ length: 8 }, (_, k) => best("C", ["A", "B", "D"], k)).flat();
    const res = bootstrapBradleyTerry(data, { rounds: 200 });
    expect(res.rows.find((r) => r.model === "C")).toMatchObject({ votes: 8, battles: 24 });
    expect(res.rows.every((r) => r.ciLow === -Infinity && r.ciHigh === Infinity && r.rankUB === 1)).toBe(true);
  });

  it("clustering widens the intervals of multi-pane votes compared with resampling outcomes", () => {
    const data = fourPaneVotes(3, 60);
    const clustered = bootstrapBradleyTerry(data, { rounds: 2000, seed: 4 });
    const outcomes = bootstrapBradleyTerry(ungroup(data), { rounds: 2000, seed: 4 });
    // the same fit and the same tallies: only the resampling differs
    expect(clustered.rows.map((r) => [r.model, r.score, r.battles])).toEqual(outcomes.rows.map((r) => [r.model, r.score, r.battles]));
    expect(clustered.rows.every((r) => !r.unbounded)).toBe(true);
    for (const r of clustered.rows) {
      const o = outcomes.rows.find((x) => x.model === r.model)!;
      expect(r.votes).toBeLessThan(o.votes); // 60 votes in all, against 180 outcomes
      expect(width(r)).toBeGreaterThanOrEqual(width(o));
    }
    const mean = (rows: typeof clustered.rows) => rows.reduce((x, r) => x + width(r), 0) / rows.length;
    // three outcomes per vote, all about the same winner: clearly wider (about sqrt(1.5-2)x here)
    expect(mean(clustered.rows) / mean(outcomes.rows)).toBeGreaterThan(1.15);
  });

  it("matches naive resampling of whole votes (same interval widths, within Monte Carlo error)", () => {
    const data = fourPaneVotes(11, 50);
    const byVote = new Map<string, PairwiseOutcome[]>();
    for (const o of data) byVote.set(String(o.group), [...(byVote.get(String(o.group)) ?? []), o]);
    const votes = [...byVote.values()];
    const rounds = 2000;
    const rng = createRng(77);
    const samples = new Map<string, number[]>(["A", "B", "C", "D"].map((m) => [m, []]));
    for (let k = 0; k < rounds; k++) {
      const resample = Array.from({ length: votes.length }, () => votes[Math.floor(rng.next() * votes.length)]!).flat();
      for (const [m, s] of fitBradleyTerry(resample).scores) samples.get(m)!.push(s);
    }
    const res = bootstrapBradleyTerry(data, { rounds, seed: 5 });
    for (const row of res.rows) {
      const sorted = samples.get(row.model)!.sort((x, y) => x - y);
      const ratio = width(row) / (quantile(sorted, 0.975) - quantile(sorted, 0.025));
      expect(ratio).toBeGreaterThan(0.88);
      expect(ratio).toBeLessThan(1.12);
    }
  });

  it("outcomes without a group are groups of their own: the old outcome-level bootstrap, draw for draw", () => {
    const data = fourPaneVotes(5, 40);
    const plain = bootstrapBradleyTerry(ungroup(data), { rounds: 300, seed: 2 });
    const ownGroups = bootstrapBradleyTerry(
      ungroup(data).map((o, i) => ({ ...o, group: `outcome-${i}` })),
      { rounds: 300, seed: 2 },
    );
    expect(ownGroups).toEqual(plain);
    // and two-pane votes (one outcome each) grouped by vote id: the same numbers as ungrouped
    const pairwise: PairwiseOutcome[] = ungroup(data).map((o, i) => ({ ...o, outcome: i % 3 ? "a" : "b" }));
    expect(
      bootstrapBradleyTerry(
        pairwise.map((o, i) => ({ ...o, group: i })),
        { rounds: 300, seed: 2 },
      ),
    ).toEqual(bootstrapBradleyTerry(pairwise, { rounds: 300, seed: 2 }));
  });

  it("aggregates groups into patterns and counts each model's votes once per group", () => {
    const data = [
      ...best("C", ["A", "B"], "v1"),
      ...best("C", ["B", "A"], "v2"), // the same cells in another order: the same pattern
      ...best("A", ["B", "C"], "v3"),
      { a: "A", b: "B", outcome: "tie" as const }, // ungrouped: its own group
      { a: "A", b: "B", outcome: "a" as const, group: "v4", weight: 0 }, // weight 0: no group at all
    ];
    const agg = aggregate(data);
    expect(agg.groupCount).toBe(4);
    expect(agg.voteCount).toBe(7);
    expect([...agg.patternCount]).toEqual([2, 1, 1]);
    expect(Object.fromEntries(agg.models.map((m, i) => [m, agg.groups[i]]))).toEqual({ A: 4, B: 4, C: 3 });
    expect(() => aggregate([{ a: "A", b: "B", outcome: "a", group: NaN }])).toThrow(TypeError);
  });

  it("a model that lost all of its 20 votes to well-measured models is bounded above and ranked below them", () => {
    const measured = fourPaneVotes(11, 400).filter((o) => o.a !== "D" && o.b !== "D");
    const lost = Array.from({ length: 20 }, (_, i): PairwiseOutcome => ({
      a: ["A", "B", "C"][i % 3]!,
      b: "L",
      outcome: "a",
      group: `l${i}`,
    }));
    const res = bootstrapBradleyTerry([...measured, ...lost], { rounds: 200 });
    const row = (m: string) => res.rows.find((r) => r.model === m)!;
    const L = row("L");
    expect(L).toMatchObject({ unbounded: true, votes: 20, wins: 0, losses: 20, ciLow: -Infinity });
    expect(Number.isFinite(L.ciHigh)).toBe(true);
    const opponents = ["A", "B", "C"].map(row);
    // 1 - 0.025^(1/20) = 0.168 against them: 277 points below their mean score
    const mean = opponents.reduce((x, r) => x + r.score, 0) / 3;
    expect(L.ciHigh).toBeCloseTo(mean - 277, -1);
    for (const r of opponents) expect(r.unbounded).toBe(false);
    expect(L.rankUB).toBeGreaterThan(1);
  });

  it("one won vote against a well-measured model bounds almost nothing: its lower end is 636 points below that model", () => {
    const measured = fourPaneVotes(12, 300);
    const res = bootstrapBradleyTerry([...measured, { a: "W", b: "A", outcome: "a", group: "w" }], { rounds: 200 });
    const W = res.rows.find((r) => r.model === "W")!;
    const A = res.rows.find((r) => r.model === "A")!;
    expect(W).toMatchObject({ unbounded: true, ciHigh: Infinity, rankUB: 1 });
    expect(W.ciLow).toBeCloseTo(A.score - 636, -1);
  });
});
