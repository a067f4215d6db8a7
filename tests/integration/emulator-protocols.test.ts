// The provider emulator driven by the REAL AI SDK provider packages (@ai-sdk/openai, @ai-sdk/azure,
// @ai-sdk/amazon-bedrock) through `streamText` / `generateText` from `ai`. Loopback only.
import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { createAzure } from "@ai-sdk/azure";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { APICallError, generateText, RetryError, streamText, type TextStreamPart, type ToolSet } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_CREDENTIALS as C } from "../emulator/defaults";
import { type Emulator, type EmulatorScript, startEmulator } from "../emulator/server";
import { tokenize } from "../emulator/tokens";

const FAST: EmulatorScript = { ttftMs: 0, tokensPerSecond: 0 };
const TEXT = "# Sky\n\nRayleigh scattering makes the sky **blue**.\n\n```js\nconsole.log('blue');\n```";
const TEXT_TOKENS = tokenize(TEXT).length;

let emu: Emulator;
const savedEnv: Record<string, string | undefined> = {};
const AWS_ENV = ["AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION"];

beforeAll(async () => {
  // AWS_BEARER_TOKEN_BEDROCK silently overrides SigV4 credentials: keep the environment out
  for (const k of AWS_ENV) {
    savedEnv[k] = process.env[k];
    delete process.env[k];
  }
  emu = await startEmulator({ scripts: {} });
});
afterAll(async () => {
  await emu?.close();
  for (const k of AWS_ENV) if (savedEnv[k] !== undefined) process.env[k] = savedEnv[k];
});
afterEach(() => emu.reset());

// ---------------------------------------------------------------------------------------------
// helpers

const openai = (apiKey: string = C.openaiKey) => createOpenAI({ baseURL: `${emu.url}/v1`, apiKey });
const azureV1 = (apiKey: string = C.azureKey) => createAzure({ baseURL: `${emu.url}/openai/v1`, apiKey });
/** the production URL shape (https://myres.openai.azure.com/openai/deployments/...), re-routed to the emulator */
const azureDeployments = () =>
  createAzure({
    resourceName: "myres",
    apiKey: C.azureKey,
    useDeploymentBasedUrls: true,
    apiVersion: "2025-04-01-preview",
    fetch: (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      expect(url.startsWith("https://myres.openai.azure.com/")).toBe(true);
      return fetch(url.replace("https://myres.openai.azure.com", emu.url), init);
    },
  });
const bedrockSigV4 = (secretAccessKey: string = C.aws.secretAccessKey, accessKeyId: string = C.aws.accessKeyId) =>
  createAmazonBedrock({ baseURL: emu.url, region: C.aws.region, accessKeyId, secretAccessKey });
const bedrockBearer = (apiKey: string = C.aws.bearerToken) => createAmazonBedrock({ baseURL: emu.url, apiKey });

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
  const deltas = parts.filter((p) => p.type === "text-delta").length;
  return { parts, thrown, text, reasoning, errors, finish, deltas };
}
const quiet = { onError: () => {} };
const last = () => emu.requests[emu.requests.length - 1]!;

// ---------------------------------------------------------------------------------------------

describe("OpenAI Responses API", () => {
  it("streams the scripted text with usage, finish reason and the request shape", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, text: TEXT, inputTokens: 42, cachedInputTokens: 10 });
    const r = await collect(
      streamText({
        model: openai()("gpt-4o-mini"),
        system: "You are concise.",
        prompt: "Why is the sky blue?",
        temperature: 0.3,
        maxOutputTokens: 500,
        ...quiet,
      }),
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(TEXT);
    expect(r.deltas).toBe(TEXT_TOKENS); // one token per delta on OpenAI
    expect(r.finish?.finishReason).toBe("stop");
    expect(r.finish?.totalUsage).toMatchObject({
      inputTokens: 42,
      outputTokens: TEXT_TOKENS,
      totalTokens: 42 + TEXT_TOKENS,
      inputTokenDetails: { cacheReadTokens: 10, noCacheTokens: 32 },
      outputTokenDetails: { reasoningTokens: 0, textTokens: TEXT_TOKENS },
    });
    const req = last();
    expect(req).toMatchObject({
      method: "POST",
      path: "/v1/responses",
      provider: "openai",
      api: "responses",
      model: "gpt-4o-mini",
      stream: true,
      status: 200,
    });
    expect(req.headers.authorization).toBe(`Bearer ${C.openaiKey}`);
    expect(req.body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0.3,
      max_output_tokens: 500,
      stream: true,
      input: [
        { role: "system", content: "You are concise." },
        { role: "user", content: [{ type: "input_text", text: "Why is the sky blue?" }] },
      ],
    });
  });

  it("streams reasoning summary items before the message", async () => {
    emu.setScript("o4-mini", { ...FAST, text: "Answer.", reasoning: "Think about it first." });
    const r = await collect(streamText({ model: openai()("o4-mini"), prompt: "Q", ...quiet }));
    expect(r.errors).toEqual([]);
    expect(r.reasoning).toBe("Think about it first.");
    expect(r.text).toBe("Answer.");
    const types = r.parts.map((p) => p.type);
    expect(types.indexOf("reasoning-start")).toBeLessThan(types.indexOf("text-start"));
    expect(r.finish?.totalUsage.outputTokenDetails).toEqual({ reasoningTokens: 5, textTokens: 2 });
    const g = await generateText({ model: openai()("o4-mini"), prompt: "Q" });
    expect(g.reasoningText).toBe("Think about it first.");
    expect(g.text).toBe("Answer.");
  });

  it("answers generateText (no `stream`) with JSON, and a default markdown text", async () => {
    const res = await generateText({ model: openai()("gpt-4o-mini"), prompt: "Tell me about emulators", maxRetries: 0 });
    expect(res.text).toMatch(/^#{2,3} (About: )?Tell me about emulators$/m);
    expect(res.text).not.toContain("gpt-4o-mini");
    expect(res.text).toMatch(/^```\w+$/m);
    const n = tokenize(res.text).length;
    expect(n).toBeGreaterThanOrEqual(60);
    expect(n).toBeLessThanOrEqual(120);
    expect(res.finishReason).toBe("stop");
    expect(res.usage).toMatchObject({ inputTokens: Math.ceil("Tell me about emulators".length / 4), outputTokens: n });
    expect(last().stream).toBe(false);
    expect((last().body as Record<string, unknown>).stream).toBeUndefined();
  });

  it("rejects a wrong key with 401 invalid_api_key through fullStream", async () => {
    const r = await collect(streamText({ model: openai("sk-wrong")("gpt-4o-mini"), prompt: "hi", maxRetries: 0, ...quiet }));
    expect(r.errors).toHaveLength(1);
    const err = r.errors[0];
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ statusCode: 401, isRetryable: false, data: { error: { code: "invalid_api_key" } } });
    expect((err as APICallError).message).toMatch(/^Incorrect API key provided/);
    expect((err as APICallError).responseHeaders?.["x-request-id"]).toMatch(/^req_/);
  });

  it("429 with retry-after-ms is retried, then RetryError after 3 attempts", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, fault: { kind: "http", status: 429, retryAfterMs: 5 } });
    const t0 = Date.now();
    const r = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", ...quiet }));
    expect(Date.now() - t0).toBeLessThan(1500); // retry-after-ms honoured instead of the 2 s backoff
    expect(r.errors).toHaveLength(1);
    const err = r.errors[0];
    expect(RetryError.isInstance(err)).toBe(true);
    expect((err as RetryError).reason).toBe("maxRetriesExceeded");
    expect((err as RetryError).errors).toHaveLength(3);
    expect((err as RetryError).lastError).toMatchObject({ statusCode: 429, data: { error: { code: "rate_limit_exceeded" } } });
    expect(emu.requests).toHaveLength(3);
  });

  it("faultTimes: the fault hits the first request only, the retry succeeds", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, text: "ok", fault: { kind: "http", status: 503, retryAfterMs: 5 }, faultTimes: 1 });
    const r = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", ...quiet }));
    expect(r.errors).toEqual([]);
    expect(r.text).toBe("ok");
    expect(emu.requests.map((q) => q.status)).toEqual([503, 200]);
  });

  it("an SSE error before any output is thrown from doStream (APICallError, retryable)", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, fault: { kind: "stream-error-before-text" } });
    const r = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", maxRetries: 0, ...quiet }));
    expect(r.text).toBe("");
    expect(r.errors).toHaveLength(1);
    expect(APICallError.isInstance(r.errors[0])).toBe(true);
    expect(r.errors[0]).toMatchObject({ statusCode: 500, isRetryable: true });
  });

  it("stream-error-after-text keeps the partial text and yields an error part", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, text: TEXT, fault: { kind: "stream-error-after-text", afterTokens: 5 } });
    const r = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", ...quiet }));
    expect(r.thrown).toBeUndefined();
    expect(r.text).toBe(tokenize(TEXT).slice(0, 5).join(""));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ type: "response.failed", statusCode: 500, code: "server_error" });
    expect(r.finish?.finishReason).toBe("error");
    expect(r.finish?.totalUsage.outputTokens).toBe(5);
    expect(emu.requests).toHaveLength(1); // not retried
  });

  it("a dropped connection makes the for-await over fullStream throw", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, text: TEXT, fault: { kind: "drop", afterTokens: 3 } });
    const r = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", ...quiet }));
    expect(r.thrown).toBeDefined();
    expect(r.text).toBe(tokenize(TEXT).slice(0, 3).join(""));
    expect(last().outcome).toBe("dropped");
  });

  it("content-filter ends with finishReason content-filter", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, text: TEXT, fault: { kind: "content-filter", afterTokens: 4 } });
    const r = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", ...quiet }));
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(tokenize(TEXT).slice(0, 4).join(""));
    expect(r.finish?.finishReason).toBe("content-filter");
    expect(r.finish?.rawFinishReason).toBe("content_filter");
  });

  it("max_output_tokens cuts the answer with finishReason length", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, text: TEXT });
    const r = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", maxOutputTokens: 6, ...quiet }));
    expect(r.text).toBe(tokenize(TEXT).slice(0, 6).join(""));
    expect(r.finish?.finishReason).toBe("length");
  });

  it("hang + abortSignal: the request is aborted and the emulator sees the client leave", async () => {
    emu.setScript("openai:gpt-4o-mini", { ...FAST, text: TEXT, fault: { kind: "hang", afterTokens: 2 } });
    const ac = new AbortController();
    const result = streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", abortSignal: ac.signal, ...quiet });
    const parts: Part[] = [];
    let thrown: unknown;
    try {
      for await (const p of result.fullStream) {
        parts.push(p);
        if (p.type === "text-delta" && parts.filter((q) => q.type === "text-delta").length === 2) {
          setTimeout(() => ac.abort(), 20);
        }
      }
    } catch (e) {
      thrown = e;
    }
    expect(
      parts
        .filter((p) => p.type === "text-delta")
        .map((p) => (p as { text: string }).text)
        .join(""),
    ).toBe(tokenize(TEXT).slice(0, 2).join(""));
    expect(parts.some((p) => p.type === "abort") || thrown !== undefined).toBe(true);
    await expect.poll(() => last().outcome).toBe("hung");
  });

  it("per-request [[emulate:...]] marker in the last user message", async () => {
    const marker = `[[emulate:${JSON.stringify({ ...FAST, text: "from the marker", inputTokens: 7 })}]]`;
    const r = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: `Hello ${marker}`, ...quiet }));
    expect(r.text).toBe("from the marker");
    expect(r.finish?.totalUsage.inputTokens).toBe(7);
    const bad = await collect(streamText({ model: openai()("gpt-4o-mini"), prompt: "[[emulate:{nope}]]", maxRetries: 0, ...quiet }));
    expect(bad.errors[0]).toMatchObject({ statusCode: 400 });
  });

  it("Chat Completions: SSE with the include_usage chunk, and non-streaming", async () => {
    emu.setScript("gpt-4o-mini", { ...FAST, text: TEXT, inputTokens: 11 });
    const r = await collect(
      streamText({ model: openai().chat("gpt-4o-mini"), prompt: "hi", temperature: 0, maxOutputTokens: 300, ...quiet }),
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(TEXT);
    expect(r.finish?.finishReason).toBe("stop");
    expect(r.finish?.totalUsage).toMatchObject({ inputTokens: 11, outputTokens: TEXT_TOKENS });
    expect(last()).toMatchObject({ path: "/v1/chat/completions", api: "chat" });
    expect(last().body).toMatchObject({
      model: "gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      max_tokens: 300,
      messages: [{ role: "user", content: "hi" }],
    });
    const g = await generateText({ model: openai().chat("gpt-4o-mini"), prompt: "hi" });
    expect(g.text).toBe(TEXT);
    expect(g.usage.outputTokens).toBe(TEXT_TOKENS);
  });

  it("Chat Completions: content_filter finish reason and an error chunk after text", async () => {
    emu.setScript("gpt-4o-mini", { ...FAST, text: TEXT, fault: { kind: "content-filter", afterTokens: 2 } });
    const cf = await collect(streamText({ model: openai().chat("gpt-4o-mini"), prompt: "hi", ...quiet }));
    expect(cf.finish?.finishReason).toBe("content-filter");
    emu.setScript("gpt-4o-mini", { ...FAST, text: TEXT, fault: { kind: "stream-error-after-text", afterTokens: 2 } });
    const se = await collect(streamText({ model: openai().chat("gpt-4o-mini"), prompt: "hi", ...quiet }));
    expect(se.text).toBe(tokenize(TEXT).slice(0, 2).join(""));
    expect(se.errors).toHaveLength(1);
    expect(se.finish?.finishReason).toBe("error");
  });
});

describe("Azure OpenAI", () => {
  it("v1 URL: /openai/v1/responses with api-key, body model = deployment, 4-token chunks", async () => {
    emu.setScript("azure:prod-mini", { ...FAST, text: TEXT, inputTokens: 9 });
    const r = await collect(streamText({ model: azureV1()("prod-mini"), prompt: "hi", ...quiet }));
    expect(r.errors).toEqual([]);
    expect(r.text).toBe(TEXT);
    expect(r.deltas).toBe(Math.ceil(TEXT_TOKENS / 4));
    expect(r.finish?.totalUsage).toMatchObject({ inputTokens: 9, outputTokens: TEXT_TOKENS });
    const req = last();
    expect(req).toMatchObject({ path: "/openai/v1/responses", provider: "azure", model: "prod-mini" });
    expect(req.headers["api-key"]).toBe(C.azureKey);
    expect(req.headers.authorization).toBeUndefined();
    expect((req.body as { model: string }).model).toBe("prod-mini");
  });

  it("deployment URLs with api-version (Responses and Chat), via a re-routing fetch", async () => {
    emu.setScript("azure:prod-mini", { ...FAST, text: TEXT });
    const azure = azureDeployments();
    const r = await collect(streamText({ model: azure("prod-mini"), prompt: "hi", ...quiet }));
    expect(r.text).toBe(TEXT);
    expect(last()).toMatchObject({
      path: "/openai/deployments/prod-mini/responses",
      query: { "api-version": "2025-04-01-preview" },
      model: "prod-mini",
    });
    const c = await collect(streamText({ model: azure.chat("prod-mini"), prompt: "hi", ...quiet }));
    expect(c.errors).toEqual([]);
    expect(c.text).toBe(TEXT);
    expect(c.finish?.totalUsage.outputTokens).toBe(TEXT_TOKENS);
    expect(last()).toMatchObject({ path: "/openai/deployments/prod-mini/chat/completions", api: "chat" });
    expect(last().headers["api-key"]).toBe(C.azureKey);
    const g = await generateText({ model: azure("prod-mini"), prompt: "hi" });
    expect(g.text).toBe(TEXT);
  });

  it("wrong api-key: 401 with the Azure body; 400 content_filter with innererror", async () => {
    const r = await collect(streamText({ model: azureV1("bad-key")("prod-mini"), prompt: "hi", maxRetries: 0, ...quiet }));
    expect(r.errors[0]).toMatchObject({ statusCode: 401, data: { error: { code: "401" } } });
    expect((r.errors[0] as APICallError).message).toMatch(/^Access denied due to invalid subscription key/);
    expect((r.errors[0] as APICallError).responseHeaders?.["apim-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

    emu.setScript("azure:prod-mini", { ...FAST, fault: { kind: "http", status: 400 } });
    const cf = await collect(streamText({ model: azureV1()("prod-mini"), prompt: "hi", maxRetries: 0, ...quiet }));
    const err = cf.errors[0] as APICallError;
    expect(err).toMatchObject({ statusCode: 400, isRetryable: false, data: { error: { code: "content_filter" } } });
    expect(JSON.parse(err.responseBody!).error.innererror.code).toBe("ResponsibleAIPolicyViolation");

    emu.setScript("azure:prod-mini", { ...FAST, fault: { kind: "http", status: 429, retryAfterSeconds: 1, retryAfterMs: 10 } });
    const rl = await collect(streamText({ model: azureV1()("prod-mini"), prompt: "hi", maxRetries: 0, ...quiet }));
    const e429 = rl.errors[0] as APICallError;
    expect(e429).toMatchObject({ statusCode: 429, isRetryable: true });
    expect(e429.message).toMatch(
      /^Requests to the Responses_Create Operation under Azure OpenAI API version v1 have exceeded call rate limit/,
    );
    expect(e429.responseHeaders).toMatchObject({ "retry-after": "1", "retry-after-ms": "10" });
  });
});

describe("Amazon Bedrock", () => {
  const GPT_OSS = "openai.gpt-oss-120b-1:0";

  it("SigV4 ConverseStream: eventstream frames, usage, finish reason and request shape", async () => {
    emu.setScript(`bedrock:${GPT_OSS}`, {
      ...FAST,
      text: TEXT,
      reasoning: "Short plan.",
      reasoningInText: true,
      inputTokens: 30,
    });
    const r = await collect(
      streamText({
        model: bedrockSigV4()(GPT_OSS),
        system: "Be brief.",
        prompt: "Why is the sky blue?",
        temperature: 0.2,
        maxOutputTokens: 400,
        includeRawChunks: true,
        ...quiet,
      }),
    );
    expect(r.errors).toEqual([]);
    const full = `<reasoning>Short plan.</reasoning>${TEXT}`;
    expect(r.text).toBe(full);
    expect(r.finish?.finishReason).toBe("stop");
    expect(r.finish?.totalUsage).toMatchObject({ inputTokens: 30, outputTokens: tokenize(full).length });
    // metrics.latencyMs only reaches the app as a raw chunk
    const raw = r.parts.flatMap((p) => (p.type === "raw" ? [p.rawValue as Record<string, { metrics?: { latencyMs: number } }>] : []));
    expect(raw.find((v) => v.metadata)?.metadata?.metrics?.latencyMs).toBeTypeOf("number");
    const req = last();
    expect(req).toMatchObject({
      path: "/model/openai.gpt-oss-120b-1%3A0/converse-stream",
      provider: "bedrock",
      api: "converse-stream",
      model: GPT_OSS,
      status: 200,
    });
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEMULATOR\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req.body).toMatchObject({
      system: [{ text: "Be brief." }],
      messages: [{ role: "user", content: [{ text: "Why is the sky blue?" }] }],
      inferenceConfig: { maxTokens: 400, temperature: 0.2 },
    });
  });

  it("native reasoning blocks, and Converse (generateText)", async () => {
    emu.setScript("anthropic.claude-3-5-haiku-20241022-v1:0", { ...FAST, text: "Answer.", reasoning: "Hmm, thinking." });
    const r = await collect(streamText({ model: bedrockSigV4()("anthropic.claude-3-5-haiku-20241022-v1:0"), prompt: "Q", ...quiet }));
    expect(r.errors).toEqual([]);
    expect(r.reasoning).toBe("Hmm, thinking.");
    expect(r.text).toBe("Answer.");
    const g = await generateText({ model: bedrockSigV4()("anthropic.claude-3-5-haiku-20241022-v1:0"), prompt: "Q" });
    expect(g.text).toBe("Answer.");
    expect(g.reasoningText).toBe("Hmm, thinking.");
    expect(g.finishReason).toBe("stop");
    expect(last().path).toBe("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
    expect(g.response.id).toBe(last().id);
  });

  it("every frame carries a random-length `p` padding field (raw eventstream check)", async () => {
    emu.setScript(`bedrock:${GPT_OSS}`, { ...FAST, text: "a b c d e f" });
    const res = await fetch(`${emu.url}/model/${encodeURIComponent(GPT_OSS)}/converse-stream`, {
      method: "POST",
      headers: { authorization: `Bearer ${C.aws.bearerToken}`, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] }),
    });
    expect(res.headers.get("content-type")).toBe("application/vnd.amazon.eventstream");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    let buf = new Uint8Array(await res.arrayBuffer());
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const events: { type: string; payload: Record<string, unknown> }[] = [];
    while (buf.length > 0) {
      const len = new DataView(buf.buffer, buf.byteOffset).getUint32(0);
      const msg = codec.decode(buf.subarray(0, len)); // verifies both CRCs
      events.push({ type: String(msg.headers[":event-type"]?.value), payload: JSON.parse(toUtf8(msg.body)) });
      buf = buf.subarray(len);
    }
    expect(events.map((e) => e.type)).toEqual([
      "messageStart",
      ...Array(6).fill("contentBlockDelta"),
      "contentBlockStop",
      "messageStop",
      "metadata",
    ]);
    for (const e of events) expect(typeof e.payload.p).toBe("string");
    expect(new Set(events.map((e) => (e.payload.p as string).length)).size).toBeGreaterThan(1);
  });

  it("bearer API key (AWS_BEARER_TOKEN_BEDROCK style)", async () => {
    emu.setScript(`bedrock:${GPT_OSS}`, { ...FAST, text: TEXT });
    const r = await collect(streamText({ model: bedrockBearer()(GPT_OSS), prompt: "hi", ...quiet }));
    expect(r.text).toBe(TEXT);
    expect(last().headers.authorization).toBe(`Bearer ${C.aws.bearerToken}`);
    const bad = await collect(streamText({ model: bedrockBearer("nope")(GPT_OSS), prompt: "hi", maxRetries: 0, ...quiet }));
    expect(bad.errors[0]).toMatchObject({ statusCode: 403 });
  });

  it("SigV4 verification: wrong secret, unknown key id, tampered body", async () => {
    const wrong = await collect(streamText({ model: bedrockSigV4("not-the-secret")(GPT_OSS), prompt: "hi", maxRetries: 0, ...quiet }));
    const e1 = wrong.errors[0] as APICallError;
    expect(e1).toMatchObject({ statusCode: 403, isRetryable: false });
    expect(e1.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
    expect(e1.responseHeaders?.["x-amzn-errortype"]).toBe(
      "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/",
    );
    expect(e1.responseHeaders?.["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);

    const unknown = await collect(
      streamText({ model: bedrockSigV4(C.aws.secretAccessKey, "AKIDSOMEONEELSE")(GPT_OSS), prompt: "hi", maxRetries: 0, ...quiet }),
    );
    expect((unknown.errors[0] as APICallError).responseHeaders?.["x-amzn-errortype"]).toMatch(/^UnrecognizedClientException:/);

    // the provider's `fetch` runs after signing: change one byte of the body
    const tampering = createAmazonBedrock({
      baseURL: emu.url,
      region: C.aws.region,
      accessKeyId: C.aws.accessKeyId,
      secretAccessKey: C.aws.secretAccessKey,
      fetch: (input, init) => fetch(input, { ...init, body: String(init?.body).replace('"hi"', '"ho"') }),
    });
    const t = await collect(streamText({ model: tampering(GPT_OSS), prompt: "hi", maxRetries: 0, ...quiet }));
    expect((t.errors[0] as APICallError).responseHeaders?.["x-amzn-errortype"]).toMatch(/^InvalidSignatureException:/);
  });

  it("in-stream throttlingException frame -> a bare {message} error part, not retried", async () => {
    emu.setScript(`bedrock:${GPT_OSS}`, { ...FAST, fault: { kind: "stream-error-before-text" } });
    const r = await collect(streamText({ model: bedrockSigV4()(GPT_OSS), prompt: "hi", ...quiet }));
    expect(r.text).toBe("");
    expect(r.errors).toEqual([{ message: "Too many requests, please wait before trying again." }]);
    expect(r.finish?.finishReason).toBe("error");
    expect(emu.requests).toHaveLength(1);
  });

  it("modelStreamErrorException after text keeps the partial text", async () => {
    emu.setScript(`bedrock:${GPT_OSS}`, { ...FAST, text: TEXT, fault: { kind: "stream-error-after-text", afterTokens: 3 } });
    const r = await collect(streamText({ model: bedrockSigV4()(GPT_OSS), prompt: "hi", ...quiet }));
    expect(r.text).toBe(tokenize(TEXT).slice(0, 3).join(""));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ message: expect.stringMatching(/^Model stream error/), originalStatusCode: 500 });
    expect(r.finish?.finishReason).toBe("error");
  });

  it("guardrail_intervened -> content-filter; drop -> for-await throws; 429 ThrottlingException", async () => {
    emu.setScript(`bedrock:${GPT_OSS}`, { ...FAST, text: TEXT, fault: { kind: "content-filter", afterTokens: 2 } });
    const cf = await collect(streamText({ model: bedrockSigV4()(GPT_OSS), prompt: "hi", ...quiet }));
    expect(cf.finish?.finishReason).toBe("content-filter");
    expect(cf.finish?.rawFinishReason).toBe("guardrail_intervened");

    emu.setScript(`bedrock:${GPT_OSS}`, { ...FAST, text: TEXT, fault: { kind: "drop", afterTokens: 2 } });
    const d = await collect(streamText({ model: bedrockSigV4()(GPT_OSS), prompt: "hi", ...quiet }));
    expect(d.thrown).toBeDefined();
    expect(d.text).toBe(tokenize(TEXT).slice(0, 2).join(""));

    emu.setScript(`bedrock:${GPT_OSS}`, { ...FAST, fault: { kind: "http", status: 429 } });
    const th = await collect(streamText({ model: bedrockSigV4()(GPT_OSS), prompt: "hi", maxRetries: 0, ...quiet }));
    const e = th.errors[0] as APICallError;
    expect(e).toMatchObject({ statusCode: 429, isRetryable: true, message: "Too many requests, please wait before trying again." });
    expect(e.responseHeaders?.["x-amzn-errortype"]).toBe("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  });
});

describe("OpenAI-compatible endpoint", () => {
  it("Chat Completions with reasoning_content deltas (@ai-sdk/openai-compatible)", async () => {
    emu.setScript("compatible:gpt-oss:20b", { ...FAST, text: "Answer.", reasoning: "Let me think." });
    const local = createOpenAICompatible({ name: "local", baseURL: `${emu.url}/compatible/v1`, includeUsage: true });
    const r = await collect(streamText({ model: local.chatModel("gpt-oss:20b"), prompt: "Q", ...quiet }));
    expect(r.errors).toEqual([]);
    expect(r.reasoning).toBe("Let me think.");
    expect(r.text).toBe("Answer.");
    expect(r.finish?.totalUsage).toMatchObject({ outputTokens: 6, outputTokenDetails: { reasoningTokens: 4 } });
    expect(last()).toMatchObject({ provider: "compatible", path: "/compatible/v1/chat/completions", model: "gpt-oss:20b" });
  });
});

describe("pacing and control API", () => {
  it("ttftMs and tokensPerSecond shape the timing", async () => {
    emu.setScript("openai:gpt-4o-mini", { text: "one two three four five six seven eight nine ten", ttftMs: 150, tokensPerSecond: 50 });
    const t0 = Date.now();
    let first = 0;
    const result = streamText({ model: openai()("gpt-4o-mini"), prompt: "hi", ...quiet });
    for await (const p of result.fullStream) if (p.type === "text-delta" && !first) first = Date.now() - t0;
    const total = Date.now() - t0;
    expect(first).toBeGreaterThanOrEqual(140);
    expect(first).toBeLessThan(1000); // generous: CI machines are busy
    expect(total).toBeGreaterThanOrEqual(150 + 9 * 20 - 15); // 9 gaps of 20 ms after the first delta
  });

  it("scripts, requests, reset and health over HTTP", async () => {
    const health = await (await fetch(`${emu.url}/__emulator/health`)).json();
    expect(health).toMatchObject({ status: "ok", url: emu.url });
    const set = await fetch(`${emu.url}/__emulator/scripts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: "openai:gpt-4.1", script: { ...FAST, text: "via control API" } }),
    });
    expect(set.status).toBe(200);
    const g = await generateText({ model: openai()("gpt-4.1"), prompt: "hi" });
    expect(g.text).toBe("via control API");
    const recorded = await (await fetch(`${emu.url}/__emulator/requests`)).json();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ path: "/v1/responses", model: "gpt-4.1", provider: "openai" });
    const invalid = await fetch(`${emu.url}/__emulator/scripts`, {
      method: "POST",
      body: JSON.stringify({ key: "x", script: { fault: { kind: "nope" } } }),
    });
    expect(invalid.status).toBe(400);
    await fetch(`${emu.url}/__emulator/scripts`, { method: "POST", body: JSON.stringify({ key: "openai:gpt-4.1", script: null }) });
    await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
    expect(emu.requests).toHaveLength(0);
  });
});
