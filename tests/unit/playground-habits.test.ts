// The playground's pure parts for issue 10: the word diff of two answers, and a re-run's turns
// arriving on one stream (comparison-state.ts).
import { describe, expect, it } from "vitest";
import { comparisonReducer, pendingAnswer, type ComparisonState } from "@/components/compare/comparison-state";
import { wordDiff } from "@/components/compare/word-diff";

describe("wordDiff", () => {
  it("marks removed and added words and keeps the rest", () => {
    const diff = wordDiff("The quick brown fox jumps.", "The slow brown fox leaps high.")!;
    expect(diff.parts.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(["quick", "jumps"]);
    expect(diff.parts.filter((p) => p.added).map((p) => p.value.trim())).toEqual(["slow", "leaps high"]);
    expect(diff.removed).toBe(2);
    expect(diff.added).toBe(3);
    // both texts can be rebuilt from the parts
    expect(
      diff.parts
        .filter((p) => !p.added)
        .map((p) => p.value)
        .join(""),
    ).toBe("The quick brown fox jumps.");
    expect(
      diff.parts
        .filter((p) => !p.removed)
        .map((p) => p.value)
        .join(""),
    ).toBe("The slow brown fox leaps high.");
  });

  it("finds nothing to mark in the same text", () => {
    expect(wordDiff("same words", "same words")).toMatchObject({ added: 0, removed: 0 });
  });
});

describe("a re-run's turns on one stream", () => {
  const answer = { ...pendingAnswer(1), status: "done" as const, text: "one" };
  const state: ComparisonState = {
    id: "c1",
    title: "t",
    blind: false,
    revealed: true,
    system: null,
    params: {},
    panes: [0, 1].map((index) => ({
      index,
      model: { id: "m", label: "M", provider: "openai", providerLabel: "OpenAI", location: null, emulated: true, price: null },
      params: {},
    })),
    turns: [{ index: 0, prompt: "first", answers: [answer, answer] }],
  };

  it("shows the next turn with its prompt as it starts, and forgets the plan at the end", () => {
    const started = comparisonReducer(state, {
      type: "events",
      now: 5,
      events: [{ type: "comparison", id: "c1", turn: 1, prompt: "second", turns: 2 }],
    })!;
    expect(started.plannedTurns).toBe(2);
    expect(started.turns.map((t) => [t.index, t.prompt, t.answers.map((a) => a.status)])).toEqual([
      [0, "first", ["done", "done"]],
      [1, "second", ["pending", "pending"]],
    ]);
    const ended = comparisonReducer(started, { type: "events", now: 6, events: [{ type: "done", id: "c1", turn: 1 }] })!;
    expect(ended.plannedTurns).toBeUndefined();
    expect(ended.turns).toHaveLength(2);
  });

  it("ignores the plain first event of an ordinary stream", () => {
    expect(comparisonReducer(state, { type: "events", now: 5, events: [{ type: "comparison", id: "c1", turn: 0 }] })).toBe(state);
  });
});
