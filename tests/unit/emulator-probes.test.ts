// The emulator's probe solver (tests/emulator/probes.ts) and quirk profiles (quirks.ts), without
// HTTP: it works out every built-in item from the prompt alone, and a quirk's wrong answers are
// exactly the ones the checkers fail. tests/integration/probes-emulator.test.ts runs the same
// through the real provider packages.
import { describe, expect, it } from "vitest";
import { classifyToolCall, compileTools } from "@/lib/calls/tools";
import { builtinSuite, checkAnswer } from "@/lib/scorecards/probes";
import type { ProbeAnswer, ProbeItem } from "@/lib/scorecards/types";
import { type ProbeRequest, readProbeRequest, solveProbe } from "../emulator/probes";
import { inRateLimitBurst, loadQuirks, parseQuirks, type QuirkProfile, quirkPacing } from "../emulator/quirks";

const request = (item: ProbeItem, over: Partial<ProbeRequest> = {}): ProbeRequest => ({
  prompt: item.prompt,
  tools: (item.tools ?? []).map((t) => t.name),
  temperature: item.params?.temperature ?? null,
  seed: item.params?.seed ?? null,
  stop: item.params?.stopSequences ?? [],
  effort: item.params?.reasoningEffort === "high" ? "high" : item.params?.reasoningEffort === "low" ? "low" : null,
  occurrence: 0,
  model: "m",
  ...over,
});

/** The answer a solution makes (what the protocols would stream), for the per-call checkers. */
function answerOf(item: ProbeItem, q?: QuirkProfile): { answer: ProbeAnswer; wrong: boolean } {
  const s = solveProbe(request(item), q);
  if (!s) throw new Error(`not solved: ${item.key}`);
  const toolCalls = (s.toolCalls ?? []).map((c, i) => ({
    step: 1,
    id: `s1-${i + 1}`,
    name: c.name,
    input: c.arguments,
    ...classifyToolCall(compileTools(item.tools ?? []), { name: c.name, input: c.arguments }),
    resultSource: "none" as const,
  }));
  return {
    answer: {
      status: "done",
      text: s.text ?? "",
      reasoning: s.reasoning ?? "",
      finishReason: "stop",
      toolCalls,
      outputTokens: null,
      reasoningTokens: null,
      params: item.params ?? {},
    },
    wrong: s.wrong,
  };
}

const perCall = builtinSuite().items.filter((i) => i.family !== "parameters");

describe("solveProbe", () => {
  it("solves every built-in item of the five answer families from the prompt", () => {
    const failed = perCall.map((i) => ({ key: i.key, r: checkAnswer(i, answerOf(i).answer) })).filter((x) => !x.r.pass);
    expect(failed).toEqual([]);
  });

  it("recognises every parameter probe and ignores other prompts", () => {
    for (const item of builtinSuite().items.filter((i) => i.family === "parameters"))
      expect(solveProbe(request(item), undefined), item.key).not.toBeNull();
    expect(solveProbe(request({ ...perCall[0]!, prompt: "Explain one idea in two sentences." }), undefined)).toBeNull();
  });

  it("cuts at a stop sequence, unless the quirk ignores them", () => {
    const item = builtinSuite().items.find((i) => i.key === "parameters/stop-001")!;
    expect(solveProbe(request(item), undefined)!.text).toBe("alpha\nbravo\n");
    expect(solveProbe(request(item), { ignoreStopSequences: true })!.text).toContain("charlie");
  });

  it("reasons longer at high effort than at low, unless the quirk ignores the effort", () => {
    const item = builtinSuite().items.find((i) => i.key === "parameters/effort-high-001")!;
    const len = (effort: "low" | "high", q?: QuirkProfile) => solveProbe(request(item, { effort }), q)!.reasoning!.length;
    expect(len("high")).toBeGreaterThan(len("low") * 3);
    expect(len("high", { ignoreReasoningEffort: true })).toBe(len("low", { ignoreReasoningEffort: true }));
  });

  it("repeats itself at temperature 0 and with a seed, and varies otherwise", () => {
    const item = builtinSuite().items.find((i) => i.key === "parameters/temperature-zero-001")!;
    const at = (over: Partial<ProbeRequest>, q?: QuirkProfile) =>
      [0, 1, 2].map((occurrence) => solveProbe(request(item, { ...over, occurrence }), q)!.text);
    expect(new Set(at({ temperature: 0 })).size).toBe(1);
    expect(new Set(at({ temperature: 1, seed: 5 })).size).toBe(1);
    expect(new Set(at({ temperature: 1 })).size).toBe(3);
    expect(new Set(at({ temperature: 0 }, { nondeterministic: true })).size).toBe(3);
  });

  it("a wrong-rate quirk's wrong answers are exactly the ones the checkers fail, at about the rate, the same for the same seed", () => {
    const run = (seed: number) => perCall.map((i) => ({ i, ...answerOf(i, { seed, wrongRate: 0.25 }) }));
    const first = run(11);
    for (const x of first) expect(checkAnswer(x.i, x.answer).pass, x.i.key).toBe(!x.wrong);
    const rate = first.filter((x) => x.wrong).length / first.length;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.35);
    expect(run(11).map((x) => x.wrong)).toEqual(first.map((x) => x.wrong));
    expect(run(12).map((x) => x.wrong)).not.toEqual(first.map((x) => x.wrong));
  });

  it("loses the needles beyond the last N tokens of a truncated context", () => {
    const long = builtinSuite().items.filter((i) => i.family === "long-context");
    for (const item of long) {
      const lost = item.contextTokens! * (1 - (item.meta!.depth as number)) > 10_000;
      expect(checkAnswer(item, answerOf(item, { contextLimitTokens: 10_000 }).answer).pass, item.key).toBe(!lost);
    }
  });
});

describe("readProbeRequest", () => {
  it("reads stop sequences, temperature, seed, effort and tools in each protocol's spelling", () => {
    expect(
      readProbeRequest(
        { stop: ["###"], temperature: 0, seed: 3, reasoning_effort: "high", tools: [{ type: "function", function: { name: "a" } }] },
        "p",
        "m",
        0,
      ),
    ).toMatchObject({
      stop: ["###"],
      temperature: 0,
      seed: 3,
      effort: "high",
      tools: ["a"],
    });
    expect(readProbeRequest({ reasoning: { effort: "low" }, tools: [{ type: "function", name: "b" }] }, "p", "m", 0)).toMatchObject({
      effort: "low",
      tools: ["b"],
    });
    expect(readProbeRequest({ stop_sequences: ["x"], thinking: { type: "enabled", budget_tokens: 16384 } }, "p", "m", 0)).toMatchObject({
      stop: ["x"],
      effort: "high",
    });
    expect(
      readProbeRequest(
        { inferenceConfig: { stopSequences: ["y"], temperature: 0.5 }, toolConfig: { tools: [{ toolSpec: { name: "c" } }] } },
        "p",
        "m",
        0,
      ),
    ).toMatchObject({ stop: ["y"], temperature: 0.5, tools: ["c"] });
    expect(
      readProbeRequest(
        { generationConfig: { seed: 9, thinkingConfig: { thinkingBudget: 1024 } }, tools: [{ functionDeclarations: [{ name: "d" }] }] },
        "p",
        "m",
        0,
      ),
    ).toMatchObject({
      seed: 9,
      effort: "low",
      tools: ["d"],
    });
  });
});

describe("quirk profiles", () => {
  it("are validated, from JSON or a file path", () => {
    expect(parseQuirks({ "gpt-oss-120b": { wrongRate: 0.1, seed: 2 } })).toEqual({ "gpt-oss-120b": { wrongRate: 0.1, seed: 2 } });
    expect(() => parseQuirks({ m: { wrongRate: 2 } })).toThrow(/quirks\.m\.wrongRate/);
    expect(() => parseQuirks({ m: { colour: "red" } })).toThrow(/quirks\.m/);
    expect(loadQuirks('{"m": {"ignoreStopSequences": true}}')).toEqual({ m: { ignoreStopSequences: true } });
    expect(loadQuirks(undefined)).toBeUndefined();
  });
  it("429 bursts: the first `burst` of every `every` requests", () => {
    const q: QuirkProfile = { rateLimitBursts: { every: 10, burst: 3 } };
    expect(Array.from({ length: 20 }, (_, n) => inRateLimitBurst(q, n)).filter(Boolean)).toHaveLength(6);
    expect(inRateLimitBurst({}, 0)).toBe(false);
  });
  it("jitter spreads the time to first token within the bounds, the same for the same seed", () => {
    const q: QuirkProfile = { seed: 4, ttftMs: 100, jitter: 0.5 };
    const ttfts = Array.from({ length: 50 }, (_, n) => quirkPacing(q, { ttftMs: 30, tokensPerSecond: 400 }, "m", n).ttftMs);
    expect(Math.min(...ttfts)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...ttfts)).toBeLessThanOrEqual(150);
    expect(new Set(ttfts).size).toBeGreaterThan(10);
    expect(Array.from({ length: 50 }, (_, n) => quirkPacing(q, { ttftMs: 30, tokensPerSecond: 400 }, "m", n).ttftMs)).toEqual(ttfts);
  });
});
