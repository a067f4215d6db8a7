// The built-in probe suite (lib/scorecards/probes) end to end: every item is sent through the
// model-call core (callModel, the real AI SDK provider packages) to the emulator, which solves the
// probes from the prompt text (tests/emulator/probes.ts), and the checkers judge the answers. An
// un-quirked deployment passes everything on four protocols; each quirk profile
// (tests/emulator/quirks.ts) makes its detector fail at about the configured rate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callModel } from "@/lib/calls/call-model";
import { parseEnv, type Env } from "@/lib/env";
import { clearProviderCache, findModel } from "@/lib/providers";
import type { CatalogModel } from "@/lib/providers/types";
import { builtinSuite, checkItemSamples, isGroupJudged, itemsForModel, pairOf, probeAnswerOf } from "@/lib/scorecards/probes";
import type { CheckResult, ProbeAnswer, ProbeItem } from "@/lib/scorecards/types";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import type { QuirkProfile } from "../emulator/quirks";
import { startEmulator, type Emulator } from "../emulator/server";

let emulator: Emulator;
let env: Env;

const FAST = { ttftMs: 0, tokensPerSecond: 0 };
const OPENAI = "openai:gpt-5-mini"; // Responses API: no stop sequences, no seed (skipped)
const ANTHROPIC = "anthropic:claude-sonnet-4-5"; // Messages API: no seed (skipped); effort as a thinking budget
const BEDROCK = "bedrock-openai:openai.gpt-oss-120b-1:0"; // Chat Completions: every parameter
const GOOGLE = "google:gemini-2.5-flash"; // Gemini API: effort as a thinking budget

beforeAll(async () => {
  emulator = await startEmulator({
    scripts: {
      "gpt-5-mini": FAST,
      "claude-sonnet-4-5": FAST,
      "openai.gpt-oss-120b-1:0": FAST,
      "gemini-2.5-flash": FAST,
    },
  });
  clearProviderCache();
  env = parseEnv({ ...emulatorEnv(emulator.url), JUXTA_MAX_RETRIES: "0" });
});
afterAll(async () => {
  await emulator?.close();
});

type Judged = { item: ProbeItem; results: CheckResult[]; answers: (ProbeAnswer & { errorCode: string | null; ttftMs: number | null })[] };

async function ask(model: CatalogModel, item: ProbeItem) {
  const params = item.params ?? {};
  const r = await callModel({
    model,
    env,
    system: item.system ?? null,
    messages: [{ role: "user", content: item.prompt }],
    params,
    maxRetries: 0,
    ...(item.tools ? { tools: item.tools } : {}),
    ...(item.responseSchema ? { responseSchema: item.responseSchema } : {}),
  });
  return { ...probeAnswerOf(r, params), errorCode: r.failure?.code ?? null, ttftMs: r.timing.ttftMs };
}

/** Runs the items a model gets (K samples of group-judged items, 1 of the others), 8 at a time, and judges them. */
async function runSuite(modelId: string, filter: (item: ProbeItem) => boolean = () => true, k = 2) {
  const model = findModel(modelId, env)!;
  expect(model, modelId).toBeTruthy();
  const selection = itemsForModel(builtinSuite(), model.contextWindow ?? null, model.capabilities ?? null, model);
  const items = selection.items.filter(filter);
  const jobs = items.flatMap((item) => Array.from({ length: isGroupJudged(item) ? k : 1 }, (_, s) => ({ item, s })));
  const answers = new Map<string, Judged["answers"]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < jobs.length) {
        const { item, s } = jobs[next++]!;
        const a = await ask(model, item);
        const list = answers.get(item.key) ?? [];
        list[s] = a;
        answers.set(item.key, list);
      }
    }),
  );
  const byPair = new Map<string, Judged["answers"]>();
  const judged: Judged[] = items.map((item) => {
    const mine = answers.get(item.key)!;
    const pair = pairOf(item);
    const partner = pair ? items.find((o) => o !== item && pairOf(o) === pair) : undefined;
    if (pair) byPair.set(item.key, mine);
    const results = checkItemSamples(item, mine, partner ? answers.get(partner.key) : undefined);
    return { item, results, answers: mine };
  });
  return { judged, skipped: selection.skipped };
}

const failures = (judged: Judged[]) =>
  judged.flatMap((j) => j.results.map((r, i) => ({ key: j.item.key, r, a: j.answers[i]! })).filter((x) => !x.r.pass));
const describeFailures = (list: ReturnType<typeof failures>) =>
  list.map((f) => `${f.key}: ${f.r.detail} [${f.a.status} ${f.a.errorCode ?? ""} ${f.a.text.slice(0, 80)}]`).join("\n");

describe("the un-quirked emulator solves the built-in suite", () => {
  it.each([
    [OPENAI, ["parameters/stop-001", "parameters/seed-001", "parameters/temperature-zero-001"]],
    [ANTHROPIC, ["parameters/seed-001"]],
    [BEDROCK, []],
    [GOOGLE, []],
  ])("%s passes every item it gets", { timeout: 60_000 }, async (modelId, skippedForParams) => {
    const { judged, skipped } = await runSuite(modelId);
    const fails = failures(judged);
    expect(fails, describeFailures(fails)).toEqual([]);
    // every family is measured; what is skipped is skipped for a stated reason
    expect(new Set(judged.map((j) => j.item.family))).toEqual(
      new Set(["reasoning", "instructions", "structured", "tools", "long-context", "parameters"]),
    );
    for (const key of skippedForParams) expect(skipped.find((s) => s.key === key)?.reason, key).toBe("param-not-sent");
    expect(judged.length + skipped.length).toBe(150);
    // the needle items really were long (the 100k ones reach the model whole)
    expect(judged.filter((j) => j.item.key.startsWith("long-context/needle-100k"))).toHaveLength(3);
  });
});

describe("quirk profiles make their detectors fail at the configured rate", () => {
  const quirky = async (modelId: string, quirk: QuirkProfile, filter: (item: ProbeItem) => boolean, k = 2) => {
    const key = findModel(modelId, env)!.providerModelId;
    emulator.setQuirk(key, quirk);
    try {
      return (await runSuite(modelId, filter, k)).judged;
    } finally {
      emulator.setQuirk(key, null);
    }
  };

  it("answers wrong at a given rate (accuracy), the same way for the same seed", { timeout: 30_000 }, async () => {
    const notLong = (i: ProbeItem) => i.family === "reasoning" || i.family === "instructions" || i.family === "structured";
    const first = await quirky(BEDROCK, { seed: 7, wrongRate: 0.3 }, notLong);
    const rate = failures(first).length / first.length;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.4);
    const again = await quirky(BEDROCK, { seed: 7, wrongRate: 0.3 }, notLong);
    expect(failures(again).map((f) => f.key)).toEqual(failures(first).map((f) => f.key));
    const other = await quirky(BEDROCK, { seed: 8, wrongRate: 0.3 }, notLong);
    expect(failures(other).map((f) => f.key)).not.toEqual(failures(first).map((f) => f.key));
  });

  it("ignores reasoning effort: every effort pair fails", { timeout: 30_000 }, async () => {
    for (const modelId of [OPENAI, ANTHROPIC]) {
      const judged = await quirky(modelId, { ignoreReasoningEffort: true }, (i) => pairOf(i) !== null);
      expect(judged).toHaveLength(4);
      expect(failures(judged)).toHaveLength(judged.length * 2);
    }
  });

  it("cuts the context above N tokens: exactly the needles beyond the last N tokens are lost", { timeout: 30_000 }, async () => {
    const limit = 20_000;
    const judged = await quirky(BEDROCK, { contextLimitTokens: limit }, (i) => i.family === "long-context");
    expect(judged).toHaveLength(18);
    for (const j of judged) {
      const depth = j.item.meta!.depth as number;
      const lost = j.item.contextTokens! * (1 - depth) > limit;
      expect(j.results[0]!.pass, `${j.item.key} depth ${depth}`).toBe(!lost);
    }
    // 8k items all pass, the 100k ones at depth 0.1 and 0.5 fail
    expect(failures(judged).length).toBeGreaterThanOrEqual(4);
  });

  it("breaks tool-call JSON at a given rate (invalid_json)", { timeout: 30_000 }, async () => {
    const judged = await quirky(ANTHROPIC, { seed: 3, brokenToolJsonRate: 0.4 }, (i) => i.family === "tools");
    expect(judged).toHaveLength(30);
    const classes = failures(judged).map((f) => f.r.errorClass);
    expect(new Set(classes)).toEqual(new Set(["invalid_json"]));
    expect(classes.length / 30).toBeGreaterThan(0.2);
    expect(classes.length / 30).toBeLessThan(0.6);
  });

  it("ignores stop sequences: every stop probe fails", { timeout: 30_000 }, async () => {
    for (const modelId of [ANTHROPIC, BEDROCK]) {
      const judged = await quirky(modelId, { ignoreStopSequences: true }, (i) => i.key.startsWith("parameters/stop-"));
      expect(judged).toHaveLength(3);
      expect(failures(judged).map((f) => f.r.detail)).toEqual(Array(3).fill(expect.stringMatching(/stop sequence/)));
    }
  });

  it("can be set over the control API (POST /__emulator/quirks), validated", async () => {
    const post = (body: unknown) => fetch(`${emulator.url}/__emulator/quirks`, { method: "POST", body: JSON.stringify(body) });
    const bad = await post({ key: "openai.gpt-oss-120b-1:0", quirk: { wrongRate: 3 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/wrongRate/);
    expect((await post({ key: "openai.gpt-oss-120b-1:0", quirk: { ignoreStopSequences: true } })).status).toBe(200);
    expect(await (await fetch(`${emulator.url}/__emulator/quirks`)).json()).toEqual({
      "openai.gpt-oss-120b-1:0": { ignoreStopSequences: true },
    });
    const model = findModel(BEDROCK, env)!;
    const stop = builtinSuite().items.find((i) => i.key === "parameters/stop-001")!;
    expect(
      checkItemSamples(stop, [
        probeAnswerOf(
          await callModel({
            model,
            env,
            system: null,
            messages: [{ role: "user", content: stop.prompt }],
            params: stop.params!,
            maxRetries: 0,
          }),
          stop.params!,
        ),
      ])[0]!.pass,
    ).toBe(false);
    expect((await post({ key: "openai.gpt-oss-120b-1:0", quirk: null })).status).toBe(200);
    expect(await (await fetch(`${emulator.url}/__emulator/quirks`)).json()).toEqual({});
  });

  it("is not repeatable at temperature 0 or with a seed when nondeterministic", { timeout: 30_000 }, async () => {
    const judged = await quirky(BEDROCK, { nondeterministic: true }, (i) => /temperature-zero|seed/.test(i.key), 3);
    expect(judged).toHaveLength(2);
    expect(failures(judged).length).toBeGreaterThanOrEqual(4);
  });

  it("answers with 429 bursts (rate_limited errors at the configured share) and slower", { timeout: 30_000 }, async () => {
    const reasoning = (i: ProbeItem) => i.family === "reasoning";
    const judged = await quirky(BEDROCK, { rateLimitBursts: { every: 10, burst: 3 }, ttftMs: 40 }, reasoning);
    const answers = judged.flatMap((j) => j.answers);
    expect(answers).toHaveLength(40);
    const limited = answers.filter((a) => a.status === "error");
    expect(limited.map((a) => a.errorCode)).toEqual(Array(12).fill("rate_limited"));
    // an error is not a wrong answer: callers record it as an error; the others are right
    expect(judged.filter((j) => j.answers[0]!.status === "done").every((j) => j.results[0]!.pass)).toBe(true);
    const ttfts = answers.filter((a) => a.status === "done").map((a) => a.ttftMs!);
    expect(Math.min(...ttfts)).toBeGreaterThanOrEqual(35);
  });
});
