// Parameters and per-pane overrides on the wire: the real AI SDK packages against the emulator,
// asserting on the request bodies the emulator recorded and on what the answer keeps as not sent.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { callModel } from "@/lib/calls/call-model";
import { getComparisonById } from "@/lib/compare/queries";
import { addTurn, retryPane, startComparison } from "@/lib/compare/service";
import type { CreateComparisonInput } from "@/lib/compare/schema";
import { findModel } from "@/lib/providers";
import { rerunInput } from "@/lib/shares/rerun";
import { accessTo } from "../helpers/access";
import { collect, OWNER, startHarness, type Harness } from "../helpers/compare-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
});
afterAll(async () => h?.close());
beforeEach(() => h.emulator.reset());

type Body = Record<string, unknown> & {
  input?: { role: string; content: unknown }[];
  messages?: { role: string; content: unknown }[];
  system?: { text: string }[];
  inferenceConfig?: Record<string, unknown>;
  additionalModelRequestFields?: Record<string, unknown>;
};

/** The body of the (only) request the emulator got for `model`. */
function bodyFor(model: string): Body {
  const found = h.emulator.requests.filter((r) => r.model === model);
  expect(found, `requests for ${model}`).toHaveLength(1);
  return found[0]!.body as Body;
}

/** The system prompt as each wire protocol carries it (null: none). */
function systemOf(body: Body): string | null {
  if (body.system) return body.system.map((s) => s.text).join("") || null;
  const list = body.input ?? body.messages ?? [];
  const sys = list.find((m) => m.role === "system" || m.role === "developer");
  return sys ? String(sys.content) : null;
}

async function run(input: CreateComparisonInput) {
  const c = collect();
  const { id } = startComparison(input, OWNER, { db: h.db, env: h.env, observe: c.observe });
  const events = await c.done;
  const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
  return { id, events, view: view! };
}

describe(`parameters on the wire (${inject("databaseKind")})`, () => {
  it("sends seed, stop sequences and reasoning effort where the API takes them and records the rest as not sent", async () => {
    const { view, events } = await run({
      prompt: "Count to three.",
      models: ["openai:gpt-5-mini", "bedrock:openai.gpt-oss-120b-1:0", "local:gpt-oss:20b", "openai:gpt-4o-mini"],
      params: { temperature: 0.3, seed: 7, stopSequences: ["END", "\n\n"], reasoningEffort: "low" },
    });

    // OpenAI Responses API, reasoning model: effort sent; no seed/stop in that API; no temperature for reasoning models
    const gpt5 = bodyFor("gpt-5-mini");
    expect(gpt5.reasoning).toEqual({ effort: "low" });
    expect(gpt5).not.toHaveProperty("seed");
    expect(gpt5).not.toHaveProperty("stop");
    expect(gpt5).not.toHaveProperty("temperature");

    // Bedrock Converse, gpt-oss: stop sequences and effort sent, no seed anywhere in the body
    const oss = bodyFor("openai.gpt-oss-120b-1:0");
    expect(oss.inferenceConfig).toEqual({ temperature: 0.3, stopSequences: ["END", "\n\n"] });
    expect(oss.additionalModelRequestFields).toEqual({ reasoning_effort: "low" });
    expect(JSON.stringify(oss)).not.toContain("seed");

    // OpenAI-compatible Chat Completions: everything sent
    const local = bodyFor("gpt-oss:20b");
    expect(local).toMatchObject({ temperature: 0.3, seed: 7, stop: ["END", "\n\n"], reasoning_effort: "low" });

    // a non-reasoning OpenAI model: temperature only
    const mini = bodyFor("gpt-4o-mini");
    expect(mini.temperature).toBe(0.3);
    expect(mini).not.toHaveProperty("reasoning");
    expect(mini).not.toHaveProperty("seed");

    const notSent = view.turns[0]!.answers.map((a) => a.metrics.paramsNotSent);
    expect(notSent).toEqual([["temperature", "stopSequences", "seed"], ["seed"], [], ["reasoningEffort", "stopSequences", "seed"]]);
    expect(view.turns[0]!.answers.map((a) => a.status)).toEqual(["done", "done", "done", "done"]);
    // the live events carry it too
    const finish = events.find((e) => e.type === "pane-finish" && e.pane === 1);
    expect(finish).toMatchObject({ metrics: { paramsNotSent: ["seed"] } });
    // stored on the row
    const rows = await h.db.answer.findMany({ where: { turn: { comparisonId: view.id } }, include: { pane: true } });
    expect(rows.find((r) => r.pane.index === 1)!.paramsNotSent).toEqual(["seed"]);
  });

  it("per-pane system prompt and parameters reach the wire, are stored, and hold for follow-ups and retries", async () => {
    const { id, view } = await run({
      prompt: "Say hello.",
      system: "Be brief.",
      params: { temperature: 0.5, maxOutputTokens: 300 },
      models: [
        { id: "openai:gpt-4o-mini", system: "You are a pirate.", params: { temperature: 0.1, seed: 42 } },
        { id: "bedrock:amazon.nova-pro-v1:0", system: "", params: { stopSequences: ["STOP"] } },
        "azure:prod-mini",
      ],
    });

    const openai = bodyFor("gpt-4o-mini");
    expect(systemOf(openai)).toBe("You are a pirate.");
    expect(openai).toMatchObject({ temperature: 0.1, max_output_tokens: 300 });
    const nova = bodyFor("amazon.nova-pro-v1:0");
    expect(systemOf(nova)).toBeNull();
    expect(nova.inferenceConfig).toEqual({ maxTokens: 300, temperature: 0.5, stopSequences: ["STOP"] });
    const azure = bodyFor("prod-mini");
    expect(systemOf(azure)).toBe("Be brief.");
    expect(azure).toMatchObject({ temperature: 0.5, max_output_tokens: 300 });

    expect(view.system).toBe("Be brief.");
    expect(view.params).toEqual({ temperature: 0.5, maxOutputTokens: 300 });
    expect(view.panes.map((p) => p.system)).toEqual(["You are a pirate.", null, "Be brief."]);
    expect(view.panes.map((p) => p.params)).toEqual([
      { temperature: 0.1, maxOutputTokens: 300, seed: 42 },
      { temperature: 0.5, maxOutputTokens: 300, stopSequences: ["STOP"] },
      { temperature: 0.5, maxOutputTokens: 300 },
    ]);
    expect(view.turns[0]!.answers[0]!.metrics.paramsNotSent).toEqual(["seed"]);
    // a re-run keeps each pane's own settings
    expect(rerunInput(view, h.env).models).toEqual([
      { id: "openai:gpt-4o-mini", system: "You are a pirate.", params: { temperature: 0.1, maxOutputTokens: 300, seed: 42 } },
      { id: "bedrock:amazon.nova-pro-v1:0", system: "", params: { temperature: 0.5, maxOutputTokens: 300, stopSequences: ["STOP"] } },
      { id: "azure:prod-mini", params: { temperature: 0.5, maxOutputTokens: 300 } },
    ]);

    // a follow-up: each pane keeps its own system prompt and parameters
    h.emulator.reset();
    const follow = collect();
    await addTurn(await accessTo(id, { db: h.db }), "And goodbye?", { db: h.db, env: h.env, observe: follow.observe });
    await follow.done;
    expect(systemOf(bodyFor("gpt-4o-mini"))).toBe("You are a pirate.");
    expect(bodyFor("gpt-4o-mini").temperature).toBe(0.1);
    expect(systemOf(bodyFor("amazon.nova-pro-v1:0"))).toBeNull();
    expect(bodyFor("amazon.nova-pro-v1:0").inferenceConfig).toMatchObject({ stopSequences: ["STOP"] });
    expect(systemOf(bodyFor("prod-mini"))).toBe("Be brief.");

    // a retry of one pane: the same
    h.emulator.reset();
    const { run: retried } = await retryPane(await accessTo(id, { db: h.db }), 0, { db: h.db, env: h.env });
    await retried.panes.get(0)!.finished;
    expect(systemOf(bodyFor("gpt-4o-mini"))).toBe("You are a pirate.");
    const after = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    expect(after!.turns[1]!.answers[0]!.metrics.paramsNotSent).toEqual(["seed"]);
  });

  it("a blind comparison does not show per-model overrides (nor what was not sent) before the vote", async () => {
    const { view } = await run({
      prompt: "Hi.",
      blind: true,
      system: "Shared.",
      params: { seed: 1 },
      models: [{ id: "openai:gpt-4o-mini", system: "Own.", params: { temperature: 0.2 } }, "bedrock:amazon.nova-pro-v1:0"],
    });
    expect(view.revealed).toBe(false);
    expect(view.panes.map((p) => p.params)).toEqual([{ seed: 1 }, { seed: 1 }]);
    expect(view.panes.map((p) => p.system)).toEqual(["Shared.", "Shared."]);
    expect(view.turns[0]!.answers.map((a) => a.metrics.paramsNotSent)).toEqual([[], []]);
    // yet each model got its own
    expect(systemOf(bodyFor("gpt-4o-mini"))).toBe("Own.");
    expect(systemOf(bodyFor("amazon.nova-pro-v1:0"))).toBe("Shared.");
  });

  it("a parameter the AI SDK drops with a warning is recorded as not sent even when the table expected it to go", async () => {
    // a catalog entry whose logical model says "not a reasoning model" while the id sent is one:
    // the table sends temperature, the SDK drops it (reasoning models take none) and warns
    const real = findModel("openai:o4-mini", h.env)!;
    const result = await callModel({
      model: { ...real, logicalModel: "gpt-4o-mini" },
      env: h.env,
      system: null,
      messages: [{ role: "user", content: "Hi." }],
      params: { temperature: 0.2, maxOutputTokens: 200 },
    });
    expect(result.status).toBe("done");
    expect(bodyFor("o4-mini")).not.toHaveProperty("temperature");
    expect(bodyFor("o4-mini").max_output_tokens).toBe(200);
    expect(result.paramsNotSent).toEqual(["temperature"]);
  });
});
