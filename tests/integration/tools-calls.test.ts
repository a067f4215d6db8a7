// Tools, structured output and images through the one model-call core (lib/calls/call-model.ts),
// with the real provider packages against the emulator: tool calls classified as they arrive,
// multi-step runs continuing with mock results, the answer validated against a response schema,
// and the timing kept to the provider's own part.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callModel, type CallInput } from "@/lib/calls/call-model";
import { parseEnv, type Env } from "@/lib/env";
import { clearProviderCache, findModel } from "@/lib/providers";
import type { ToolCallRecord, ToolDef } from "@/lib/compare/tools-schema";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { startEmulator, type Emulator } from "../emulator/server";

let emulator: Emulator;
let env: Env;

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  clearProviderCache();
  env = parseEnv({ ...emulatorEnv(emulator.url), JUXTA_MAX_RETRIES: "0" });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const weather: ToolDef = {
  name: "get_weather",
  description: "Current weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  mock: { result: { tempC: 21, sky: "clear" } },
};

const input = (modelId: string, extra: Partial<CallInput> = {}): CallInput => ({
  model: findModel(modelId, env)!,
  env,
  system: null,
  messages: [{ role: "user", content: "What is the weather in Paris?" }],
  params: {},
  ...extra,
});

const PANES = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0"];

describe("tool calls", () => {
  it.each(PANES)("%s: a valid call runs the mock and the run continues to a text answer", async (id) => {
    emulator.setScript(id, { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }], ttftMs: 5, tokensPerSecond: 0 });
    const seen: ToolCallRecord[] = [];
    const r = await callModel(input(id, { tools: [weather], onToolCall: (c) => seen.push({ ...c }) }));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.steps).toBe(2);
    expect(r.toolCalls).toEqual([
      {
        step: 1,
        id: "s1-0",
        name: "get_weather",
        input: '{"city":"Paris"}',
        args: { city: "Paris" },
        validity: "valid",
        result: { tempC: 21, sky: "clear" },
        resultSource: "mock",
      },
    ]);
    expect(seen.map((c) => c.validity)).toEqual(["valid"]);
    expect(r.text).toMatch(/^Using the tool results: /);
    // the second request carried the mock result back to the model
    const second = JSON.stringify(emulator.requests.at(-1)!.body);
    expect(second).toContain("tempC");
  });

  it.each([
    ["openai:gpt-4o-mini", '{"city": "Par', "invalid-json"],
    ["azure:prod-mini", '{"city": 42}', "schema-mismatch"],
    ["bedrock:amazon.nova-pro-v1:0", '{"city":"Paris"}', "valid"],
  ] as const)("%s: arguments %s are %s", async (id, args, validity) => {
    emulator.setScript(id, { toolCalls: [{ name: "get_weather", arguments: args }], ttftMs: 5, tokensPerSecond: 0 });
    const r = await callModel(input(id, { tools: [weather] }));
    expect(r.status, r.failure?.message).toBe("done");
    const [call] = r.toolCalls;
    expect(call!.input).toBe(args);
    expect(call!.validity).toBe(validity);
    if (validity === "valid") expect(call!.resultSource).toBe("mock");
    else {
      expect(call!.resultSource).toBe("none");
      expect(call!.result).toBeUndefined();
      expect(call!.errors!.length).toBeGreaterThan(0);
    }
    if (validity === "schema-mismatch") expect(call!.errors).toEqual(["/city must be string"]);
    // invalid or not, the model got a result and answered in a second step
    expect(r.steps).toBe(2);
  });

  it("Chat Completions (an OpenAI-compatible server): tool_calls deltas, a broken call next to a good one", async () => {
    emulator.setScript("compatible:gpt-oss:20b", {
      toolCalls: [
        { name: "get_weather", arguments: { city: "Oslo" } },
        { name: "get_weather", arguments: '{"city": ' },
      ],
      ttftMs: 5,
      tokensPerSecond: 0,
    });
    const r = await callModel(input("local:gpt-oss:20b", { tools: [weather] }));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.toolCalls.map((c) => [c.id, c.validity, c.resultSource])).toEqual([
      ["s1-0", "valid", "mock"],
      ["s1-1", "invalid-json", "none"],
    ]);
    expect(r.steps).toBe(2);
    const first = emulator.requests.find((q) => q.model === "gpt-oss:20b")!;
    expect(first.path).toMatch(/\/chat\/completions$/);
    const tools = (first.body as { tools: { type: string; function: { name: string } }[] }).tools;
    expect(tools.map((t) => t.function.name)).toEqual(["get_weather"]);
  });

  it("an unknown tool is recorded as such and not run", async () => {
    emulator.setScript("openai:gpt-4o-mini", { toolCalls: [{ name: "launch_rocket", arguments: "{}" }], ttftMs: 5, tokensPerSecond: 0 });
    const r = await callModel(input("openai:gpt-4o-mini", { tools: [weather] }));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.toolCalls[0]).toMatchObject({ name: "launch_rocket", validity: "unknown-tool", resultSource: "none", args: {} });
  });

  it("a tool without a mock: the call is recorded, not run, and the run ends there", async () => {
    emulator.setScript("azure:prod-mini", {
      toolCalls: [{ name: "get_weather", arguments: { city: "Rome" } }],
      ttftMs: 5,
      tokensPerSecond: 0,
    });
    const results: ToolCallRecord[] = [];
    const r = await callModel(
      input("azure:prod-mini", { tools: [{ ...weather, mock: undefined }], onToolResult: (c) => results.push({ ...c }) }),
    );
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.steps).toBe(1);
    expect(r.finishReason).toBe("tool-calls");
    expect(r.toolCalls).toEqual([expect.objectContaining({ validity: "valid", args: { city: "Rome" }, resultSource: "none" })]);
    expect(results.map((c) => c.resultSource)).toEqual(["none"]);
    expect(emulator.requests).toHaveLength(1);
  });

  it("maxSteps ends a run that keeps calling tools", async () => {
    emulator.setScript("openai:gpt-4o-mini", {
      toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
      ttftMs: 5,
      tokensPerSecond: 0,
    });
    const r = await callModel(input("openai:gpt-4o-mini", { tools: [weather], maxSteps: 1 }));
    expect(r.status).toBe("done");
    expect(r.steps).toBe(1);
    expect(r.finishReason).toBe("tool-calls");
    expect(emulator.requests).toHaveLength(1);
  });
});

describe("manual results and timing", () => {
  const lookup: ToolDef = { name: "lookup", parameters: { type: "object" }, mock: { manual: true } };

  it("a call nobody answers ends the run with a clear failure when its wait times out", async () => {
    emulator.setScript("openai:gpt-4o-mini", { toolCalls: [{ name: "lookup", arguments: "{}" }], ttftMs: 5, tokensPerSecond: 0 });
    let aborted = false;
    const r = await callModel(
      input("openai:gpt-4o-mini", {
        tools: [lookup],
        manualTimeoutMs: 150,
        // an idle timeout shorter than the wait: waiting is not the provider's silence
        idleTimeoutMs: 50,
        manualResult: (_call, _until, signal) =>
          new Promise((_resolve, reject) =>
            signal.addEventListener("abort", () => {
              aborted = true;
              reject(new Error("ended"));
            }),
          ),
      }),
    );
    expect(aborted).toBe(true);
    expect(r.status).toBe("error");
    expect(r.failure).toEqual({
      code: "tool_timeout",
      message: "No result was typed in for the call to lookup within 150 ms; the run was ended.",
    });
    expect(r.toolCalls[0]).toMatchObject({ name: "lookup", resultSource: "none" });
  });

  it("the time to first token is the first step's and the total counts provider time only", async () => {
    emulator.setScript("bedrock:amazon.nova-pro-v1:0", {
      toolCalls: [{ name: "lookup", arguments: "{}" }],
      ttftMs: 60,
      tokensPerSecond: 0,
    });
    const held = 500;
    const r = await callModel(
      input("bedrock:amazon.nova-pro-v1:0", {
        tools: [lookup],
        manualResult: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), held)),
      }),
    );
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.steps).toBe(2);
    expect(r.toolCalls[0]).toMatchObject({ result: { ok: true }, resultSource: "manual" });
    const t = r.timing;
    // two provider steps of ~60 ms each, and not the half second spent waiting between them
    expect(t.ttftMs).toBeGreaterThanOrEqual(60);
    expect(t.totalMs).toBeGreaterThanOrEqual(2 * 60);
    expect(t.totalMs!).toBeLessThan(held);
  });
});

describe("structured output", () => {
  const schema = {
    type: "object",
    properties: { answer: { type: "string" }, score: { type: "integer", minimum: 0 } },
    required: ["answer", "score"],
  };
  it.each(PANES)("%s: a JSON answer matching the schema is valid", async (id) => {
    const r = await callModel(input(id, { responseSchema: schema }));
    expect(r.status, r.failure?.message).toBe("done");
    expect(JSON.parse(r.text)).toEqual({ answer: "example", score: 0 });
    expect(r.structured).toEqual({ valid: true, errors: [] });
  });

  it("a scripted answer that does not match is invalid, with readable errors", async () => {
    emulator.setScript("azure:prod-mini", { text: '{"answer": 3}' });
    const r = await callModel(input("azure:prod-mini", { responseSchema: schema }));
    expect(r.structured).toEqual({ valid: false, errors: ["(root) must have required property 'score'", "/answer must be string"] });
  });

  it("a provider that does not take the schema says so (paramsNotSent) and its answer is validated all the same", async () => {
    emulator.setScript("compatible:gpt-oss:20b", { text: '{"answer": "x", "score": 1}' });
    const r = await callModel(input("local:gpt-oss:20b", { responseSchema: schema }));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.paramsNotSent).toContain("responseSchema");
    expect(r.structured).toEqual({ valid: true, errors: [] });
  });

  it("text that is not JSON is invalid", async () => {
    emulator.setScript("openai:gpt-4o-mini", { text: "Sure! Here it is." });
    const r = await callModel(input("openai:gpt-4o-mini", { responseSchema: schema }));
    expect(r.structured?.valid).toBe(false);
    expect(r.structured?.errors[0]).toMatch(/^\(root\) is not JSON/);
  });
});
