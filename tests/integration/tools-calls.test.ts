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

  it("an unknown tool is recorded as such and not run", async () => {
    emulator.setScript("openai:gpt-4o-mini", { toolCalls: [{ name: "launch_rocket", arguments: "{}" }], ttftMs: 5, tokensPerSecond: 0 });
    const r = await callModel(input("openai:gpt-4o-mini", { tools: [weather] }));
    expect(r.status, r.failure?.message).toBe("done");
    expect(r.toolCalls[0]).toMatchObject({ name: "launch_rocket", validity: "unknown-tool", resultSource: "none", args: {} });
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

  it("text that is not JSON is invalid", async () => {
    emulator.setScript("openai:gpt-4o-mini", { text: "Sure! Here it is." });
    const r = await callModel(input("openai:gpt-4o-mini", { responseSchema: schema }));
    expect(r.structured?.valid).toBe(false);
    expect(r.structured?.errors[0]).toMatch(/^\(root\) is not JSON/);
  });
});
