// The playground's per-pane settings: the draft, what the form sends, and a stored comparison back
// into a draft ("New comparison" from it).
import { describe, expect, it } from "vitest";
import { buildCompareInput, emptyParams, parseStopSequences, stopSequencesToText } from "@/components/compare/form-input";
import {
  initPlayground,
  playgroundReducer,
  startedComparison,
  type PlaygroundAction,
  type PlaygroundState,
} from "@/components/compare/playground-state";
import { draftValues, notSentPhrases } from "@/components/compare/pane-settings";
import type { PickerModel } from "@/components/compare/types";

function model(id: string, logicalModel: string, providerLabel: string): PickerModel {
  return {
    id,
    label: logicalModel,
    provider: id.split(":")[0] as PickerModel["provider"],
    providerLabel,
    location: null,
    logicalModel,
    available: true,
    emulated: true,
    contextWindow: null,
    capabilities: null,
    price: null,
  };
}
const models = [model("openai:gpt-5-mini", "gpt-5-mini", "OpenAI"), model("bedrock:nova", "nova-pro", "Amazon Bedrock")];
const catalog = new Map(models.map((m) => [m.id, m]));
const run = (s: PlaygroundState, ...actions: PlaygroundAction[]) => actions.reduce(playgroundReducer, s);

describe("stop sequences as typed", () => {
  it("one per line, with \\n and \\t escapes, and back", () => {
    const list = parseStopSequences("END\n\\n\\nUser:\n\nTab\\there\nback\\\\slash");
    expect(list).toEqual(["END", "\n\nUser:", "Tab\there", "back\\slash"]);
    expect(parseStopSequences(stopSequencesToText(list))).toEqual(list);
  });
});

describe("per-pane settings in the draft", () => {
  it("a pane's own system prompt and parameters go out as {id, system, params}; the others as ids", () => {
    let s = initPlayground({ models, initial: null });
    s = run(
      s,
      { type: "edit-prompt", value: "Hi" },
      { type: "edit-system", value: "Be brief." },
      { type: "edit-shared-param", key: "seed", text: "7", bad: false },
      { type: "edit-pane-system", pane: 0, value: "You are a pirate." },
      { type: "edit-pane-param", pane: 0, key: "reasoningEffort", text: "low", bad: false },
      { type: "edit-pane-param", pane: 1, key: "stopSequences", text: "END\n\\n\\n", bad: false },
      { type: "edit-pane-system", pane: 1, value: "" },
    );
    const built = buildCompareInput({ prompt: s.prompt, system: s.system, params: s.shared, panes: s.panes }, models);
    expect(built).toEqual({
      ok: true,
      input: {
        prompt: "Hi",
        system: "Be brief.",
        params: { seed: 7 },
        models: [
          { id: "openai:gpt-5-mini", system: "You are a pirate.", params: { reasoningEffort: "low" } },
          { id: "bedrock:nova", system: "", params: { stopSequences: ["END", "\n\n"] } },
        ],
      },
      // what the action is sent: the same (no images here)
      payload: built.ok ? built.input : null,
    });
    // what the panes show the moment the comparison starts
    const started = startedComparison("cmp_1", built.ok ? built.input : (null as never), false, s.panes, catalog, 0);
    expect(started.panes.map((p) => [p.system, p.params])).toEqual([
      ["You are a pirate.", { seed: 7, reasoningEffort: "low" }],
      [null, { seed: 7, stopSequences: ["END", "\n\n"] }],
    ]);
  });

  it("a bad value names its field, and the pane's settings open to show it", () => {
    let s = initPlayground({ models, initial: null });
    s = run(
      s,
      { type: "edit-prompt", value: "Hi" },
      { type: "edit-pane-param", pane: 1, key: "stopSequences", text: "a\nb\nc\nd\ne", bad: false },
    );
    const built = buildCompareInput({ prompt: s.prompt, system: s.system, params: s.shared, panes: s.panes }, models);
    expect(built.ok ? null : built.errors).toEqual({ "models.1.params.stopSequences": "At most 4 stop sequences." });
    s = run(s, { type: "start-invalid", errors: built.ok ? {} : built.errors });
    expect(s.paramsOpen[s.panes[1]!.key]).toBe(true);
    // the server's field for one stop sequence lands beside the list
    s = run(s, { type: "start-failed", field: "models.0.params.stopSequences.2", message: "A stop sequence cannot be empty." });
    expect(s.errors).toEqual({ "models.0.params.stopSequences": "A stop sequence cannot be empty." });
  });

  it("New comparison from a stored one keeps each pane's own settings only", () => {
    const s = initPlayground({ models, initial: null });
    const next = run(s, {
      type: "reset",
      models,
      from: {
        id: "cmp_1",
        title: "t",
        blind: false,
        revealed: true,
        system: "Shared.",
        params: { seed: 7 },
        panes: [
          { index: 0, model: { ...models[0]!, price: null }, params: { seed: 7, stopSequences: ["END"] }, system: "Shared." },
          { index: 1, model: { ...models[1]!, price: null }, params: { seed: 7 }, system: null },
        ],
        turns: [{ index: 0, prompt: "Hi", answers: [] }],
      },
    });
    expect(next.shared).toEqual({ ...emptyParams(), seed: { text: "7", bad: false } });
    expect(next.panes.map((p) => [p.system, p.params.stopSequences.text])).toEqual([
      [null, "END"],
      ["", ""],
    ]);
  });
});

describe("not sent, before sending", () => {
  it("names each parameter the pane's provider will not take, and why", () => {
    const draft = { ...emptyParams(), seed: { text: "7", bad: false }, temperature: { text: "0.5", bad: false } };
    const traits = { provider: "bedrock", providerLabel: "Amazon Bedrock", label: "Amazon Nova Pro", logicalModel: "nova-pro" };
    expect(notSentPhrases(traits, draftValues(draft))).toEqual(["seed not sent (not supported by Amazon Bedrock)"]);
    const gpt5 = { provider: "openai", providerLabel: "OpenAI", label: "GPT-5 mini", logicalModel: "gpt-5-mini" };
    expect(notSentPhrases(gpt5, draftValues(draft))).toEqual([
      "temperature not sent (GPT-5 mini is a reasoning model, which takes no temperature)",
      "seed not sent (not supported by the OpenAI Responses API)",
    ]);
    // after the answer, what was recorded is what is shown
    expect(notSentPhrases(gpt5, draftValues(draft), ["seed"])).toEqual(["seed not sent (not supported by the OpenAI Responses API)"]);
  });
});
