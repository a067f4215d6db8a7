import { describe, expect, it } from "vitest";
import {
  buildSessionInput,
  initSessionForm,
  keyOf,
  MAX_CRITERIA,
  placeServerError,
  sessionFormReducer,
  type SessionFormAction,
  type SessionFormState,
} from "@/components/evals/session-form-state";

const run = (s: SessionFormState, ...actions: SessionFormAction[]) => actions.reduce(sessionFormReducer, s);
const errorsOf = (s: SessionFormState) => {
  const built = buildSessionInput(s);
  return built.ok ? {} : built.errors;
};

function filled(): SessionFormState {
  return run(
    run(initSessionForm(), { type: "set-team", teamId: "team_1234567" }),
    { type: "set-name", value: "  Support answers " },
    { type: "toggle-model", id: "openai:gpt-4o-mini" },
    { type: "toggle-model", id: "azure:prod-mini" },
    { type: "set-source", source: "typed" },
    { type: "set-typed", value: "First?\n\n  Second?  \n" },
  );
}

describe("the new-session form", () => {
  it("starts personal (as Compare does), pairwise, K = 3, from a file; K = 1 in local mode", () => {
    expect(initSessionForm()).toMatchObject({
      teamId: "",
      pairwise: true,
      raters: "3",
      source: "file",
      chosen: [],
      busy: false,
    });
    expect(initSessionForm({ local: true })).toMatchObject({ teamId: "", raters: "1" });
  });

  it("every problem at once, each beside its field", () => {
    const s = run(
      initSessionForm(),
      { type: "set-pairwise", on: false },
      { type: "set-raters", value: "2.5" },
      { type: "set-spend-cap", value: "0" },
      { type: "set-param", key: "temperature", text: "", bad: true },
    );
    expect(errorsOf(s)).toEqual({
      name: "Name the session.",
      models: "Choose at least 2 models.",
      "params.temperature": "Temperature must be a number.",
      "design.raters": "K is a whole number from 1 to 20.",
      "design.pairwise": "Choose pairwise votes, criteria, or both.",
      spendCapUsd: "The spend cap is an amount in USD, more than 0.",
      prompts: "Import a CSV or JSONL file with the prompts.",
    });
    expect(errorsOf(run(s, { type: "set-source", source: "typed" })).prompts).toBe("Type at least one prompt.");
  });

  it("the body: trimmed name, typed prompts one per line, criteria keys unique", () => {
    const s = run(
      filled(),
      { type: "add-criterion" },
      { type: "rename-criterion", index: 0, name: "Accuracy" },
      { type: "add-criterion" },
      { type: "rename-criterion", index: 1, name: "accuracy!" },
      { type: "set-criterion-scale", index: 1, scale: "passfail" },
      { type: "set-spend-cap", value: "2.50" },
      { type: "set-param", key: "topP", text: "0.9", bad: false },
    );
    const built = buildSessionInput(s);
    expect(built).toEqual({
      ok: true,
      body: {
        name: "Support answers",
        instructions: s.instructions,
        teamId: "team_1234567",
        models: ["openai:gpt-4o-mini", "azure:prod-mini"],
        params: { topP: 0.9 },
        design: {
          pairwise: true,
          raters: 3,
          criteria: [
            { key: "accuracy", name: "Accuracy", scale: "likert" },
            { key: "accuracy_2", name: "accuracy!", scale: "passfail" },
          ],
        },
        spendCapUsd: 2.5,
        prompts: [
          { prompt: "First?", tags: [], gold: false },
          { prompt: "Second?", tags: [], gold: false },
        ],
      },
    });
  });

  it("criterion keys: snake case from a letter, a fallback, numbered when taken", () => {
    expect(keyOf("Tone & style", [])).toBe("tone_style");
    expect(keyOf("1st impression", [])).toBe("st_impression");
    expect(keyOf("!!!", [])).toBe("criterion");
    expect(keyOf("Tone", ["tone", "tone_2"])).toBe("tone_3");
  });

  it("editing a field clears its message and the form's; a ninth model and an eleventh criterion are refused", () => {
    let s = run(
      filled(),
      { type: "invalid", errors: { name: "Name the session.", models: "x", form: "Oops" } },
      { type: "set-name", value: "A" },
    );
    expect(s.errors).toEqual({ models: "x" });
    for (let i = 0; i < 10; i++) s = run(s, { type: "toggle-model", id: `openai:m${i}` });
    expect(s.chosen).toHaveLength(8);
    expect(run(s, { type: "toggle-model", id: "openai:gpt-4o-mini" }).chosen).toHaveLength(7);
    for (let i = 0; i < 12; i++) s = run(s, { type: "add-criterion" });
    expect(s.criteria).toHaveLength(MAX_CRITERIA);
    expect(run(s, { type: "remove-criterion", index: 0 }).criteria).toHaveLength(MAX_CRITERIA - 1);
  });

  it("a file: reading, ready, or its line problems and message", () => {
    let s = run(initSessionForm(), { type: "invalid", errors: { prompts: "Import a file." } }, { type: "import-reset", reading: true });
    expect(s).toMatchObject({ importing: true, imported: null, errors: {} });
    s = run(s, { type: "import-done", imported: { fileName: "p.csv", prompts: [{ prompt: "Hi", tags: [], gold: false }] } });
    expect(s).toMatchObject({ importing: false, imported: { fileName: "p.csv" } });
    expect(
      buildSessionInput(run(s, { type: "set-name", value: "x" }, { type: "toggle-model", id: "a:b" }, { type: "toggle-model", id: "c:d" }))
        .ok,
    ).toBe(true);
    s = run(
      s,
      { type: "import-reset", reading: true },
      { type: "import-failed", message: "The file has 1 problem.", problems: [{ line: 3, message: '"prompt" is missing.' }] },
    );
    expect(s).toMatchObject({
      importing: false,
      imported: null,
      importErrors: [{ line: 3 }],
      errors: { prompts: "The file has 1 problem." },
    });
  });

  it("a server error goes beside its field, a prompt's names the prompt, anything else on the form", () => {
    expect(placeServerError("design.criteria.1.name", "Too long.")).toEqual({ "design.criteria.1.name": "Too long." });
    expect(placeServerError("models.3", "Unknown model.")).toEqual({ models: "Unknown model." });
    expect(placeServerError("prompts.4.prompt", "A prompt is empty.")).toEqual({ prompts: "A prompt is empty. (prompt 5)" });
    expect(placeServerError(null, "Could not reach the server.")).toEqual({ form: "Could not reach the server." });
    const s = run(filled(), { type: "submit-sent" });
    expect(s.busy).toBe(true);
    expect(run(s, { type: "submit-failed", field: "name", message: "Taken." })).toMatchObject({ busy: false, errors: { name: "Taken." } });
  });
});
