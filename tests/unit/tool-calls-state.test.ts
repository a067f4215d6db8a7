import { describe, expect, it } from "vitest";
import { modelInfo } from "@/lib/providers/model-info";
import { comparisonReducer, pendingAnswer, type ComparisonState } from "@/components/compare/comparison-state";
import { emptyParams } from "@/components/compare/form-input";
import { initPlayground, playgroundReducer, startedComparison, type PlaygroundAction } from "@/components/compare/playground-state";
import { skipNotes } from "@/components/compare/new-comparison";
import { argumentsText, groupBySteps, validityLabels } from "@/components/compare/tool-call-view";
import { toolExamples } from "@/components/compare/tools-draft";
import type { PickerModel } from "@/components/compare/types";
import type { CompareEvent } from "@/lib/compare/events";
import { emptyMetrics } from "@/lib/compare/metrics";
import type { ToolCallRecord } from "@/lib/compare/tools-schema";

const model = { id: "m", label: "M", provider: "openai", providerLabel: "OpenAI", location: null, emulated: true, price: null };
const state: ComparisonState = {
  id: "c1",
  title: "t",
  blind: false,
  revealed: true,
  system: null,
  params: {},
  panes: [0, 1].map((index) => ({ index, model, params: {} })),
  turns: [{ index: 0, prompt: "Weather in Paris?", answers: [pendingAnswer(1), pendingAnswer(1)] }],
};

const call = (over: Partial<ToolCallRecord>): ToolCallRecord => ({
  step: 1,
  id: "s1-0",
  name: "get_weather",
  input: '{"city": "Paris"}',
  args: { city: "Paris" },
  validity: "valid",
  resultSource: "none",
  ...over,
});

const events = (s: ComparisonState, ...list: CompareEvent[]) => comparisonReducer(s, { type: "events", events: list, now: 10 })!;

describe("tool calls in the live state", () => {
  it("adds each call to its pane, then its result and where it came from", () => {
    const broken = call({ id: "s1-0", input: '{"city": "Par', args: null, validity: "invalid-json", errors: ["Unterminated string"] });
    let s = events(
      state,
      { type: "tool-call", pane: 0, turn: 0, call: call({}) },
      { type: "tool-call", pane: 1, turn: 0, call: broken },
      { type: "tool-result", pane: 0, turn: 0, toolCallId: "s1-0", result: { temperature: 18 }, resultSource: "mock" },
    );
    const [a, b] = s.turns[0]!.answers;
    expect(a!.status).toBe("streaming");
    expect(a!.toolCalls).toEqual([{ ...call({}), result: { temperature: 18 }, resultSource: "mock" }]);
    expect(b!.toolCalls).toEqual([broken]);
    // a replayed call (reconnect) replaces, not duplicates
    s = events(s, { type: "tool-call", pane: 1, turn: 0, call: broken });
    expect(s.turns[0]!.answers[1]!.toolCalls).toHaveLength(1);
  });

  it("holds a waiting call until its typed-in result arrives", () => {
    const waiting = { toolCallId: "s1-0", name: "get_order", args: { order_id: "A-1" }, timeoutAt: "2026-12-04T23:00:00Z" };
    let s = events(
      state,
      { type: "tool-call", pane: 0, turn: 0, call: call({ name: "get_order" }) },
      { type: "tool-waiting", pane: 0, turn: 0, ...waiting },
    );
    expect(s.turns[0]!.answers[0]!.waiting).toEqual(waiting);
    s = events(s, { type: "tool-result", pane: 0, turn: 0, toolCallId: "s1-0", result: { status: "shipped" }, resultSource: "manual" });
    const a = s.turns[0]!.answers[0]!;
    expect(a.waiting).toBeNull();
    expect(a.toolCalls[0]).toMatchObject({ result: { status: "shipped" }, resultSource: "manual" });
  });

  it("records the structured-output check when the answer finishes, and a skipped pane's reason", () => {
    const s = events(
      state,
      { type: "pane-start", pane: 0, turn: 0, model: "m" },
      {
        type: "pane-finish",
        pane: 0,
        turn: 0,
        status: "done",
        metrics: emptyMetrics(),
        responseId: null,
        structured: { valid: false, errors: ["(root) must have required property 'sentiment'"] },
      },
      { type: "pane-skipped", pane: 1, turn: 0, reason: { code: "no_images", message: "Llama 3.3 70B takes no images." } },
    );
    expect(s.turns[0]!.answers[0]!.structured).toEqual({ valid: false, errors: ["(root) must have required property 'sentiment'"] });
    expect(s.turns[0]!.answers[1]).toMatchObject({
      status: "skipped",
      error: null,
      skipReason: { code: "no_images", message: "Llama 3.3 70B takes no images." },
    });
  });

  it("takes tool calls, the check and a waiting call from a snapshot (reload mid-run)", () => {
    const waiting = { toolCallId: "s2-0", name: "get_order", args: null, timeoutAt: "2026-12-04T23:00:00Z" };
    const s = events(state, {
      type: "pane-snapshot",
      pane: 0,
      turn: 0,
      status: "streaming",
      text: "",
      reasoning: "",
      metrics: emptyMetrics(),
      error: null,
      toolCalls: [call({}), call({ id: "s2-0", step: 2, name: "get_order" })],
      waiting,
    });
    expect(s.turns[0]!.answers[0]!.toolCalls).toHaveLength(2);
    expect(s.turns[0]!.answers[0]!.waiting).toEqual(waiting);
  });
});

describe("how a call reads", () => {
  it("shows parsed arguments as pretty JSON and broken ones exactly as sent", () => {
    expect(argumentsText(call({}))).toEqual({ text: '{\n  "city": "Paris"\n}', raw: false });
    expect(argumentsText(call({ input: '{"city": "Par', args: null, validity: "invalid-json" }))).toEqual({
      text: '{"city": "Par',
      raw: true,
    });
    // markup in arguments stays text (React escapes it); nothing here turns it into HTML
    expect(argumentsText(call({ input: "<img src=x onerror=alert(1)>", args: null, validity: "invalid-json" })).text).toBe(
      "<img src=x onerror=alert(1)>",
    );
  });

  it("groups calls by step in order", () => {
    const list = [call({ id: "a", step: 2 }), call({ id: "b", step: 1 }), call({ id: "c", step: 2 })];
    expect(groupBySteps(list).map((g) => [g.step, g.calls.map((c) => c.id)])).toEqual([
      [1, ["b"]],
      [2, ["a", "c"]],
    ]);
  });

  it("names every validity in words", () => {
    expect(Object.values(validityLabels).map((v) => v.label)).toEqual([
      "Valid",
      "Invalid JSON",
      "Unknown tool",
      "Arguments don't match the schema",
    ]);
  });
});

describe("the draft with tools and images", () => {
  const picker = (id: string, logicalModel: string): PickerModel => ({
    id,
    label: id,
    provider: "bedrock",
    providerLabel: "Amazon Bedrock",
    location: null,
    logicalModel,
    available: true,
    emulated: true,
    contextWindow: null,
    price: null,
    capabilities: modelInfo(logicalModel)?.capabilities ?? null,
  });
  const models = [picker("bedrock:gpt-oss", "gpt-oss-120b"), picker("bedrock:nova", "nova-pro")];
  const image = (key: string) => ({ key, name: `${key}.png`, mediaType: "image/png" as const, size: 10, data: "AAAA" });

  it("says before the start which panes will not run, from the model's facts", () => {
    expect(skipNotes(models[0], { images: true, tools: false })).toEqual([
      "bedrock:gpt-oss takes no images: this pane will not run while images are attached.",
    ]);
    expect(skipNotes(models[1], { images: true, tools: true })).toEqual([]);
    expect(skipNotes(picker("x", "phi-4"), { images: false, tools: true })).toEqual([
      "x does not call tools: this pane will not run while tools are set.",
    ]);
    // an unknown model: nothing is claimed
    expect(skipNotes(picker("y", "who-knows"), { images: true, tools: true })).toEqual([]);
  });

  it("attaches at most four images per prompt, keeps the follow-up's apart, and clears them after sending", () => {
    const run = (s: ReturnType<typeof initPlayground>, ...actions: PlaygroundAction[]) => actions.reduce(playgroundReducer, s);
    let s = initPlayground({ models, initial: null });
    s = run(
      s,
      { type: "attach-images", target: "prompt", images: [image("a"), image("b"), image("c")], problems: [] },
      { type: "attach-images", target: "prompt", images: [image("d"), image("e")], problems: [] },
    );
    expect(s.images.prompt.map((i) => i.key)).toEqual(["a", "b", "c", "d"]);
    expect(s.imageProblems.prompt).toEqual(["A prompt takes up to 4 images: the rest were not added."]);
    s = run(s, { type: "remove-image", target: "prompt", key: "b" });
    expect(s.images.prompt.map((i) => i.key)).toEqual(["a", "c", "d"]);
    expect(s.imageProblems.prompt).toEqual([]);

    const input = {
      prompt: "What is in it?",
      models: ["bedrock:nova"],
      images: [{ mediaType: "image/png" as const, data: "AAAA", size: 3 }],
    };
    s = run(s, {
      type: "started",
      comparison: startedComparison(
        "cmp_1",
        input,
        false,
        [{ key: "p", modelId: "bedrock:nova", params: emptyParams() }],
        new Map(models.map((m) => [m.id, m])),
        1,
        s.images.prompt,
      ),
      team: null,
    });
    expect(s.comparison!.turns[0]!.images).toEqual([
      { src: "data:image/png;base64,AAAA", mediaType: "image/png", name: "a.png" },
      { src: "data:image/png;base64,AAAA", mediaType: "image/png", name: "c.png" },
      { src: "data:image/png;base64,AAAA", mediaType: "image/png", name: "d.png" },
    ]);
    s = run(
      s,
      { type: "attach-images", target: "followUp", images: [image("f")], problems: [] },
      { type: "follow-up-added", turn: 1, prompt: "And this one?" },
    );
    expect(s.comparison!.turns[1]!.images?.map((i) => i.name)).toEqual(["f.png"]);
    expect(s.images.followUp).toEqual([]);
  });

  it("opens the Tools section when the server names a tool field, and starts a new comparison with the same tools", () => {
    let s = initPlayground({ models, initial: null });
    const tool = { ...toolExamples[0]!.tool, key: "t" };
    s = playgroundReducer(s, { type: "edit-tools", tools: { tools: [tool], maxSteps: "", responseSchema: "" } });
    s = playgroundReducer(s, {
      type: "start-failed",
      field: "tools.0.parameters.properties",
      message: "The parameters schema is not valid.",
    });
    expect(s.errors).toEqual({ "tools.0.parameters": "The parameters schema is not valid." });
    expect(s.sections.tools).toBe(true);
    // editing the field clears its message
    s = playgroundReducer(s, { type: "edit-tools", tools: s.tools, field: "tools.0.parameters" });
    expect(s.errors).toEqual({});

    const from: ComparisonState = {
      ...state,
      panes: [{ index: 0, model: { ...model, id: "bedrock:nova" }, params: {} }],
      tools: {
        tools: [{ name: "get_weather", parameters: { type: "object" }, mock: { manual: true } }],
        maxSteps: 3,
        responseSchema: null,
      },
    };
    s = playgroundReducer(s, { type: "reset", from, models });
    expect(s.tools.tools).toMatchObject([{ name: "get_weather", mock: "manual", parameters: '{\n  "type": "object"\n}' }]);
    expect(s.tools.maxSteps).toBe("3");
    expect(s.sections).toEqual({ tools: true, schema: false });
  });
});
