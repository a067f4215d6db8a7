// The emulator's Anthropic Messages API driven by the REAL @ai-sdk/anthropic package through
// `streamText` / `generateText` from `ai`. Loopback only.
import { createAnthropic } from "@ai-sdk/anthropic";
import { APICallError, generateText, jsonSchema, Output, stepCountIs, streamText, type TextStreamPart, tool, type ToolSet } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_CREDENTIALS as C } from "../emulator/defaults";
import { type Emulator, type EmulatorScript, startEmulator } from "../emulator/server";
import { tokenize } from "../emulator/tokens";

const FAST: EmulatorScript = { ttftMs: 0, tokensPerSecond: 0 };
const TEXT = "# Sky\n\nRayleigh scattering makes the sky **blue**.\n\n```js\nconsole.log('blue');\n```";
const TEXT_TOKENS = tokenize(TEXT).length;
const MODEL = "claude-sonnet-4-5";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ scripts: {} });
});
afterAll(async () => {
  await emu?.close();
});
afterEach(() => emu.reset());

const anthropic = (apiKey: string = C.anthropicKey) => createAnthropic({ baseURL: `${emu.url}/v1`, apiKey });
type Part = TextStreamPart<ToolSet>;
async function collect(result: { fullStream: AsyncIterable<Part> }) {
  const parts: Part[] = [];
  let thrown: unknown;
  try {
    for await (const p of result.fullStream) parts.push(p);
  } catch (e) {
    thrown = e;
  }
  const text = parts.flatMap((p) => (p.type === "text-delta" ? [p.text] : [])).join("");
  const reasoning = parts.flatMap((p) => (p.type === "reasoning-delta" ? [p.text] : [])).join("");
  const errors = parts.flatMap((p) => (p.type === "error" ? [p.error] : []));
  const finish = parts.find((p): p is Extract<Part, { type: "finish" }> => p.type === "finish");
  return { parts, thrown, text, reasoning, errors, finish };
}
const quiet = { onError: () => {} };
const last = () => emu.requests[emu.requests.length - 1]!;
const stream = (prompt: string, extra: Partial<Parameters<typeof streamText>[0]> = {}) =>
  streamText({ model: anthropic()(MODEL), prompt, maxRetries: 0, ...quiet, ...extra } as Parameters<typeof streamText>[0]);

describe("Anthropic Messages API", () => {
  it("streams text with usage, finish reason, request id and the request shape", async () => {
    emu.setScript(`anthropic:${MODEL}`, {
      ...FAST,
      text: TEXT,
      inputTokens: 40,
      cachedInputTokens: 10,
      responseModel: "claude-sonnet-4-5-20250929",
    });
    const result = streamText({ model: anthropic()(MODEL), system: "Be brief.", prompt: "Why is the sky blue?", maxRetries: 0, ...quiet });
    const r = await collect(result);
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(TEXT);
    expect(r.finish?.finishReason).toBe("stop");
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(40);
    expect(usage.inputTokenDetails.cacheReadTokens).toBe(10);
    expect(usage.inputTokenDetails.noCacheTokens).toBe(30);
    expect(usage.outputTokens).toBe(TEXT_TOKENS);
    const response = await result.response;
    expect(response.modelId).toBe("claude-sonnet-4-5-20250929");
    expect(response.id).toMatch(/^msg_01/);
    expect(response.headers?.["request-id"]).toBe(last().id);
    expect(last().id).toMatch(/^req_011C/);

    const req = last();
    expect(req.path).toBe("/v1/messages");
    expect(req.provider).toBe("anthropic");
    expect(req.headers["x-api-key"]).toBe(C.anthropicKey);
    expect(req.headers["anthropic-version"]).toBe("2023-06-01");
    const body = req.body as Record<string, unknown>;
    expect(body.model).toBe(MODEL);
    expect(body.stream).toBe(true);
    // the SDK always sends max_tokens (the model's maximum when unset: 64000 for Sonnet 4.5)
    expect(body.max_tokens).toBe(64000);
    expect(body.system).toEqual([{ type: "text", text: "Be brief." }]);
  });

  it("thinking: thinking_delta and signature_delta only when the request turns thinking on", async () => {
    emu.setScript(MODEL, { ...FAST, text: "Done.", reasoning: "First, think. Then answer." });
    const plain = await collect(stream("Hi"));
    expect(plain.reasoning).toBe("");
    expect(plain.text).toBe("Done.");

    const result = stream("Hi", {
      providerOptions: { anthropic: { thinking: { type: "enabled", budgetTokens: 2048 } } },
      maxOutputTokens: 1000,
    });
    const r = await collect(result);
    expect(r.reasoning).toBe("First, think. Then answer.");
    expect(r.text).toBe("Done.");
    const reasoningParts = r.parts.filter((p) => p.type === "reasoning-delta");
    expect(reasoningParts.some((p) => typeof p.providerMetadata?.anthropic?.signature === "string")).toBe(true);
    const body = last().body as Record<string, unknown>;
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    // the SDK adds the budget to max_tokens
    expect(body.max_tokens).toBe(3048);
    expect((await result.usage).outputTokens).toBe(tokenize("First, think. Then answer.").length + tokenize("Done.").length);
  });

  it("non-streaming (generateText): JSON message with thinking and text", async () => {
    emu.setScript(MODEL, { ...FAST, text: TEXT, reasoning: "Plan it." });
    const r = await generateText({
      model: anthropic()(MODEL),
      prompt: "Sky?",
      maxRetries: 0,
      providerOptions: { anthropic: { thinking: { type: "enabled", budgetTokens: 1024 } } },
    });
    expect(r.text).toBe(TEXT);
    expect(r.reasoningText).toBe("Plan it.");
    expect(r.finishReason).toBe("stop");
    expect(r.usage.outputTokens).toBe(TEXT_TOKENS + tokenize("Plan it.").length);
    expect(last().stream).toBe(false);
  });

  it("tool calls: tool_use blocks with input_json_delta, then an answer from the tool result", async () => {
    emu.setScript(MODEL, { ...FAST, text: "It is sunny." });
    const result = streamText({
      model: anthropic()(MODEL),
      prompt: "Weather in Paris?",
      maxRetries: 0,
      ...quiet,
      stopWhen: stepCountIs(3),
      tools: {
        weather: tool({
          description: "Weather for a city",
          inputSchema: jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }),
          execute: async ({ city }) => ({ city, sky: "sunny" }),
        }),
      },
    });
    const r = await collect(result);
    expect(r.errors).toEqual([]);
    const calls = r.parts.filter((p) => p.type === "tool-call");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ toolName: "weather", input: { city: "example" } });
    expect((calls[0] as { toolCallId: string }).toolCallId).toMatch(/^toolu_/);
    expect(r.parts.some((p) => p.type === "tool-input-delta")).toBe(true);
    // a scripted text is the answer after the tool result (the plan adds nothing to it)
    expect(r.text).toBe("It is sunny.");
    const steps = await result.steps;
    expect(steps.map((s) => s.finishReason)).toEqual(["tool-calls", "stop"]);
    const first = emu.requests[0]!.body as { tools: { name: string; input_schema: unknown }[] };
    expect(first.tools[0]!.name).toBe("weather");
    const second = last().body as { messages: { role: string; content: { type: string }[] }[] };
    expect(second.messages.at(-1)!.content[0]!.type).toBe("tool_result");
  });

  it("a scripted broken tool call reaches the app as an invalid call", async () => {
    emu.setScript(MODEL, { ...FAST, toolCalls: [{ name: "weather", arguments: '{"city": "Par' }] });
    const result = stream("Weather?", {
      tools: { weather: tool({ inputSchema: jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string" } } }) }) },
    });
    const r = await collect(result);
    const call = r.parts.find((p) => p.type === "tool-call") as { invalid?: boolean; input: unknown } | undefined;
    expect(call?.invalid).toBe(true);
    expect(call?.input).toBe('{"city": "Par');
    expect(r.finish?.finishReason).toBe("tool-calls");
  });

  it("several scripted tool calls stream as separate tool_use blocks; generateText gets them as JSON", async () => {
    emu.setScript(MODEL, {
      ...FAST,
      toolCalls: [
        { name: "weather", arguments: { city: "Paris" } },
        { name: "time", arguments: { zone: "CET" } },
      ],
    });
    const tools = {
      weather: tool({ inputSchema: jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string" } } }) }),
      time: tool({ inputSchema: jsonSchema<{ zone: string }>({ type: "object", properties: { zone: { type: "string" } } }) }),
    };
    const streamed = await collect(stream("Weather and time?", { tools }));
    const calls = streamed.parts.filter((p) => p.type === "tool-call") as { toolName: string; input: unknown; toolCallId: string }[];
    expect(calls.map((c) => [c.toolName, c.input])).toEqual([
      ["weather", { city: "Paris" }],
      ["time", { zone: "CET" }],
    ]);
    expect(new Set(calls.map((c) => c.toolCallId)).size).toBe(2);

    const generated = await generateText({ model: anthropic()(MODEL), prompt: "Weather and time?", maxRetries: 0, tools });
    expect(generated.toolCalls.map((c) => [c.toolName, c.input])).toEqual([
      ["weather", { city: "Paris" }],
      ["time", { zone: "CET" }],
    ]);
    expect(generated.finishReason).toBe("tool-calls");
    expect(last().stream).toBe(false);
  });

  it("structured output: output_config.format (Sonnet 4.5) and the forced json tool (models without it)", async () => {
    const schema = jsonSchema<{ name: string; age: number }>({
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" } },
      required: ["name", "age"],
      additionalProperties: false,
    });
    const native = await generateText({ model: anthropic()(MODEL), prompt: "A person", maxRetries: 0, output: Output.object({ schema }) });
    expect(native.output).toEqual({ name: "example", age: 1 });
    const body = last().body as { output_config?: { format?: { type: string } } };
    expect(body.output_config?.format?.type).toBe("json_schema");

    // claude-sonnet-4-0 predates native structured output: the SDK forces a `json` tool
    const viaTool = streamText({
      model: anthropic()("claude-sonnet-4-20250514"),
      prompt: "A person",
      maxRetries: 0,
      ...quiet,
      output: Output.object({ schema }),
    });
    const r = await collect(viaTool);
    expect(r.errors).toEqual([]);
    expect(await viaTool.output).toEqual({ name: "example", age: 1 });
    expect(r.finish?.finishReason).toBe("stop");
    const toolBody = last().body as { tools: { name: string }[]; tool_choice: { type: string } };
    expect(toolBody.tools.map((t) => t.name)).toEqual(["json"]);
    expect(toolBody.tool_choice.type).toBe("any");
  });

  it("stop sequences cut the text (stop_reason stop_sequence); max_tokens cuts it with length", async () => {
    emu.setScript(MODEL, { ...FAST, text: "one two STOP three" });
    const cut = await collect(stream("Count", { stopSequences: ["STOP"] }));
    expect(cut.text).toBe("one two ");
    expect(cut.finish?.finishReason).toBe("stop");
    expect(cut.finish?.rawFinishReason).toBe("stop_sequence");
    const short = await collect(stream("Count", { maxOutputTokens: 2 }));
    expect(short.text).toBe("one two");
    expect(short.finish?.finishReason).toBe("length");
  });

  it("wrong key: 401 authentication_error with the request id", async () => {
    const r = await collect(streamText({ model: anthropic("wrong")(MODEL), prompt: "Hi", maxRetries: 0, ...quiet }));
    const e = r.errors[0];
    expect(APICallError.isInstance(e)).toBe(true);
    const err = e as APICallError;
    expect(err.statusCode).toBe(401);
    expect(err.message).toBe("invalid x-api-key");
    expect(err.isRetryable).toBe(false);
    expect(JSON.parse(err.responseBody!)).toMatchObject({ type: "error", error: { type: "authentication_error" }, request_id: last().id });
    expect(err.responseHeaders?.["request-id"]).toBe(last().id);
  });

  it("429 rate_limit_error with retry-after is retried by ai, then succeeds", async () => {
    emu.setScript(MODEL, { ...FAST, text: "ok", fault: { kind: "http", status: 429, retryAfterSeconds: 0 }, faultTimes: 1 });
    const r = await collect(streamText({ model: anthropic()(MODEL), prompt: "Hi", maxRetries: 2, ...quiet }));
    expect(r.errors).toEqual([]);
    expect(r.text).toBe("ok");
    expect(emu.requests.map((q) => q.status)).toEqual([429, 200]);
  });

  it("http faults in Anthropic's shapes: 429 with retry-after, 503 as 529 overloaded_error, 500 api_error", async () => {
    for (const [status, wire, type] of [
      [429, 429, "rate_limit_error"],
      [503, 529, "overloaded_error"],
      [500, 500, "api_error"],
      [403, 403, "permission_error"],
    ] as const) {
      emu.setScript(MODEL, { ...FAST, fault: { kind: "http", status, retryAfterSeconds: 7 } });
      const r = await collect(stream("Hi"));
      const err = r.errors[0] as APICallError;
      expect(APICallError.isInstance(err)).toBe(true);
      expect(err.statusCode).toBe(wire);
      expect(err.isRetryable).toBe(wire !== 403);
      expect(err.data).toMatchObject({ type: "error", error: { type } });
      expect(err.responseHeaders?.["retry-after"]).toBe("7");
    }
  });

  it("overloaded_error as the first stream event is thrown from doStream and retried", async () => {
    emu.setScript(MODEL, { ...FAST, text: "back", fault: { kind: "stream-error-before-text" }, faultTimes: 1 });
    const r = await collect(streamText({ model: anthropic()(MODEL), prompt: "Hi", maxRetries: 1, ...quiet }));
    expect(r.errors).toEqual([]);
    expect(r.text).toBe("back");
    expect(emu.requests).toHaveLength(2);

    emu.setScript(MODEL, { ...FAST, fault: { kind: "stream-error-before-text", code: "api_error" } });
    const failed = await collect(stream("Hi"));
    const err = failed.errors[0] as APICallError;
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err.statusCode).toBe(500);
    expect(err.isRetryable).toBe(false);
  });

  it("an error event after text keeps the partial text; the error is a plain {type, message} object", async () => {
    emu.setScript(MODEL, { ...FAST, text: TEXT, fault: { kind: "stream-error-after-text", afterTokens: 3 } });
    const r = await collect(stream("Hi"));
    expect(r.text).toBe(tokenize(TEXT).slice(0, 3).join(""));
    expect(r.errors).toEqual([{ type: "overloaded_error", message: "Overloaded" }]);
    expect(r.finish?.finishReason).toBe("error");
  });

  it("content-filter ends with stop_reason refusal; drop makes the for-await throw; hang is aborted", async () => {
    emu.setScript(MODEL, { ...FAST, text: TEXT, fault: { kind: "content-filter", afterTokens: 2 } });
    const filtered = await collect(stream("Hi"));
    expect(filtered.text).toBe(tokenize(TEXT).slice(0, 2).join(""));
    expect(filtered.finish?.finishReason).toBe("content-filter");
    expect(filtered.finish?.rawFinishReason).toBe("refusal");

    emu.setScript(MODEL, { ...FAST, text: TEXT, fault: { kind: "drop", afterTokens: 2 } });
    const dropped = await collect(stream("Hi"));
    expect(dropped.text).toBe(tokenize(TEXT).slice(0, 2).join(""));
    expect(dropped.thrown ?? dropped.errors[0]).toBeDefined();

    emu.setScript(MODEL, { ...FAST, fault: { kind: "hang" } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await collect(stream("Hi", { abortSignal: ac.signal }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(last().outcome).toBe("hung");
  });

  it("images: the SDK sends base64 image blocks; an image type the API does not take is a 400 naming the part", async () => {
    // a 1x1 PNG
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const ask = (mediaType: string) =>
      collect(
        streamText({
          model: anthropic()(MODEL),
          maxRetries: 0,
          ...quiet,
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "What is in this picture?" },
                { type: "file", data: png, mediaType },
              ],
            },
          ],
        }),
      );
    emu.setScript(MODEL, { ...FAST, text: "A single pixel." });
    const ok = await ask("image/png");
    expect(ok.errors).toEqual([]);
    expect(ok.text).toBe("A single pixel.");
    const sent = last().body as { messages: { content: { type: string; source?: { type: string; media_type: string } }[] }[] };
    expect(sent.messages[0]!.content[1]).toMatchObject({ type: "image", source: { type: "base64", media_type: "image/png" } });

    const refused = await ask("image/bmp");
    const err = refused.errors[0] as APICallError;
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err.statusCode).toBe(400);
    expect(err.message).toBe(
      "messages.0.content.1.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
    );
  });

  it("rejects a malformed request like the API: no anthropic-version, no max_tokens, thinking with temperature", async () => {
    const post = (body: unknown, headers: Record<string, string> = { "anthropic-version": "2023-06-01" }) =>
      fetch(`${emu.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": C.anthropicKey, ...headers },
        body: JSON.stringify(body),
      });
    const messages = [{ role: "user", content: "Hi" }];
    let res = await post({ model: MODEL, max_tokens: 10, messages }, {});
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe("anthropic-version: header is required");
    res = await post({ model: MODEL, messages });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: "max_tokens: Field required" },
    });
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    res = await post({ model: MODEL, max_tokens: 5000, messages, temperature: 0.5, thinking: { type: "enabled", budget_tokens: 2000 } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain("temperature");
    res = await post({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: "user", content: 'Hi [[emulate:{"ttftMs":0,"text":"marker"}]]' }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "message", content: [{ type: "text", text: "marker" }], stop_reason: "end_turn" });
  });
});
