// The Anthropic API provider and Claude across clouds: env, logical models, catalog, prices, the
// capability table, error sentences, and the request the real @ai-sdk/anthropic package builds
// (a capturing fetch: nothing leaves the process).
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { APICallError } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { describeError } from "@/lib/calls/describe-error";
import { callSettings, notSentFromWarnings, notSentReason, paramsNotSent, reasoningOf } from "@/lib/compare/capabilities";
import { EnvError, parseEnv } from "@/lib/env";
import { findModel, getCatalog, isProviderConfigured, normalizeLogicalModel } from "@/lib/providers/catalog";
import { missingConfigHint, providerDisplayName } from "@/lib/providers/display";
import { getLanguageModel, ProviderNotConfiguredError } from "@/lib/providers/index";

const KEY = "test-anthropic-key";
const env = parseEnv({ ANTHROPIC_API_KEY: KEY });

function envError(raw: Record<string, string>): string {
  try {
    parseEnv(raw);
  } catch (e) {
    if (e instanceof EnvError) return e.message;
    throw e;
  }
  throw new Error("expected an EnvError");
}

describe("normalizeLogicalModel: one Claude model on every cloud", () => {
  it.each([
    // Anthropic API: aliases and dated snapshots
    ["claude-sonnet-4-5", "claude-sonnet-4.5"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4.5"],
    ["claude-haiku-4-5-20251001", "claude-haiku-4.5"],
    ["claude-opus-4-1", "claude-opus-4.1"],
    ["claude-opus-4-1-20250805", "claude-opus-4.1"],
    ["claude-sonnet-4-0", "claude-sonnet-4"],
    ["claude-sonnet-4-20250514", "claude-sonnet-4"],
    ["claude-3-5-haiku-20241022", "claude-3-5-haiku"],
    ["claude-3-5-haiku-latest", "claude-3-5-haiku"],
    // Bedrock: in-region ids and cross-region inference profiles
    ["anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4.5"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4.5"],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4.5"],
    ["eu.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4.5"],
    ["us.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4.1"],
    ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4.5"],
    // Vertex AI
    ["claude-sonnet-4-5@20250929", "claude-sonnet-4.5"],
    ["claude-haiku-4-5@20251001", "claude-haiku-4.5"],
    ["claude-opus-4-1@20250805", "claude-opus-4.1"],
    ["claude-3-5-haiku@20241022", "claude-3-5-haiku"],
    // a gateway's org/model form
    ["anthropic/claude-sonnet-4-5", "claude-sonnet-4.5"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeLogicalModel(input)).toBe(expected);
  });

  it("leaves other models alone", () => {
    expect(normalizeLogicalModel("gpt-4.1")).toBe("gpt-4.1");
    expect(normalizeLogicalModel("claude-instant-1")).toBe("claude-instant-1");
  });
});

describe("parseEnv: Anthropic", () => {
  it("is configured by ANTHROPIC_API_KEY alone, with the built-in models", () => {
    expect(env.anthropic).toEqual({ configured: true, apiKey: KEY, baseURL: undefined, models: undefined });
    expect(parseEnv({}).anthropic.configured).toBe(false);
  });

  it("takes ANTHROPIC_BASE_URL with /v1, as @ai-sdk/anthropic reads it (trailing slash dropped)", () => {
    expect(parseEnv({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: "http://127.0.0.1:4010/v1/" }).anthropic.baseURL).toBe(
      "http://127.0.0.1:4010/v1",
    );
    expect(parseEnv({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: "https://gateway.example.com/anthropic/v1" }).anthropic.baseURL).toBe(
      "https://gateway.example.com/anthropic/v1",
    );
    // the bare API origin gets its /v1, as the package does
    expect(parseEnv({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: "https://api.anthropic.com/" }).anthropic.baseURL).toBe(
      "https://api.anthropic.com/v1",
    );
  });

  it("refuses a base URL without /v1 (the form Anthropic's own SDKs take) with a sentence naming the variable", () => {
    expect(envError({ ANTHROPIC_BASE_URL: "https://gateway.example.com" })).toBe(
      'Invalid environment: ANTHROPIC_BASE_URL must be the API base URL including /v1, like https://api.anthropic.com/v1 (Juxta posts to <base URL>/messages) (got "https://gateway.example.com").',
    );
    expect(envError({ ANTHROPIC_BASE_URL: "api.anthropic.com/v1" })).toContain(
      "ANTHROPIC_BASE_URL must be a URL like https://api.anthropic.com/v1",
    );
  });

  it("parses ANTHROPIC_MODELS like BEDROCK_MODELS and rejects a bad list", () => {
    expect(parseEnv({ ANTHROPIC_MODELS: "claude-sonnet-4-5-20250929, my-claude=claude-sonnet-4.5" }).anthropic.models).toEqual([
      { id: "claude-sonnet-4-5-20250929" },
      { id: "my-claude", logicalModel: "claude-sonnet-4.5" },
    ]);
    expect(envError({ ANTHROPIC_MODELS: "claude-sonnet-4-5,,claude-haiku-4-5" })).toMatch(
      /^Invalid environment: ANTHROPIC_MODELS must be a comma-separated list/,
    );
    expect(envError({ ANTHROPIC_MODELS: "claude-sonnet-4-5,claude-sonnet-4-5" })).toContain('"claude-sonnet-4-5" is listed twice');
  });

  it("never echoes the key, and reserves the name for compatible endpoints", () => {
    // a key is never wrong by shape; the secret list still keeps it out of any message
    expect(envError({ ANTHROPIC_API_KEY: "sk-ant-secret", ANTHROPIC_BASE_URL: "nope" })).not.toContain("sk-ant-secret");
    expect(envError({ OPENAI_COMPATIBLE_ENDPOINTS: "anthropic" })).toContain('"anthropic" is reserved');
  });
});

describe("catalog: Claude on Anthropic and Bedrock", () => {
  it("lists the Anthropic built-ins, available with a key, priced from genai-prices", () => {
    const anthropic = getCatalog(env).filter((m) => m.provider === "anthropic");
    expect(anthropic.map((m) => [m.id, m.label, m.logicalModel, m.available])).toEqual([
      ["anthropic:claude-sonnet-4-5", "Claude Sonnet 4.5", "claude-sonnet-4.5", true],
      ["anthropic:claude-haiku-4-5", "Claude Haiku 4.5", "claude-haiku-4.5", true],
      ["anthropic:claude-opus-4-1", "Claude Opus 4.1", "claude-opus-4.1", true],
    ]);
    expect(anthropic.map((m) => [m.price?.input, m.price?.cachedInput, m.price?.output, m.price?.source])).toEqual([
      [3, 0.3, 15, "genai-prices"],
      [1, 0.1, 5, "genai-prices"],
      [15, 1.5, 75, "genai-prices"],
    ]);
    expect(anthropic.every((m) => m.providerLabel === "Anthropic" && m.contextWindow === 200_000 && m.location === undefined)).toBe(true);
    expect(getCatalog(parseEnv({})).find((m) => m.id === "anthropic:claude-sonnet-4-5")?.available).toBe(false);
  });

  it("ANTHROPIC_MODELS replaces the defaults; a dated snapshot links to its logical model; a gateway shows as the location", () => {
    const custom = parseEnv({
      ANTHROPIC_API_KEY: KEY,
      ANTHROPIC_BASE_URL: "https://llm-gateway.example.com/v1",
      ANTHROPIC_MODELS: "claude-sonnet-4-5-20250929,claude-opus-4-1,house-claude=claude-haiku-4.5,claude-3-7-sonnet-20250219",
    });
    const anthropic = getCatalog(custom).filter((m) => m.provider === "anthropic");
    expect(anthropic.map((m) => [m.id, m.label, m.logicalModel])).toEqual([
      ["anthropic:claude-sonnet-4-5-20250929", "Claude Sonnet 4.5 (claude-sonnet-4-5-20250929)", "claude-sonnet-4.5"],
      ["anthropic:claude-opus-4-1", "Claude Opus 4.1", "claude-opus-4.1"],
      ["anthropic:house-claude", "Claude Haiku 4.5 (house-claude)", "claude-haiku-4.5"],
      ["anthropic:claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219", "claude-3-7-sonnet"],
    ]);
    expect(anthropic.every((m) => m.location === "llm-gateway.example.com")).toBe(true);
    // genai-prices knows the dated id too
    expect(anthropic[0]!.price).toMatchObject({ input: 3, output: 15, source: "genai-prices" });
  });

  it("has Claude 4.5 on Bedrock as cross-region profiles, linked by logical model and priced per profile", () => {
    const bedrock = parseEnv({
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "secret",
      ANTHROPIC_API_KEY: KEY,
    });
    const us = findModel("bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0", bedrock)!;
    const global = findModel("bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0", bedrock)!;
    const haiku = findModel("bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0", bedrock)!;
    expect([us.label, global.label, haiku.label]).toEqual([
      "Claude Sonnet 4.5 (us cross-region)",
      "Claude Sonnet 4.5 (global cross-region)",
      "Claude Haiku 4.5 (us cross-region)",
    ]);
    const sonnets = getCatalog(bedrock).filter((m) => m.logicalModel === "claude-sonnet-4.5");
    expect(sonnets.map((m) => m.id)).toEqual([
      "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "anthropic:claude-sonnet-4-5",
      // and on Vertex AI (its built-in list)
      "vertex:claude-sonnet-4-5@20250929",
    ]);
    // genai-prices (aws): a geographic profile costs 10% more than the global one
    expect([us.price?.input, us.price?.output]).toEqual([3.3, 16.5]);
    expect([global.price?.input, global.price?.output]).toEqual([3, 15]);
    expect([haiku.price?.input, haiku.price?.output]).toEqual([1.1, 5.5]);
    expect(haiku.logicalModel).toBe("claude-haiku-4.5");
  });

  it("display name, configuration hint and ProviderId", () => {
    expect(providerDisplayName("anthropic")).toBe("Anthropic");
    expect(missingConfigHint("anthropic")).toBe("Set ANTHROPIC_API_KEY (from console.anthropic.com) to use Anthropic models.");
    expect(isProviderConfigured("anthropic", env)).toBe(true);
    expect(isProviderConfigured("anthropic", parseEnv({}))).toBe(false);
  });
});

describe("capability table: the Messages API", () => {
  const sonnet = { provider: "anthropic", providerLabel: "Anthropic", label: "Claude Sonnet 4.5", logicalModel: "claude-sonnet-4.5" };
  const bedrockSonnet = { ...sonnet, provider: "bedrock", providerLabel: "Amazon Bedrock" };
  const oldHaiku = { ...sonnet, label: "Claude 3.5 Haiku", logicalModel: "claude-3-5-haiku" };

  it("Claude thinking models take low, medium and high; Claude 3.5 Haiku has no reasoning", () => {
    expect(reasoningOf("claude-sonnet-4.5")).toEqual({ efforts: ["low", "medium", "high"] });
    expect(reasoningOf("claude-opus-4.1")).toEqual({ efforts: ["low", "medium", "high"] });
    expect(reasoningOf("claude-3-5-haiku")).toBeNull();
    expect(notSentReason(sonnet, "reasoningEffort", { reasoningEffort: "minimal" })).toBe("Claude Sonnet 4.5 takes low, medium or high");
    expect(notSentReason(oldHaiku, "reasoningEffort", { reasoningEffort: "low" })).toBe("Claude 3.5 Haiku has no reasoning effort");
  });

  it("sends temperature, top-p, stop sequences and max tokens; no seed", () => {
    expect(paramsNotSent(sonnet, { temperature: 0.5, stopSequences: ["END"], maxOutputTokens: 100, seed: 1 })).toEqual([
      { param: "seed", reason: "not supported by Anthropic" },
    ]);
    expect(paramsNotSent(sonnet, { topP: 0.9 })).toEqual([]);
    expect(callSettings(sonnet, { temperature: 0.5, stopSequences: ["END"], maxOutputTokens: 100, seed: 1 })).toEqual({
      settings: { temperature: 0.5, maxOutputTokens: 100, stopSequences: ["END"] },
      notSent: ["seed"],
    });
  });

  it("max_tokens is required: unset, the model's own maximum from model-info is sent (the SDK would use 4096 for an id it does not know)", () => {
    expect(callSettings(sonnet, {}).settings).toEqual({ maxOutputTokens: 64_000 });
    expect(callSettings({ ...sonnet, logicalModel: "claude-opus-4.1" }, {}).settings).toEqual({ maxOutputTokens: 32_000 });
    expect(callSettings({ ...sonnet, logicalModel: "some-private-model" }, {}).settings).toEqual({});
    // with thinking the SDK adds the budget to max_tokens and caps it: left to the SDK
    expect(callSettings(sonnet, { reasoningEffort: "low" }).settings).toEqual({});
  });

  it("temperature or top-p, not both (the SDK drops top-p; Bedrock would send both and the model refuses)", () => {
    const both = { temperature: 0.5, topP: 0.9 };
    const reason = "Claude takes temperature or top-p, not both (temperature is sent)";
    expect(notSentReason(sonnet, "topP", both)).toBe(reason);
    expect(notSentReason(bedrockSonnet, "topP", both)).toBe(reason);
    expect(callSettings(bedrockSonnet, both).settings).toEqual({ temperature: 0.5 });
    // older Claude models on Bedrock take both
    expect(notSentReason({ ...bedrockSonnet, logicalModel: "claude-3-5-haiku" }, "topP", both)).toBeNull();
  });

  it("reasoning effort is an extended-thinking budget; while Claude thinks, no temperature or top-p", () => {
    const params = { reasoningEffort: "high" as const, temperature: 0.3, topP: 0.8 };
    expect(callSettings(sonnet, params)).toEqual({
      settings: {},
      providerOptions: { anthropic: { thinking: { type: "enabled", budgetTokens: 16384 } } },
      notSent: ["temperature", "topP"],
    });
    expect(notSentReason(sonnet, "temperature", params)).toBe("Claude takes no temperature while it thinks (reasoning effort is set)");
    expect(callSettings(bedrockSonnet, { reasoningEffort: "low" }).providerOptions).toEqual({
      bedrock: { reasoningConfig: { type: "enabled", budgetTokens: 1024 } },
    });
    // an effort the model does not take is not sent, and the temperature goes through
    expect(callSettings(sonnet, { reasoningEffort: "minimal", temperature: 0.3 })).toEqual({
      settings: { temperature: 0.3, maxOutputTokens: 64_000 },
      notSent: ["reasoningEffort"],
    });
    // gpt-oss on Bedrock keeps its reasoning_effort path
    expect(callSettings({ ...bedrockSonnet, logicalModel: "gpt-oss-120b" }, { reasoningEffort: "low" }).providerOptions).toEqual({
      bedrock: { reasoningConfig: { maxReasoningEffort: "low" } },
    });
  });

  it("reads the Anthropic SDK's warnings: a clamped temperature was sent; dropped ones were not", () => {
    const warnings = [
      { type: "unsupported", feature: "temperature", details: "1.5 exceeds anthropic maximum of 1.0. clamped to 1.0" },
      { type: "unsupported", feature: "seed" },
      { type: "unsupported", feature: "topP", details: "topP is not supported when temperature is set. topP is ignored." },
    ];
    expect(notSentFromWarnings(warnings, { temperature: 1.5, seed: 1, topP: 0.5 })).toEqual(["seed", "topP"]);
  });
});

describe("describeError: Anthropic", () => {
  const apiError = (statusCode: number, message: string, extra: Partial<ConstructorParameters<typeof APICallError>[0]> = {}) =>
    new APICallError({ message, url: "http://127.0.0.1/v1/messages", requestBodyValues: {}, statusCode, ...extra });

  it("429 rate_limit_error, with the wait Anthropic asked for", () => {
    const error = apiError(429, "This request would exceed the rate limit for your organization", {
      responseHeaders: { "request-id": "req_011CAbc", "retry-after": "12" },
      data: { type: "error", error: { type: "rate_limit_error", message: "..." } },
    });
    expect(describeError(error, "Anthropic", 3)).toEqual({
      code: "rate_limited",
      statusCode: 429,
      requestId: "req_011CAbc",
      message: "Rate limited by Anthropic (429) after 3 attempts; it asked to wait 12 s before retrying.",
    });
  });

  it("529 overloaded_error (HTTP, or thrown by the SDK for an overloaded first stream event)", () => {
    expect(describeError(apiError(529, "Overloaded"), "Anthropic", 3)).toEqual({
      code: "overloaded",
      statusCode: 529,
      message:
        "Anthropic is overloaded (529) after 3 attempts: its API is temporarily overloaded (not your rate limit); try again shortly.",
    });
  });

  it("an in-stream error event arrives as a plain {type, message} object", () => {
    expect(describeError({ type: "overloaded_error", message: "Overloaded" }, "Anthropic")).toEqual({
      code: "overloaded",
      statusCode: 529,
      message: "Anthropic became overloaded mid-answer (overloaded_error): Overloaded",
    });
    expect(describeError({ type: "api_error", message: "Internal server error" }, "Anthropic")).toEqual({
      code: "stream_error",
      message: "Anthropic reported an error mid-stream (api_error): Internal server error",
    });
    expect(describeError({ type: "rate_limit_error", message: "Slow down" }, "Anthropic")).toMatchObject({
      code: "rate_limited",
      message: "Rate limited by Anthropic mid-stream: Slow down",
    });
  });

  it("401 invalid x-api-key", () => {
    expect(describeError(apiError(401, "invalid x-api-key"), "Anthropic").message).toBe(
      "Anthropic rejected the credentials (401): invalid x-api-key",
    );
  });
});

describe("request shape: the real @ai-sdk/anthropic package", () => {
  type Captured = { url: string; headers: Headers; body: Record<string, unknown> };
  const prompt: LanguageModelV3Prompt = [{ role: "user", content: [{ type: "text", text: "Why is the sky blue?" }] }];
  async function capture(modelId: string, e = env): Promise<Captured> {
    const requests: Captured[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      requests.push({ url, headers: new Headers(init?.headers as HeadersInit), body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify({ type: "error", error: { type: "api_error", message: "captured" } }), {
        status: 500,
        headers: { "content-type": "application/json" },
      });
    }) as typeof globalThis.fetch;
    const model = getLanguageModel(findModel(modelId, e)!, e, { fetch });
    await expect(model.doStream({ prompt })).rejects.toThrow("captured");
    expect(requests).toHaveLength(1);
    return requests[0]!;
  }

  beforeAll(() => {
    vi.stubGlobal("fetch", () => Promise.reject(new Error("network disabled in unit tests")));
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("posts to https://api.anthropic.com/v1/messages with x-api-key and anthropic-version", async () => {
    const request = await capture("anthropic:claude-sonnet-4-5");
    expect(request.url).toBe("https://api.anthropic.com/v1/messages");
    expect(request.headers.get("x-api-key")).toBe(KEY);
    expect(request.headers.get("anthropic-version")).toBe("2023-06-01");
    expect(request.body).toMatchObject({ model: "claude-sonnet-4-5", stream: true, max_tokens: 64000 });
  });

  it("uses our parsed base URL and key, never the package's own reading of process.env", async () => {
    vi.stubEnv("ANTHROPIC_BASE_URL", "https://elsewhere.example.com/v1");
    vi.stubEnv("ANTHROPIC_API_KEY", "stray-key");
    const local = parseEnv({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: "http://127.0.0.1:4010/v1" });
    const request = await capture("anthropic:claude-haiku-4-5", local);
    expect(request.url).toBe("http://127.0.0.1:4010/v1/messages");
    expect(request.headers.get("x-api-key")).toBe(KEY);
    const defaults = await capture("anthropic:claude-haiku-4-5");
    expect(defaults.url).toBe("https://api.anthropic.com/v1/messages");
  });

  it("refuses to build a model without a key, saying what to set", () => {
    const none = parseEnv({});
    expect(() => getLanguageModel(findModel("anthropic:claude-sonnet-4-5", none)!, none)).toThrow(ProviderNotConfiguredError);
    expect(() => getLanguageModel(findModel("anthropic:claude-sonnet-4-5", none)!, none)).toThrow(/Set ANTHROPIC_API_KEY/);
  });
});
