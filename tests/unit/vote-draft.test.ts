// Which vote choices the playground disables: panes without an answer, as the server judges them.
import { describe, expect, it } from "vitest";
import { crownedPane, missingAnswerReasons, rankedMissing } from "@/components/compare/vote-draft";

describe("missing answers in the vote bar", () => {
  it("a pane that ended without text has no answer; one still answering or with text has", () => {
    expect(
      missingAnswerReasons([
        { status: "done", text: "Paris." },
        { status: "error", text: "" },
        { status: "stopped", text: "" },
        { status: "stopped", text: "Half" },
        { status: "done", text: " \n\t" },
        { status: "streaming", text: "" },
        { status: "pending", text: "" },
        { status: "error", text: "Cut off mid-" },
      ]),
    ).toEqual([null, "failed", "stopped before any text", null, "empty", null, null, null]);
  });

  it("names the pane a choice crowns, and the first pane without an answer ranked above another", () => {
    expect([{ outcome: "a" }, { outcome: "b" }, { outcome: "tie" }, { outcome: "both_bad" }, { best: 2 }].map(crownedPane)).toEqual([
      0,
      1,
      null,
      null,
      2,
    ]);
    expect(crownedPane({ ranking: [1, 0] })).toBeNull();
    const missing = [null, "failed", null];
    expect(rankedMissing([0, 2, 1], missing)).toBeNull();
    expect(rankedMissing([0, 1, 2], missing)).toBe(1);
    expect(rankedMissing([1, 0, 2], missing)).toBe(1);
  });
});
