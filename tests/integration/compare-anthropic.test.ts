// Claude across clouds in the compare engine: the Anthropic API (@ai-sdk/anthropic) and Claude 4.5
// on Bedrock's cross-region profiles, against the emulator, with Anthropic's failures isolated to
// its own pane.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { callModel } from "@/lib/calls/call-model";
import { parseEnv } from "@/lib/env";
import { getComparisonById } from "@/lib/compare/queries";
import { addTurn, startComparison } from "@/lib/compare/service";
import type { CreateComparisonInput } from "@/lib/compare/schema";
import { findModel, getCatalog } from "@/lib/providers";
import { accessTo } from "../helpers/access";
import { collect, OWNER, startHarness, textOf, type Harness } from "../helpers/compare-harness";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
});
afterAll(async () => h?.close());
beforeEach(() => h.emulator.reset());

async function run(input: CreateComparisonInput) {
  const c = collect();
  const { id } = startComparison(input, OWNER, { db: h.db, env: h.env, observe: c.observe });
  const events = await c.done;
  const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
  return { events, view: view! };
}

const SONNET = "anthropic:claude-sonnet-4-5";
const PANES = [SONNET, "openai:gpt-4o-mini", "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0"];

describe(`Claude on Anthropic and Bedrock (${inject("databaseKind")})`, () => {
  it("Claude Sonnet 4.5 on Anthropic and on Bedrock's us. and global. profiles: one logical model, each priced as its cloud sells it", async () => {
    const models = [
      SONNET,
      "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ];
    for (const id of models) expect(findModel(id, h.env)?.logicalModel).toBe("claude-sonnet-4.5");
    const text = "Claude answers the same everywhere.";
    h.emulator.setScript("claude-sonnet-4-5", { text, inputTokens: 1000 });
    h.emulator.setScript("us.anthropic.claude-sonnet-4-5-20250929-v1:0", { text, inputTokens: 1000 });
    h.emulator.setScript("global.anthropic.claude-sonnet-4-5-20250929-v1:0", { text, inputTokens: 1000 });
    const { view } = await run({ prompt: "Say it.", models });
    const answers = view.turns[0]!.answers;
    expect(answers.map((a) => a.status)).toEqual(["done", "done", "done"]);
    expect(answers.map((a) => a.text)).toEqual([text, text, text]);
    const out = answers[0]!.metrics.outputTokens!;
    expect(answers.map((a) => a.metrics.outputTokens)).toEqual([out, out, out]);
    // genai-prices: Anthropic $3 / $15, Bedrock geographic profile $3.30 / $16.50, global $3 / $15 per 1M tokens
    const cost = (input: number, output: number) => Math.round(((1000 * input + out * output) / 1e6) * 1e12) / 1e12;
    expect(answers.map((a) => a.metrics.costUsd)).toEqual([cost(3, 15), cost(3.3, 16.5), cost(3, 15)]);
    expect(answers[0]!.requestId).toMatch(/^req_011C/);
    expect(answers[0]!.responseId).toMatch(/^msg_01/);
  });

  it("Anthropic rate limited until retries run out fails alone, in plain words, while the others finish", async () => {
    h.emulator.setScript(`anthropic:claude-sonnet-4-5`, { fault: { kind: "http", status: 429, retryAfterSeconds: 0 } });
    const { view, events } = await run({ prompt: "Explain TCP slow start.", models: PANES });
    const error = events.find((e) => e.type === "pane-error");
    expect(error).toMatchObject({ pane: 0, error: { code: "rate_limited", message: "Rate limited by Anthropic (429) after 3 attempts." } });
    expect(h.emulator.requests.filter((r) => r.provider === "anthropic")).toHaveLength(3);
    const answers = view.turns[0]!.answers;
    expect(answers.map((a) => a.status)).toEqual(["error", "done", "done"]);
    expect(answers[0]!.error).toMatchObject({ code: "rate_limited", statusCode: 429 });
    expect(answers[0]!.metrics.attempts).toBe(3);
    expect(answers[0]!.requestId).toMatch(/^req_011C/);
    expect(answers[1]!.text.length).toBeGreaterThan(0);
    expect(answers[2]!.text.length).toBeGreaterThan(0);
  });

  it("an Anthropic error mid-stream keeps the partial text in its pane only, with a clear message", async () => {
    h.emulator.setScript(`anthropic:claude-sonnet-4-5`, { fault: { kind: "stream-error-after-text", afterTokens: 5 } });
    const { view, events } = await run({ prompt: "Explain TCP slow start.", models: PANES });
    const [anthropic, openai, bedrock] = view.turns[0]!.answers;
    expect(anthropic!.status).toBe("error");
    expect(anthropic!.text).toBe(textOf(events, 0));
    expect(anthropic!.text.length).toBeGreaterThan(0);
    expect(anthropic!.error).toMatchObject({
      code: "overloaded",
      message: "Anthropic became overloaded mid-answer (overloaded_error): Overloaded",
    });
    expect(anthropic!.metrics.finishReason).toBe("error");
    expect(openai!.status).toBe("done");
    expect(bedrock!.status).toBe("done");
    // not retried: the answer had started
    expect(h.emulator.requests.filter((r) => r.provider === "anthropic")).toHaveLength(1);
  });

  it("529 overloaded (HTTP) until retries run out says so; a different mid-stream error type is named", async () => {
    h.emulator.setScript(`anthropic:claude-sonnet-4-5`, { fault: { kind: "http", status: 503, retryAfterSeconds: 0 } });
    h.emulator.setScript(`anthropic:claude-haiku-4-5`, { fault: { kind: "stream-error-after-text", afterTokens: 2, code: "api_error" } });
    const { view } = await run({ prompt: "Hi", models: [SONNET, "anthropic:claude-haiku-4-5", "openai:gpt-4o-mini"] });
    const [sonnet, haiku, openai] = view.turns[0]!.answers;
    expect(sonnet!.error).toMatchObject({
      code: "overloaded",
      statusCode: 529,
      message:
        "Anthropic is overloaded (529) after 3 attempts: its API is temporarily overloaded (not your rate limit); try again shortly.",
    });
    expect(haiku!.error).toMatchObject({
      code: "stream_error",
      message: "Anthropic reported an error mid-stream (api_error): Internal server error",
    });
    expect(haiku!.text.length).toBeGreaterThan(0);
    expect(openai!.status).toBe("done");
  });

  it("reasoning effort becomes a thinking budget on Anthropic and on Bedrock; temperature is recorded as not sent", async () => {
    const thinking = "Think first, then answer.";
    h.emulator.setScript("claude-sonnet-4-5", { reasoning: thinking, text: "Answer." });
    h.emulator.setScript("us.anthropic.claude-sonnet-4-5-20250929-v1:0", { reasoning: thinking, text: "Answer." });
    const { view } = await run({
      prompt: "Think about it.",
      models: [SONNET, "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0"],
      params: { reasoningEffort: "medium", temperature: 0.4, seed: 3 },
    });
    const [anthropic, bedrock] = view.turns[0]!.answers;
    expect(anthropic!.status).toBe("done");
    expect(anthropic!.reasoning).toBe(thinking);
    expect(anthropic!.text).toBe("Answer.");
    expect(anthropic!.metrics.paramsNotSent).toEqual(["temperature", "seed"]);
    expect(bedrock!.metrics.paramsNotSent).toEqual(["temperature", "seed"]);
    const body = (provider: string) => h.emulator.requests.find((r) => r.provider === provider)!.body as Record<string, unknown>;
    expect(body("anthropic").thinking).toEqual({ type: "enabled", budget_tokens: 4096 });
    expect(body("anthropic")).not.toHaveProperty("temperature");
    expect(body("bedrock").additionalModelRequestFields).toEqual({ thinking: { type: "enabled", budget_tokens: 4096 } });
    expect(body("bedrock").inferenceConfig).not.toHaveProperty("temperature");
  });

  it("temperature and top-p together: Anthropic sends temperature only and says why; stop sequences are sent", async () => {
    h.emulator.setScript("claude-haiku-4-5", { text: "alpha beta END gamma" });
    const { view } = await run({
      prompt: "Go.",
      models: ["anthropic:claude-haiku-4-5"],
      params: { temperature: 0.2, topP: 0.9, stopSequences: ["END"], maxOutputTokens: 500 },
    });
    const body = h.emulator.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ temperature: 0.2, stop_sequences: ["END"], max_tokens: 500 });
    expect(body).not.toHaveProperty("top_p");
    const answer = view.turns[0]!.answers[0]!;
    expect(answer.text).toBe("alpha beta ");
    expect(answer.metrics.paramsNotSent).toEqual(["topP"]);
    expect(answer.metrics.finishReason).toBe("stop");
  });

  it("a gateway alias in ANTHROPIC_MODELS gets its model's max_tokens, not the SDK's 4096 for ids it does not know", async () => {
    const env = parseEnv({ ...emulatorEnv(h.emulator.url), ANTHROPIC_MODELS: "house-claude=claude-haiku-4.5" });
    const model = getCatalog(env).find((m) => m.id === "anthropic:house-claude")!;
    expect(model).toMatchObject({ label: "Claude Haiku 4.5 (house-claude)", logicalModel: "claude-haiku-4.5" });
    const r = await callModel({ model, env, system: null, messages: [{ role: "user", content: "Hi" }], params: {} });
    expect(r.status, r.failure?.message).toBe("done");
    expect(h.emulator.requests[0]!.body).toMatchObject({ model: "house-claude", max_tokens: 64_000 });
    expect(r.paramsNotSent ?? []).toEqual([]);
  });

  it("a follow-up to a thinking Claude pane sends the thread as user/assistant text and thinks again", async () => {
    h.emulator.setScript("claude-sonnet-4-5", { reasoning: "Plan.", text: "First answer." });
    const c = collect();
    const { id } = startComparison({ prompt: "Q1", models: [SONNET], params: { reasoningEffort: "low" } }, OWNER, {
      db: h.db,
      env: h.env,
      observe: c.observe,
    });
    await c.done;
    h.emulator.setScript("claude-sonnet-4-5", { reasoning: "Plan again.", text: "Second answer." });
    const follow = collect();
    await addTurn(await accessTo(id, { db: h.db }), "Q2", { db: h.db, env: h.env, observe: follow.observe });
    await follow.done;
    const second = h.emulator.requests.at(-1)!.body as { messages: { role: string; content: unknown }[]; thinking: unknown };
    expect(second.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(second.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(JSON.stringify(second.messages[1]!.content)).toContain("First answer.");
    const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
    expect(view!.turns.map((t) => [t.answers[0]!.status, t.answers[0]!.text, t.answers[0]!.reasoning])).toEqual([
      ["done", "First answer.", "Plan."],
      ["done", "Second answer.", "Plan again."],
    ]);
  });
});
