// The emulator's Google routes driven by the REAL @ai-sdk/google and @ai-sdk/google-vertex packages
// (Gemini, /anthropic, /maas), built by our provider modules from a parsed env: the Gemini API with
// its key, Vertex AI with ADC (an external-account file exchanged at the emulator's STS endpoint, or
// the emulator as metadata server) and with an express-mode key. Loopback only.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateText, jsonSchema, Output, streamText, type TextStreamPart, tool, type ToolSet } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callModel } from "@/lib/calls/call-model";
import { parseEnv, type Env } from "@/lib/env";
import { clearProviderCache, findModel, getLanguageModel } from "@/lib/providers";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { EMULATOR_CREDENTIALS as C } from "../emulator/defaults";
import { externalAccountCredentials } from "../emulator/google-auth";
import { type Emulator, type EmulatorScript, startEmulator } from "../emulator/server";
import { tokenize } from "../emulator/tokens";

const FAST: EmulatorScript = { ttftMs: 0, tokensPerSecond: 0 };
const TEXT = "# Sky\n\nRayleigh scattering makes the sky **blue**.";
const THOUGHTS = "The user asks about the sky; explain scattering briefly.";

let emu: Emulator;
let env: Env; // emulatorEnv: Gemini API key, Vertex ADC through the emulator as metadata server
let fileEnv: Env; // Vertex ADC through an external-account file and the emulator's STS endpoint
let expressEnv: Env; // Vertex express mode

beforeAll(async () => {
  emu = await startEmulator({ scripts: {} });
  clearProviderCache();
  env = parseEnv({ ...emulatorEnv(emu.url), JUXTA_MAX_RETRIES: "0" });
  const dir = mkdtempSync(join(tmpdir(), "juxta-google-"));
  writeFileSync(join(dir, "subject-token"), C.google.subjectToken);
  writeFileSync(join(dir, "credentials.json"), JSON.stringify(externalAccountCredentials(emu.url, join(dir, "subject-token"))));
  const vertexVars = {
    GOOGLE_VERTEX_PROJECT: C.google.project,
    GOOGLE_VERTEX_LOCATION: C.google.location,
    GOOGLE_VERTEX_ENDPOINT: emu.url,
    JUXTA_MAX_RETRIES: "0",
  };
  fileEnv = parseEnv({ ...vertexVars, GOOGLE_APPLICATION_CREDENTIALS: join(dir, "credentials.json") });
  expressEnv = parseEnv({ GOOGLE_VERTEX_API_KEY: C.google.vertexKey, GOOGLE_VERTEX_ENDPOINT: emu.url, JUXTA_MAX_RETRIES: "0" });
});
afterAll(async () => {
  await emu?.close();
});
afterEach(() => emu.reset());

type Part = TextStreamPart<ToolSet>;
async function collect(result: { fullStream: AsyncIterable<Part> }) {
  const parts: Part[] = [];
  for await (const p of result.fullStream) parts.push(p);
  const text = parts.flatMap((p) => (p.type === "text-delta" ? [p.text] : [])).join("");
  const reasoning = parts.flatMap((p) => (p.type === "reasoning-delta" ? [p.text] : [])).join("");
  const errors = parts.flatMap((p) => (p.type === "error" ? [p.error] : []));
  const finish = parts.find((p): p is Extract<Part, { type: "finish" }> => p.type === "finish");
  const step = parts.find((p): p is Extract<Part, { type: "finish-step" }> => p.type === "finish-step");
  const calls = parts.flatMap((p) => (p.type === "tool-call" ? [p] : []));
  return { parts, text, reasoning, errors, finish, step, calls };
}

function model(id: string, e: Env = env) {
  const m = findModel(id, e);
  if (!m) throw new Error(`no catalog model ${id}`);
  return getLanguageModel(m, e);
}

const run = (id: string, prompt: string, extra: Partial<Parameters<typeof streamText>[0]> = {}, e: Env = env) =>
  collect(streamText({ model: model(id, e), prompt, maxRetries: 0, onError: () => {}, ...extra } as Parameters<typeof streamText>[0]));

const last = () => emu.requests[emu.requests.length - 1]!;
const weather = tool({
  description: "Weather for a city",
  inputSchema: jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }),
});

describe("Gemini API (generateContent)", () => {
  it("streams text and thoughts with usage, finish reason, response and request ids, and the request shape", async () => {
    emu.setScript("google:gemini-2.5-flash", { ...FAST, text: TEXT, reasoning: THOUGHTS, inputTokens: 40, cachedInputTokens: 8 });
    const r = await run("google:gemini-2.5-flash", "Why is the sky blue?", {
      providerOptions: { google: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } },
    });
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(TEXT);
    expect(r.reasoning).toBe(THOUGHTS);
    expect(r.finish).toMatchObject({ finishReason: "stop", rawFinishReason: "STOP" });
    const thoughts = tokenize(THOUGHTS).length;
    expect(r.finish!.totalUsage).toMatchObject({
      inputTokens: 40,
      outputTokens: tokenize(TEXT).length + thoughts,
      outputTokenDetails: { reasoningTokens: thoughts },
      inputTokenDetails: { cacheReadTokens: 8 },
    });
    const req = last();
    expect(req.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    expect(req.query).toEqual({ alt: "sse" });
    expect(req.headers["x-goog-api-key"]).toBe(C.google.geminiKey);
    expect(req.body).toMatchObject({ generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } });
    expect(r.step!.response.headers?.["x-goog-request-id"]).toBe(req.id);
    expect(r.step!.response.id).toMatch(/^[A-Za-z0-9]{22}$/);
  });

  it("bills thoughts but does not send them unless includeThoughts is set", async () => {
    emu.setScript("google:gemini-2.5-pro", { ...FAST, text: TEXT, reasoning: THOUGHTS });
    const r = await run("google:gemini-2.5-pro", "Why?");
    expect(r.reasoning).toBe("");
    expect(r.finish!.totalUsage.outputTokenDetails.reasoningTokens).toBe(tokenize(THOUGHTS).length);
  });

  it("calls tools from the shared plan: schema-made arguments, then broken JSON and an unknown tool as scripted", async () => {
    emu.setScript("google:gemini-2.5-flash", FAST);
    const first = await run("google:gemini-2.5-flash", "Weather in Paris?", { tools: { weather } });
    expect(first.calls).toEqual([expect.objectContaining({ toolName: "weather", input: { city: "example" } })]);
    expect(first.finish).toMatchObject({ finishReason: "tool-calls", rawFinishReason: "STOP" });
    expect(last().body).toMatchObject({ tools: [{ functionDeclarations: [expect.objectContaining({ name: "weather" })] }] });

    emu.setScript("google:gemini-2.5-flash", {
      ...FAST,
      toolCalls: [
        { name: "weather", arguments: '{"city": "Par' },
        { name: "teleport", arguments: { to: "Mars" } },
      ],
    });
    const second = await run("google:gemini-2.5-flash", "Weather?", { tools: { weather } });
    // Gemini sends `args` as JSON: text that is not an object arrives as a string value
    expect(second.calls.map((c) => [c.toolName, c.type === "tool-call" && "invalid" in c ? c.invalid : false])).toEqual([
      ["weather", true],
      ["teleport", true],
    ]);
  });

  it("answers with the tool results in the conversation, and JSON for a response schema", async () => {
    emu.setScript("google:gemini-2.5-flash", FAST);
    const result = streamText({
      model: model("google:gemini-2.5-flash"),
      prompt: "Weather?",
      tools: { weather: tool({ ...weather, execute: async () => ({ temperature: 21 }) }) },
      stopWhen: ({ steps }) => steps.length >= 2,
      maxRetries: 0,
    });
    expect(await result.text).toMatch(/^Using the tool results: /);
    expect(last().body).toMatchObject({ contents: expect.arrayContaining([expect.objectContaining({ role: "user" })]) });
    expect(JSON.stringify(last().body)).toContain("functionResponse");

    const structured = streamText({
      model: model("google:gemini-2.5-flash"),
      prompt: "A city",
      output: Output.object({
        schema: jsonSchema<{ name: string; population: number; kind: string }>({
          type: "object",
          properties: { name: { type: "string" }, population: { type: "integer" }, kind: { type: "string", enum: ["city", "town"] } },
          required: ["name", "population", "kind"],
        }),
      }),
      maxRetries: 0,
    });
    expect(await structured.output).toEqual({ name: "example", population: 1, kind: "city" });
    expect(last().body).toMatchObject({ generationConfig: { responseMimeType: "application/json", responseSchema: expect.any(Object) } });
  });

  it("answers :generateContent (no streaming) with text, thoughts, a function call and usage", async () => {
    emu.setScript("google:gemini-2.5-flash", { ...FAST, text: TEXT, reasoning: THOUGHTS, inputTokens: 9 });
    const text = await generateText({
      model: model("google:gemini-2.5-flash"),
      prompt: "Sky?",
      providerOptions: { google: { thinkingConfig: { includeThoughts: true } } },
      maxRetries: 0,
    });
    expect(last().path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(text.text).toBe(TEXT);
    expect(text.reasoningText).toBe(THOUGHTS);
    expect(text.usage).toMatchObject({ inputTokens: 9, outputTokens: tokenize(TEXT).length + tokenize(THOUGHTS).length });
    const call = await generateText({ model: model("google:gemini-2.5-flash"), prompt: "Weather?", tools: { weather }, maxRetries: 0 });
    expect(call.toolCalls).toEqual([expect.objectContaining({ toolName: "weather", input: { city: "example" } })]);
    expect(call.finishReason).toBe("tool-calls");
  });

  it("finishes MAX_TOKENS as length and SAFETY as content-filter", async () => {
    emu.setScript("google:gemini-2.5-flash-lite", { ...FAST, text: TEXT });
    const cut = await run("google:gemini-2.5-flash-lite", "Sky?", { maxOutputTokens: 3 });
    expect(cut.finish).toMatchObject({ finishReason: "length", rawFinishReason: "MAX_TOKENS" });
    expect(cut.text).toBe(tokenize(TEXT).slice(0, 3).join(""));
    emu.setScript("google:gemini-2.5-flash-lite", { ...FAST, text: TEXT, fault: { kind: "content-filter", afterTokens: 2 } });
    const blocked = await run("google:gemini-2.5-flash-lite", "Sky?");
    expect(blocked.finish).toMatchObject({ finishReason: "content-filter", rawFinishReason: "SAFETY" });
  });

  it("answers a wrong key and a 429 in Google's error shape, and an in-stream error chunk as an error", async () => {
    const wrong = parseEnv({ GOOGLE_GENERATIVE_AI_API_KEY: "not-the-key", GOOGLE_GENERATIVE_AI_BASE_URL: `${emu.url}/v1beta` });
    const denied = await run("google:gemini-2.5-flash", "hi", {}, wrong);
    expect(denied.errors[0]).toMatchObject({ statusCode: 400, message: "API key not valid. Please pass a valid API key." });
    expect(last().status).toBe(400);
    expect(JSON.parse((denied.errors[0] as { responseBody: string }).responseBody)).toMatchObject({
      error: { code: 400, status: "INVALID_ARGUMENT" },
    });

    emu.setScript("google:gemini-2.5-flash", { ...FAST, fault: { kind: "http", status: 429 } });
    const limited = await run("google:gemini-2.5-flash", "hi");
    expect(limited.errors[0]).toMatchObject({ statusCode: 429, isRetryable: true });
    expect(JSON.parse((limited.errors[0] as { responseBody: string }).responseBody)).toMatchObject({
      error: { code: 429, status: "RESOURCE_EXHAUSTED" },
    });

    emu.setScript("google:gemini-2.5-flash", { ...FAST, text: TEXT, fault: { kind: "stream-error-after-text", afterTokens: 3 } });
    const broken = await run("google:gemini-2.5-flash", "hi");
    expect(broken.text).toBe(tokenize(TEXT).slice(0, 3).join(""));
    expect(broken.errors[0]).toMatchObject({ statusCode: 500 });
  });
});

describe("Vertex AI Gemini", () => {
  it("ADC from an external-account file: the token from the emulator's STS endpoint goes as a bearer to the v1beta1 path", async () => {
    emu.setScript("vertex:gemini-2.5-pro", { ...FAST, text: TEXT, reasoning: THOUGHTS, inputTokens: 12 });
    const r = await run(
      "vertex:gemini-2.5-pro",
      "Sky?",
      { providerOptions: { vertex: { thinkingConfig: { includeThoughts: true } } } },
      fileEnv,
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(TEXT);
    expect(r.reasoning).toBe(THOUGHTS);
    expect(r.finish!.totalUsage).toMatchObject({ inputTokens: 12, outputTokenDetails: { reasoningTokens: tokenize(THOUGHTS).length } });
    const req = last();
    expect(req.path).toBe(
      `/v1beta1/projects/${C.google.project}/locations/${C.google.location}/publishers/google/models/gemini-2.5-pro:streamGenerateContent`,
    );
    expect(req.headers.authorization).toMatch(/^Bearer ya29\.emulator-/);
    expect(r.step!.response.headers?.["x-goog-request-id"]).toBe(req.id);
  });

  it("ADC from the metadata server named by GCE_METADATA_HOST (the demo's set-up), one token for several calls", async () => {
    emu.setScript("vertex:gemini-2.5-flash", { ...FAST, text: TEXT });
    const a = await run("vertex:gemini-2.5-flash", "one");
    const b = await run("vertex:gemini-2.5-flash", "two");
    expect([a.text, b.text]).toEqual([TEXT, TEXT]);
    const [first, second] = emu.requests;
    expect(first!.headers.authorization).toMatch(/^Bearer ya29\.emulator-/);
    expect(second!.headers.authorization).toBe(first!.headers.authorization);
  });

  it("express mode: the key in x-goog-api-key on the /v1/publishers/google path", async () => {
    emu.setScript("vertex:gemini-2.5-flash", { ...FAST, text: TEXT });
    const r = await run("vertex:gemini-2.5-flash", "Sky?", {}, expressEnv);
    expect(r.text).toBe(TEXT);
    expect(last().path).toBe("/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent");
    expect(last().headers["x-goog-api-key"]).toBe(C.google.vertexKey);
    expect(last().headers.authorization).toBeUndefined();
  });

  it("says in the pane when no token can be had: a metadata server that is not there, a subject token STS refuses", async () => {
    const call = (e: Env) =>
      callModel({
        model: findModel("vertex:gemini-2.5-flash", e)!,
        env: e,
        system: null,
        messages: [{ role: "user", content: "hi" }],
        params: {},
      });
    const noMetadata = parseEnv({ ...emulatorEnv(emu.url), GCE_METADATA_HOST: "127.0.0.1:9", JUXTA_MAX_RETRIES: "0" });
    const first = await call(noMetadata);
    expect(first.status).toBe("error");
    expect(first.failure!.message).toMatch(/^Google Vertex AI: Could not get a token from the metadata server at 127\.0\.0\.1:9: /);

    const dir = mkdtempSync(join(tmpdir(), "juxta-google-"));
    writeFileSync(join(dir, "subject-token"), "not-the-subject-token");
    writeFileSync(join(dir, "credentials.json"), JSON.stringify(externalAccountCredentials(emu.url, join(dir, "subject-token"))));
    const badSubject = parseEnv({
      GOOGLE_VERTEX_PROJECT: C.google.project,
      GOOGLE_VERTEX_LOCATION: C.google.location,
      GOOGLE_VERTEX_ENDPOINT: emu.url,
      GOOGLE_APPLICATION_CREDENTIALS: join(dir, "credentials.json"),
      JUXTA_MAX_RETRIES: "0",
    });
    const second = await call(badSubject);
    expect(second.status).toBe("error");
    expect(second.failure!.message).toMatch(/^Google Vertex AI: .*invalid_grant/);
    // no provider request was sent without a token
    expect(emu.requests).toHaveLength(0);
  });

  it("refuses a request without an issued token with Google's 401", async () => {
    const res = await fetch(
      `${emu.url}/v1beta1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent`,
      {
        method: "POST",
        headers: { authorization: "Bearer ya29.made-up", "content-type": "application/json" },
        body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
      },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
  });

  it("trap: the bundled Gemini provider ends quietly on an in-stream error; the call core reports it in that pane", async () => {
    emu.setScript("vertex:gemini-2.5-flash", { ...FAST, text: TEXT, fault: { kind: "stream-error-after-text", afterTokens: 3 } });
    const raw = await run("vertex:gemini-2.5-flash", "hi");
    // what the package does: no error part, finish reason "other" without a raw reason, no output usage
    expect(raw.errors).toEqual([]);
    expect(raw.finish).toMatchObject({ finishReason: "other", rawFinishReason: undefined });
    expect(raw.finish!.totalUsage.outputTokens ?? 0).toBe(0);

    const result = await callModel({
      model: findModel("vertex:gemini-2.5-flash", env)!,
      env,
      system: null,
      messages: [{ role: "user", content: "hi" }],
      params: {},
    });
    expect(result.status).toBe("error");
    expect(result.text).toBe(tokenize(TEXT).slice(0, 3).join(""));
    expect(result.failure).toMatchObject({ code: "stream_error" });
    expect(result.failure!.message).toMatch(/^Google Vertex AI ended the answer with no output and no usage/);
    // the text that arrived is billed: its tokens are estimated, not taken as 0
    expect(result.usageEstimated).toBe(true);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });
});

describe("Vertex AI Claude (publishers/anthropic, :streamRawPredict)", () => {
  const CLAUDE = "vertex:claude-sonnet-4-5@20250929";

  it("streams text and thinking with usage and the request id, bearer token, vertex anthropic_version and no model in the body", async () => {
    emu.setScript(CLAUDE, { ...FAST, text: TEXT, reasoning: THOUGHTS, inputTokens: 30 });
    const r = await run(CLAUDE, "Sky?", { providerOptions: { anthropic: { thinking: { type: "enabled", budgetTokens: 1024 } } } }, fileEnv);
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(TEXT);
    expect(r.reasoning).toBe(THOUGHTS);
    expect(r.finish).toMatchObject({ finishReason: "stop" });
    expect(r.finish!.totalUsage.inputTokens).toBe(30);
    const req = last();
    expect(req.path).toBe(
      `/v1/projects/${C.google.project}/locations/${C.google.location}/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict`,
    );
    expect(req.headers.authorization).toMatch(/^Bearer ya29\.emulator-/);
    expect(req.body).toMatchObject({ anthropic_version: "vertex-2023-10-16" });
    expect((req.body as Record<string, unknown>).model).toBeUndefined();
    expect(r.step!.response.headers?.["x-goog-request-id"]).toBe(req.id);
  });

  it("calls a tool", async () => {
    emu.setScript(CLAUDE, FAST);
    const r = await run(CLAUDE, "Weather?", { tools: { weather } });
    expect(r.calls).toEqual([expect.objectContaining({ toolName: "weather", input: { city: "example" } })]);
    expect(r.finish!.finishReason).toBe("tool-calls");
  });

  it("trap: a 429 comes in Google's shape, which the Anthropic parser cannot read; the pane still says rate limited by Vertex AI", async () => {
    emu.setScript(CLAUDE, { ...FAST, fault: { kind: "http", status: 429 } });
    const raw = await run(CLAUDE, "hi");
    expect(raw.errors[0]).toMatchObject({ statusCode: 429, message: "Too Many Requests" });
    expect(JSON.parse((raw.errors[0] as { responseBody: string }).responseBody)).toMatchObject({ error: { status: "RESOURCE_EXHAUSTED" } });

    const result = await callModel({
      model: findModel(CLAUDE, env)!,
      env,
      system: null,
      messages: [{ role: "user", content: "hi" }],
      params: {},
    });
    expect(result.failure).toMatchObject({ code: "rate_limited", statusCode: 429, message: "Rate limited by Google Vertex AI (429)." });
  });

  it("cannot run on an express-mode key, and says it needs ADC", async () => {
    const claude = findModel(CLAUDE, expressEnv)!;
    expect(claude.available).toBe(false);
    expect(() => getLanguageModel(claude, expressEnv)).toThrow(/need Application Default Credentials/);
  });
});

describe("Vertex AI MaaS (endpoints/openapi/chat/completions)", () => {
  const OSS = "vertex:openai/gpt-oss-120b-maas";

  it("streams text and reasoning with usage on the finishing chunk and the request id, bearer token", async () => {
    emu.setScript(OSS, { ...FAST, text: TEXT, reasoning: THOUGHTS, inputTokens: 20 });
    const r = await run(OSS, "Sky?", { providerOptions: { openaiCompatible: { reasoningEffort: "low" } } });
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(TEXT);
    expect(r.reasoning).toBe(THOUGHTS);
    expect(r.finish!.finishReason).toBe("stop");
    expect(r.finish!.totalUsage).toMatchObject({ inputTokens: 20, outputTokens: tokenize(TEXT).length + tokenize(THOUGHTS).length });
    const req = last();
    expect(req.path).toBe(`/v1/projects/${C.google.project}/locations/${C.google.location}/endpoints/openapi/chat/completions`);
    expect(req.headers.authorization).toMatch(/^Bearer ya29\.emulator-/);
    expect(req.body).toMatchObject({ model: "openai/gpt-oss-120b-maas", stream: true, reasoning_effort: "low" });
    expect(r.step!.response.headers?.["x-goog-request-id"]).toBe(req.id);
  });

  it("trap: a 429 body is a Google error wrapped in an array; the pane says rate limited by Vertex AI", async () => {
    emu.setScript(OSS, { ...FAST, fault: { kind: "http", status: 429 } });
    const raw = await run(OSS, "hi");
    expect(raw.errors[0]).toMatchObject({ statusCode: 429 });
    expect(JSON.parse((raw.errors[0] as { responseBody: string }).responseBody)).toEqual([
      { error: expect.objectContaining({ code: 429, status: "RESOURCE_EXHAUSTED" }) },
    ]);
    const result = await callModel({
      model: findModel(OSS, env)!,
      env,
      system: null,
      messages: [{ role: "user", content: "hi" }],
      params: {},
    });
    expect(result.failure).toMatchObject({ code: "rate_limited", message: "Rate limited by Google Vertex AI (429)." });
  });

  it("a 403 with the unreadable body shows Google's own message", async () => {
    emu.setScript(OSS, {
      ...FAST,
      fault: { kind: "http", status: 403, message: "Vertex AI API has not been used in project juxta-emulator." },
    });
    const result = await callModel({
      model: findModel(OSS, env)!,
      env,
      system: null,
      messages: [{ role: "user", content: "hi" }],
      params: {},
    });
    expect(result.failure).toMatchObject({
      code: "forbidden",
      message: "Google Vertex AI denied access (403): Vertex AI API has not been used in project juxta-emulator.",
    });
  });
});
