import { describe, expect, it } from "vitest";
import type { ComparisonState } from "@/components/compare/comparison-state";
import { emptyParams } from "@/components/compare/form-input";
import {
  defaultModelIds,
  initPlayground,
  isAnswering,
  playgroundReducer,
  startedComparison,
  type PlaygroundAction,
  type PlaygroundState,
} from "@/components/compare/playground-state";
import type { PickerModel } from "@/components/compare/types";
import { MAX_MODELS } from "@/lib/compare/schema";

function model(id: string, available = true): PickerModel {
  const provider = id.split(":")[0] as PickerModel["provider"];
  return {
    id,
    label: id.split(":")[1]!,
    provider,
    providerLabel: provider.toUpperCase(),
    location: null,
    logicalModel: id,
    available,
    emulated: true,
    contextWindow: 128_000,
    capabilities: null,
    price: { input: 0.15, output: 0.6 },
  };
}

const models = [model("openai:a"), model("openai:b"), model("azure:c"), model("bedrock:d"), model("compatible:e", false)];
const catalog = new Map(models.map((m) => [m.id, m]));

const run = (s: PlaygroundState, ...actions: PlaygroundAction[]) => actions.reduce(playgroundReducer, s);
const fresh = () => initPlayground({ models, initial: null });

function started(blind = false): PlaygroundState {
  const s = fresh();
  const input = {
    prompt: "  Why is the sky blue?\nExplain.",
    models: ["openai:a", { id: "azure:c", params: { temperature: 0.2 } }, "bedrock:d"],
    params: { topP: 0.9 },
  };
  return run(
    s,
    { type: "start-sent" },
    { type: "started", comparison: startedComparison("cmp_1234567890", input, blind, s.panes, catalog, 1000), team: null },
  );
}

describe("the draft", () => {
  it("starts with 2-3 available models from different providers", () => {
    expect(defaultModelIds(models)).toEqual(["openai:a", "azure:c", "bedrock:d"]);
    expect(defaultModelIds([model("openai:a"), model("openai:b"), model("azure:c", false)])).toEqual(["openai:a", "openai:b"]);
    const s = fresh();
    expect(s.panes.map((p) => p.key)).toEqual(["initial-0", "initial-1", "initial-2"]);
    expect(s.comparison).toBeNull();
  });

  it("a stored team comparison's new draft is for the same team only when the viewer may write there", () => {
    const team = { id: "team_1234567", name: "Red" };
    expect(initPlayground({ models, initial: null, team, teams: [team] }).teamId).toBe(team.id);
    expect(initPlayground({ models, initial: null, team, teams: [] }).teamId).toBe("");
  });

  it("editing a field clears its message and the form's, and nothing else", () => {
    const s = run(fresh(), { type: "start-invalid", errors: { prompt: "Enter a prompt.", system: "Too long.", form: "Oops" } });
    const t = run(s, { type: "edit-prompt", value: "Hi" });
    expect(t.prompt).toBe("Hi");
    expect(t.errors).toEqual({ system: "Too long." });
    const clean = fresh();
    expect(run(clean, { type: "edit-prompt", value: "x" }).errors).toBe(clean.errors); // nothing to clear: same object
    expect(run(t, { type: "edit-shared-param", key: "temperature", text: "0.5", bad: false }).shared.temperature).toEqual({
      text: "0.5",
      bad: false,
    });
  });

  it("the picker adds panes (at most 8, new keys) and changes a pane's model", () => {
    let s = run(
      fresh(),
      { type: "start-invalid", errors: { models: "Choose at least 2 models." } },
      { type: "open-picker", picker: { mode: "add" } },
      { type: "choose-model", modelId: "openai:b" },
    );
    expect(s.panes.map((p) => p.modelId)).toEqual(["openai:a", "azure:c", "bedrock:d", "openai:b"]);
    expect(s.panes[3]!.key).toBe("pane-1");
    expect(s.picker).toBeNull();
    expect(s.errors).toEqual({});
    for (let i = 0; i < 10; i++)
      s = run(s, { type: "open-picker", picker: { mode: "add" } }, { type: "choose-model", modelId: "openai:a" });
    expect(s.panes).toHaveLength(MAX_MODELS);
    s = run(s, { type: "open-picker", picker: { mode: "change", pane: 1 } }, { type: "choose-model", modelId: "bedrock:d" });
    expect(s.panes[1]!.modelId).toBe("bedrock:d");
    expect(run(s, { type: "choose-model", modelId: "openai:a" })).toBe(s); // no picker open
  });

  it("removing a pane drops the pane-indexed messages and the wide pane", () => {
    const s = run(
      fresh(),
      { type: "toggle-expand", pane: 1 },
      { type: "start-invalid", errors: { "models.1": "Unknown model.", models: "x", prompt: "Enter a prompt." } },
      { type: "remove-pane", pane: 0 },
    );
    expect(s.panes.map((p) => p.modelId)).toEqual(["azure:c", "bedrock:d"]);
    expect(s.errors).toEqual({ prompt: "Enter a prompt." });
    expect(s.expanded).toBeNull();
  });

  it("a pane's parameters open by themselves on an error in them, and toggle from 'open when set'", () => {
    const s = run(fresh(), { type: "start-invalid", errors: { "models.1.params.temperature": "Temperature must be between 0 and 2." } });
    expect(s.paramsOpen).toEqual({ "initial-1": true });
    expect(run(s, { type: "toggle-params", key: "initial-0" }).paramsOpen["initial-0"]).toBe(true);
    const set = run(
      fresh(),
      { type: "edit-pane-param", pane: 0, key: "topP", text: "0.5", bad: false },
      { type: "toggle-params", key: "initial-0" },
    );
    expect(set.paramsOpen["initial-0"]).toBe(false);
  });

  it("a server error lands beside a known field, else on the form", () => {
    const s = run(fresh(), { type: "start-sent" });
    expect(s.busy).toBe(true);
    const known = run(s, { type: "start-failed", field: "models.2.params.maxOutputTokens", message: "Too many." });
    expect(known).toMatchObject({
      busy: false,
      errors: { "models.2.params.maxOutputTokens": "Too many." },
      paramsOpen: { "initial-2": true },
    });
    expect(run(s, { type: "start-failed", field: "blind", message: "No." }).errors).toEqual({ form: "No." });
    expect(run(s, { type: "start-failed", field: null, message: "Could not reach the server." }).errors).toEqual({
      form: "Could not reach the server.",
    });
  });
});

describe("a started comparison", () => {
  it("has the title and parameters the server stores, every answer pending", () => {
    const s = started();
    const c = s.comparison!;
    expect(c.title).toBe("Why is the sky blue?");
    expect(c.panes.map((p) => [p.model.label, p.params])).toEqual([
      ["a", { topP: 0.9 }],
      ["c", { topP: 0.9, temperature: 0.2 }],
      ["d", { topP: 0.9 }],
    ]);
    expect(c.turns[0]!.answers.map((a) => [a.status, a.startedAt])).toEqual([
      ["pending", 1000],
      ["pending", 1000],
      ["pending", 1000],
    ]);
    expect(s).toMatchObject({ busy: false, locked: false, votes: [], announcement: "Comparison started with 3 models." });
    expect(s.feedback).toHaveLength(3);
    expect(isAnswering(s)).toBe(true);
  });

  it("blind: sealed names and the shared parameters only", () => {
    const c = started(true).comparison!;
    expect(c.panes.map((p) => [p.model.label, p.params])).toEqual([
      ["Model A", { topP: 0.9 }],
      ["Model B", { topP: 0.9 }],
      ["Model C", { topP: 0.9 }],
    ]);
    expect(c.revealed).toBe(false);
  });

  it("stream events go to the comparison", () => {
    const s = run(started(), { type: "events", now: 2000, events: [{ type: "text-delta", turn: 0, pane: 1, delta: "Rayleigh" }] });
    expect(s.comparison!.turns[0]!.answers[1]).toMatchObject({ status: "streaming", text: "Rayleigh" });
  });

  it("a follow-up: a failure keeps the text, a success adds the turn and clears the box", () => {
    let s = run(
      started(),
      { type: "edit-follow-up", value: "And at sunset?" },
      { type: "follow-up-sent" },
      { type: "follow-up-failed", message: "Wait." },
    );
    expect(s).toMatchObject({ busy: false, followUp: "And at sunset?", followError: "Wait." });
    s = run(s, { type: "edit-follow-up", value: "And at sunset?" });
    expect(s.followError).toBeNull();
    s = run(s, { type: "follow-up-sent" }, { type: "follow-up-added", turn: 1, prompt: "And at sunset?" });
    expect(s).toMatchObject({ busy: false, followUp: "", followError: null, announcement: "Follow-up sent to every pane." });
    expect(s.comparison!.turns.map((t) => t.prompt)).toEqual(["  Why is the sky blue?\nExplain.", "And at sunset?"]);
  });

  it("stop and retry failures show a notice; a retry that starts clears it", () => {
    let s = run(started(), { type: "stop-failed", message: "Could not stop." });
    expect(s.notice).toBe("Could not stop.");
    s = run(s, { type: "retry-sent" }, { type: "retry-started", pane: 2 });
    expect(s).toMatchObject({ busy: false, notice: null });
    expect(s.comparison!.turns[0]!.answers[2]!.status).toBe("pending");
  });

  it("feedback per pane; a vote saved on a blind comparison announces the reveal", () => {
    let s = run(started(true), { type: "edit-feedback", pane: 1, feedback: { thumb: "up", reasons: ["clear"], comment: "" } });
    expect(s.feedback.map((f) => f.thumb)).toEqual([null, "up", null]);
    s = run(s, { type: "vote-sent" });
    expect(s.voteBusy).toBe(true);
    const revealed: ComparisonState = {
      ...s.comparison!,
      revealed: true,
      panes: s.comparison!.panes.map((p, i) => ({ ...p, model: { ...models[i]!, location: null } })),
    };
    s = run(s, { type: "vote-saved", vote: { turn: 0, input: { outcome: "a" }, feedback: [] }, comparison: revealed, wasSealed: true });
    expect(s.voteBusy).toBe(false);
    expect(s.votes).toHaveLength(1);
    expect(s.announcement).toBe("Vote saved. Revealed: A is a on OPENAI; B is b on OPENAI; C is c on AZURE.");
  });

  it("'New comparison' starts a draft from it: its available models, own parameters, prompt and blind", () => {
    const from = started(true).comparison!;
    const withOwn: ComparisonState = {
      ...from,
      system: "Be brief.",
      panes: [
        { index: 0, model: { ...from.panes[0]!.model, id: "azure:c" }, params: { topP: 0.9, temperature: 1 } },
        { index: 1, model: { ...from.panes[1]!.model, id: "compatible:e" }, params: { topP: 0.9 } },
        { index: 2, model: { ...from.panes[2]!.model, id: "openai:a" }, params: { topP: 0.9 } },
      ],
    };
    const s = run(started(true), { type: "stop-failed", message: "x" }, { type: "reset", from: withOwn, models });
    expect(s.comparison).toBeNull();
    expect(s).toMatchObject({
      blind: true,
      system: "Be brief.",
      prompt: "  Why is the sky blue?\nExplain.",
      notice: null,
      votes: [],
      feedback: [],
    });
    expect(s.panes.map((p) => [p.key, p.modelId, p.params.temperature.text, p.params.topP.text])).toEqual([
      ["pane-1", "azure:c", "1", ""],
      ["pane-2", "openai:a", "", ""],
    ]);
    expect(s.shared).toEqual({ ...emptyParams(), topP: { text: "0.9", bad: false } });
    const empty = run(s, { type: "reset", from: null, models });
    expect(empty.panes.map((p) => p.key)).toEqual(["pane-3", "pane-4", "pane-5"]);
    expect(empty).toMatchObject({ prompt: "", system: "", blind: true });
  });
});
