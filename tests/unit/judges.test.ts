// Judge rubrics and prompts, verdict mapping and reconciliation across orders, and the checks of a
// judge's structured answer.
import { describe, expect, it } from "vitest";
import { makerOf } from "@/lib/judges/maker";
import { readPairwise, readSingle, reconcile, toTargetVerdict } from "@/lib/judges/reconcile";
import { BUILTIN_RUBRICS, judgePrompt, judgeSystem, PAIRWISE_SCHEMA, SINGLE_SCHEMA } from "@/lib/judges/rubrics";
import { checkStructured } from "@/lib/calls/tools";

const task = {
  kind: "pairwise" as const,
  rubricText: BUILTIN_RUBRICS.pairwise.text,
  system: "Be brief.",
  context: [{ prompt: "First question", a: "A's first reply", b: "B's first reply" }],
  prompt: "Second question",
  a: "Answer from side A",
  b: "Answer from side B",
};

describe("rubric prompts", () => {
  it("the built-in pairwise rubric tells the judge not to favour length or position", () => {
    expect(BUILTIN_RUBRICS.pairwise.text).toMatch(/not favour an answer because it is longer/);
    expect(BUILTIN_RUBRICS.pairwise.text).toMatch(/because of its position/);
    expect(BUILTIN_RUBRICS.single.text).toMatch(/1 to 5/);
  });

  it("labels the answers by position: side a first in order ab, side b first in order ba", () => {
    const ab = judgePrompt(task, "ab");
    const ba = judgePrompt(task, "ba");
    expect(ab.indexOf("Answer from side A")).toBeLessThan(ab.indexOf("Answer from side B"));
    expect(ba.indexOf("Answer from side B")).toBeLessThan(ba.indexOf("Answer from side A"));
    expect(ab).toMatch(/<<<Answer 1>>>\nAnswer from side A/);
    expect(ba).toMatch(/<<<Answer 1>>>\nAnswer from side B/);
    // neutral labels only: no "Answer A" / "Assistant A"
    expect(ab).not.toMatch(/Assistant A|Answer A\b|Model A/);
  });

  it("includes the user's prompt, the system prompt and the conversation, each side's own thread going with its answer", () => {
    const ba = judgePrompt(task, "ba");
    expect(ba).toContain("Second question");
    expect(ba).toContain("First question");
    expect(ba).toContain("Be brief.");
    expect(ba).toMatch(/Earlier reply 1 of the assistant that wrote Answer 1>>>\nB's first reply/);
    expect(ba).toMatch(/Earlier reply 1 of the assistant that wrote Answer 2>>>\nA's first reply/);
  });

  it("a user's rubric text and the output rules go into the system prompt; single grades show one answer", () => {
    const system = judgeSystem({ kind: "single", rubricText: "Reward politeness." });
    expect(system).toContain("Reward politeness.");
    expect(system).toMatch(/"grade" an integer from 1 to 5/);
    const single = judgePrompt({ ...task, kind: "single", b: null }, "single");
    expect(single).toContain("<<<Answer>>>\nAnswer from side A");
    expect(single).not.toContain("Answer from side B");
  });
});

describe("verdicts across orders", () => {
  it("maps a positional verdict to target terms", () => {
    expect(toTargetVerdict("Answer 1", "ab")).toBe("a");
    expect(toTargetVerdict("Answer 2", "ab")).toBe("b");
    expect(toTargetVerdict("Answer 1", "ba")).toBe("b");
    expect(toTargetVerdict("Answer 2", "ba")).toBe("a");
    expect(toTargetVerdict("tie", "ba")).toBe("tie");
    expect(toTargetVerdict("both_bad", "ab")).toBe("both_bad");
  });

  it("keeps agreeing verdicts and turns disagreeing ones into an inconsistent tie", () => {
    expect(reconcile("a", "a")).toEqual({ verdict: "a", inconsistent: false });
    expect(reconcile("both_bad", "both_bad")).toEqual({ verdict: "both_bad", inconsistent: false });
    expect(reconcile("tie", "tie")).toEqual({ verdict: "tie", inconsistent: false });
    // "Answer 1" both times: the judge followed the position
    expect(reconcile(toTargetVerdict("Answer 1", "ab"), toTargetVerdict("Answer 1", "ba"))).toEqual({ verdict: "tie", inconsistent: true });
    expect(reconcile("a", "tie")).toEqual({ verdict: "tie", inconsistent: true });
    expect(reconcile("b", "both_bad")).toEqual({ verdict: "tie", inconsistent: true });
  });
});

describe("the judge's structured answer", () => {
  it("the schemas accept a well-formed verdict and refuse anything else", () => {
    expect(checkStructured(PAIRWISE_SCHEMA, '{"verdict":"Answer 2","reason":"clearer"}')).toEqual({ valid: true, errors: [] });
    expect(checkStructured(PAIRWISE_SCHEMA, '{"verdict":"A","reason":"x"}')?.valid).toBe(false);
    expect(checkStructured(PAIRWISE_SCHEMA, '{"verdict":"tie"}')?.valid).toBe(false);
    expect(checkStructured(PAIRWISE_SCHEMA, "Answer 1 is better")?.valid).toBe(false);
    expect(checkStructured(SINGLE_SCHEMA, '{"grade":4,"reason":"good"}')?.valid).toBe(true);
    expect(checkStructured(SINGLE_SCHEMA, '{"grade":6,"reason":"good"}')?.valid).toBe(false);
    expect(checkStructured(SINGLE_SCHEMA, '{"grade":3.5,"reason":"good"}')?.valid).toBe(false);
  });

  it("reads verdicts and grades, refusing guesses from free text", () => {
    expect(readPairwise('{"verdict":"both_bad","reason":" both wrong "}')).toEqual({ ok: true, verdict: "both_bad", reason: "both wrong" });
    expect(readPairwise("I think Answer 1").ok).toBe(false);
    expect(readPairwise('{"verdict":"Answer 3","reason":"x"}')).toMatchObject({ ok: false, message: expect.stringMatching(/not one of/) });
    expect(readPairwise('{"verdict":"tie","reason":""}').ok).toBe(false);
    expect(readSingle('{"grade":5,"reason":"great"}')).toEqual({ ok: true, grade: 5, reason: "great" });
    expect(readSingle('{"grade":0,"reason":"x"}').ok).toBe(false);
  });
});

describe("makers", () => {
  it("names the maker of common logical models, and never merges unknown ones", () => {
    expect(makerOf("gpt-4o-mini")).toBe("openai");
    expect(makerOf("claude-sonnet-4")).toBe("anthropic");
    expect(makerOf("nova-pro")).toBe("amazon");
    expect(makerOf("llama-3.3-70b")).toBe("meta");
    expect(makerOf("gpt-oss-120b")).toBe("openai");
    expect(makerOf("mystery-1")).not.toBe(makerOf("mystery-2"));
  });
});
