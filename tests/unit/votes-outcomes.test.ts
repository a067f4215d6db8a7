import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/http";
import { impliedOutcomes, voteInputOf } from "@/lib/votes/outcomes";
import { leaderboardQuerySchema, voteBodySchema } from "@/lib/votes/schema";

const fieldOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).field;
  }
  throw new Error("did not throw");
};

describe("implied outcomes", () => {
  it("two panes: the outcome as given", () => {
    for (const outcome of ["a", "b", "tie", "both_bad"] as const)
      expect(impliedOutcomes({ outcome }, 2)).toEqual([{ paneA: 0, paneB: 1, outcome }]);
  });

  it("best beats every other pane; pairs are ordered with paneA < paneB", () => {
    expect(impliedOutcomes({ best: 2 }, 4)).toEqual([
      { paneA: 0, paneB: 2, outcome: "b" },
      { paneA: 1, paneB: 2, outcome: "b" },
      { paneA: 2, paneB: 3, outcome: "a" },
    ]);
    expect(impliedOutcomes({ best: 0 }, 2)).toEqual([{ paneA: 0, paneB: 1, outcome: "a" }]);
  });

  it("a full ranking of n gives n(n-1)/2 outcomes, earlier beating later", () => {
    for (const n of [2, 3, 4, 5, 8]) {
      const ranking = Array.from({ length: n }, (_, i) => n - 1 - i);
      const out = impliedOutcomes({ ranking }, n);
      expect(out).toHaveLength((n * (n - 1)) / 2);
      expect(out.every((o) => o.outcome === "b")).toBe(true); // higher index ranked first
    }
  });

  it("a top-k prefix: listed panes beat later listed and all unlisted ones; unlisted are not compared", () => {
    const out = impliedOutcomes({ ranking: [3, 1] }, 5);
    expect(out).toHaveLength(1 + 3 + 3);
    expect(out.some((o) => [o.paneA, o.paneB].every((p) => [0, 2, 4].includes(p)))).toBe(false);
    // top n-1 is the same as the full ranking
    expect(impliedOutcomes({ ranking: [2, 0] }, 3)).toEqual(impliedOutcomes({ ranking: [2, 0, 1] }, 3));
  });

  it("rejects what does not fit the panes, naming the field", () => {
    expect(fieldOf(() => impliedOutcomes({ outcome: "a" }, 3))).toBe("outcome");
    expect(fieldOf(() => impliedOutcomes({ best: 2 }, 2))).toBe("best");
    expect(fieldOf(() => impliedOutcomes({ ranking: [0] }, 3))).toBe("ranking");
    expect(fieldOf(() => impliedOutcomes({ ranking: [0, 1, 0] }, 3))).toBe("ranking.2");
    expect(fieldOf(() => impliedOutcomes({ ranking: [0, 3] }, 3))).toBe("ranking.1");
    expect(fieldOf(() => impliedOutcomes({ best: 0 }, 1))).toBe("turn");
  });

  it("a body carries exactly one judgement", () => {
    expect(voteInputOf({ ranking: [1, 0] })).toEqual({ kind: "ranking", input: { ranking: [1, 0] } });
    expect(voteInputOf({ outcome: "tie" })).toEqual({ kind: "pairwise", input: { outcome: "tie" } });
    expect(fieldOf(() => voteInputOf({}))).toBe("outcome");
    expect(fieldOf(() => voteInputOf({ best: 1, ranking: [0, 1] }))).toBe("ranking");
    expect(fieldOf(() => parseOrThrow(voteBodySchema, { outcome: "a", turn: "1" }))).toBe("turn");
  });
});

describe("leaderboard query", () => {
  it("has defaults and parses numbers and dates", () => {
    expect(parseOrThrow(leaderboardQuerySchema, {})).toEqual({
      groupBy: "model",
      mode: "blind",
      rounds: 1000,
      seed: 1,
      minBattles: 10,
      source: "human",
    });
    expect(
      parseOrThrow(leaderboardQuerySchema, { rounds: "5000", seed: "-3", from: "2026-01-01", to: "2026-11-26T12:00:00Z", mode: "all" }),
    ).toMatchObject({
      rounds: 5000,
      seed: -3,
      from: "2026-01-01",
    });
  });

  it("rejects bad values with the field", () => {
    expect(fieldOf(() => parseOrThrow(leaderboardQuerySchema, { rounds: "5001" }))).toBe("rounds");
    expect(fieldOf(() => parseOrThrow(leaderboardQuerySchema, { rounds: "1e3" }))).toBe("rounds");
    expect(fieldOf(() => parseOrThrow(leaderboardQuerySchema, { seed: "x" }))).toBe("seed");
    expect(fieldOf(() => parseOrThrow(leaderboardQuerySchema, { to: "26/11/2026" }))).toBe("to");
  });
});
