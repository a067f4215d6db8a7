import { describe, expect, it } from "vitest";
import { majorityAgreement, type Rating } from "@/lib/ratings/agreement";

function table(rows: Record<string, Record<string, string | null>>): Rating[] {
  return Object.entries(rows).flatMap(([unit, byRater]) => Object.entries(byRater).map(([rater, value]) => ({ unit, rater, value })));
}

describe("majorityAgreement (leave-one-out)", () => {
  it("compares each rater with the most frequent value among the others", () => {
    const ratings = table({
      u1: { r1: "a", r2: "a", r3: "a", r4: "b" }, // r4 alone against a,a,a
      u2: { r1: "a", r2: "b", r3: "b", r4: "b" }, // r1 alone against b,b,b
      u3: { r1: "a", r2: "b", r3: "c" }, // every rater faces a tie: skipped, counted as ties
      u4: { r1: "a", r2: "a" }, // only one other rater: not compared at all
      u5: { r1: "c", r2: "c", r3: "c", r4: null }, // r4 gave no rating
      u6: { r1: "a", r2: "a", r3: "b", r4: "b" }, // others are 2-1 against each rater: everyone disagrees
      u7: { r5: "a" },
    });
    expect(majorityAgreement(ratings)).toEqual([
      { rater: "r1", agreement: 2 / 4, items: 4, agreed: 2, ties: 1 },
      { rater: "r2", agreement: 3 / 4, items: 4, agreed: 3, ties: 1 },
      { rater: "r3", agreement: 3 / 4, items: 4, agreed: 3, ties: 1 },
      { rater: "r4", agreement: 1 / 3, items: 3, agreed: 1, ties: 0 },
      { rater: "r5", agreement: null, items: 0, agreed: 0, ties: 0 },
    ]);
  });

  it("uses plurality, not a strict majority, of the others", () => {
    // For r1 the others are b, b, c, d: b is the most frequent with 2 of 4.
    const ratings = table({ u1: { r1: "b", r2: "b", r3: "b", r4: "c", r5: "d" } });
    expect(majorityAgreement(ratings)[0]).toEqual({ rater: "r1", agreement: 1, items: 1, agreed: 1, ties: 0 });
  });

  it("a single rater or an empty list -> nothing to compare", () => {
    expect(majorityAgreement(table({ u1: { solo: "a" }, u2: { solo: "b" } }))).toEqual([
      { rater: "solo", agreement: null, items: 0, agreed: 0, ties: 0 },
    ]);
    expect(majorityAgreement([])).toEqual([]);
  });
});
