// Foundry models on Azure, Bedrock's OpenAI-compatible API and Bedrock cross-region profiles:
// env parsing, catalog entries (ids, labels, logical models, prices), parameters, the
// reasoning_content rewrite, and request shapes through the real provider packages with a
// capturing fetch (nothing leaves the process).
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { APICallError } from "ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { describeError } from "../../lib/calls/describe-error";
import { callSettings, paramsNotSent } from "../../lib/compare/capabilities";
import { EnvError, normalizeFoundryModel, parseEnv, type Env } from "../../lib/env";
import { bedrockOpenAIBaseURL } from "../../lib/providers/bedrock-openai";
import { bedrockProfileOf, findModel, getCatalog, isProviderConfigured } from "../../lib/providers/catalog";
import { missingConfigHint } from "../../lib/providers/display";
import { getLanguageModel } from "../../lib/providers/index";
import { moveReasoningIntoContent, reasoningContentAsText } from "../../lib/providers/reasoning-content";
import type { CatalogModel } from "../../lib/providers/types";

const azureBase = {
  AZURE_OPENAI_API_KEY: "azure-key",
  AZURE_OPENAI_ENDPOINT: "https://myres.openai.azure.com",
};
const awsKeys = { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret" };

function envError(raw: Record<string, string>): string {
  try {
    parseEnv(raw);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected an EnvError");
}

function model(id: string, env: Env): CatalogModel {
  const found = findModel(id, env);
  if (!found) throw new Error(`no model ${id}`);
  return found;
}

describe("AZURE_FOUNDRY_DEPLOYMENTS", () => {
  it("parses deployment=model entries, normalizing Foundry's model names to logical models", () => {
    const env = parseEnv({
      ...azureBase,
      AZURE_FOUNDRY_DEPLOYMENTS:
        "phi-4=Phi-4,llama-70b=Llama-3.3-70B-Instruct, DeepSeek-R1 ,mistral=Mistral-Large-2411,mav=Llama-4-Maverick-17B-128E-Instruct-FP8",
    });
    expect(env.azure.foundryDeployments).toEqual([
      { deployment: "phi-4", model: "phi-4" },
      { deployment: "llama-70b", model: "llama-3.3-70b-instruct" },
      { deployment: "DeepSeek-R1" },
      { deployment: "mistral", model: "mistral-large-2411" },
      { deployment: "mav", model: "llama-4-maverick-17b-128e-instruct" },
    ]);
    expect(env.azure.deployments).toEqual([]);
  });

  it.each([
    ["Phi-4", "phi-4"],
    ["Phi-4-mini-instruct", "phi-4-mini-instruct"],
    ["DeepSeek-R1", "deepseek-r1"],
    ["Mistral-Large-2411", "mistral-large-2411"],
    ["Llama-3.3-70B-Instruct", "llama-3.3-70b-instruct"],
    ["Meta-Llama-3.1-8B-Instruct", "llama-3.1-8b-instruct"],
    ["Llama-4-Maverick-17B-128E-Instruct-FP8", "llama-4-maverick-17b-128e-instruct"],
  ])("normalizes %s to %s", (name, logical) => {
    expect(normalizeFoundryModel(name)).toBe(logical);
  });

  it("configures Azure with either list", () => {
    expect(parseEnv({ ...azureBase, AZURE_FOUNDRY_DEPLOYMENTS: "phi-4" }).azure.configured).toBe(true);
    expect(parseEnv({ ...azureBase, AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini" }).azure.configured).toBe(true);
    expect(parseEnv({ ...azureBase }).azure.configured).toBe(false);
    expect(parseEnv({ AZURE_FOUNDRY_DEPLOYMENTS: "phi-4" }).azure.configured).toBe(false);
  });

  it("refuses a deployment listed in both Azure lists, naming it", () => {
    const message = envError({
      ...azureBase,
      AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini,phi-4",
      AZURE_FOUNDRY_DEPLOYMENTS: "phi-4=Phi-4",
    });
    expect(message).toContain('AZURE_FOUNDRY_DEPLOYMENTS must not list a deployment that AZURE_OPENAI_DEPLOYMENTS also lists ("phi-4")');
  });

  it("refuses malformed entries with the list's own message", () => {
    expect(envError({ AZURE_FOUNDRY_DEPLOYMENTS: "phi-4=Phi-4=x" })).toContain('"phi-4=Phi-4=x" has more than one "="');
    expect(envError({ AZURE_FOUNDRY_DEPLOYMENTS: "phi-4,,x" })).toContain("an entry is empty");
    expect(envError({ AZURE_FOUNDRY_DEPLOYMENTS: "phi 4" })).toContain("contains a space");
  });
});

describe("BEDROCK_OPENAI_MODELS", () => {
  it("is undefined (the default list) when unset, parsed when set", () => {
    expect(parseEnv(awsKeys).bedrock.openaiModels).toBeUndefined();
    expect(parseEnv({ ...awsKeys, BEDROCK_OPENAI_MODELS: "openai.gpt-oss-120b-1:0=oss-big" }).bedrock.openaiModels).toEqual([
      { id: "openai.gpt-oss-120b-1:0", logicalModel: "oss-big" },
    ]);
    expect(envError({ BEDROCK_OPENAI_MODELS: "openai.gpt-oss-120b-1:0,openai.gpt-oss-120b-1:0" })).toContain("is listed twice");
  });

  it("reserves bedrock-openai as a compatible endpoint name (catalog ids would collide)", () => {
    expect(envError({ OPENAI_COMPATIBLE_ENDPOINTS: "bedrock-openai" })).toContain('"bedrock-openai" is reserved');
  });
});

describe("Foundry catalog entries", () => {
  const env = parseEnv({
    ...azureBase,
    AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini",
    AZURE_FOUNDRY_DEPLOYMENTS:
      "phi-4=Phi-4,llama-70b=Llama-3.3-70B-Instruct,DeepSeek-R1,mistral=Mistral-Large-2411,my-model=Some-New-Model",
  });

  it("are azure:<deployment> ids of provider azure, labelled Microsoft Foundry, on the resource, through Chat Completions", () => {
    expect(model("azure:phi-4", env)).toMatchObject({
      provider: "azure",
      providerLabel: "Microsoft Foundry",
      location: "myres",
      providerModelId: "phi-4",
      label: "Phi-4",
      logicalModel: "phi-4",
      contextWindow: 16_384,
      api: "chat-completions",
      reasoningTag: "think",
      reasoningInText: true,
      available: true,
    });
    expect(model("azure:llama-70b", env)).toMatchObject({
      label: "Llama 3.3 70B Instruct (llama-70b)",
      logicalModel: "llama-3.3-70b-instruct",
    });
    expect(model("azure:DeepSeek-R1", env)).toMatchObject({ label: "DeepSeek-R1", logicalModel: "deepseek-r1" });
    expect(model("azure:my-model", env)).toMatchObject({ label: "some-new-model (my-model)", logicalModel: "some-new-model" });
    // Azure OpenAI deployments keep the Responses API
    expect(model("azure:prod-mini", env)).toMatchObject({ providerLabel: "Azure OpenAI" });
    expect(model("azure:prod-mini", env).api).toBeUndefined();
  });

  it("link to the same model on other clouds", () => {
    const llama = getCatalog(env).filter((m) => m.logicalModel === "llama-3.3-70b-instruct");
    expect(llama.map((m) => m.id)).toEqual(["azure:llama-70b", "bedrock:meta.llama3-3-70b-instruct-v1:0"]);
  });

  it("are priced from genai-prices where it knows Azure's price, else from a dated list price", () => {
    expect(model("azure:phi-4", env).price).toEqual({ input: 0.07, output: 0.14, source: "genai-prices" });
    // genai-prices 0.1.8 would price it as DeepSeek's own API: Azure's list price instead
    expect(model("azure:DeepSeek-R1", env).price).toEqual({ input: 1.35, output: 5.4, source: "list price 2025-06" });
    expect(model("azure:llama-70b", env).price).toEqual({ input: 0.71, output: 0.71, source: "list price 2025-06" });
    expect(model("azure:mistral", env).price).toEqual({ input: 2, output: 6, source: "list price 2025-06" });
    expect(model("azure:my-model", env).price).toBeUndefined();
  });

  it("the hint names either Azure list", () => {
    expect(missingConfigHint("azure", parseEnv({ AZURE_API_KEY: "k", AZURE_RESOURCE_NAME: "myres" }))).toContain(
      "AZURE_FOUNDRY_DEPLOYMENTS",
    );
  });
});

describe("Bedrock's OpenAI-compatible API in the catalog", () => {
  it("lists gpt-oss by default as bedrock-openai:<model>, linked to the Converse entries, priced as Bedrock", () => {
    const env = parseEnv(awsKeys);
    const entry = model("bedrock-openai:openai.gpt-oss-120b-1:0", env);
    const converse = model("bedrock:openai.gpt-oss-120b-1:0", env);
    expect(entry).toMatchObject({
      provider: "bedrock-openai",
      providerLabel: "Amazon Bedrock (OpenAI API)",
      location: "us-east-1",
      providerModelId: "openai.gpt-oss-120b-1:0",
      label: "gpt-oss-120b",
      logicalModel: "gpt-oss-120b",
      contextWindow: 128_000,
      reasoningInText: true,
      available: true,
    });
    expect(entry.reasoningTag).toBeUndefined();
    expect(entry.logicalModel).toBe(converse.logicalModel);
    expect(entry.price).toEqual(converse.price);
    expect(entry.price?.source).toBe("genai-prices");
    expect(isProviderConfigured("bedrock-openai", env)).toBe(true);
    expect(isProviderConfigured("bedrock-openai", parseEnv({}))).toBe(false);
  });

  it("takes BEDROCK_OPENAI_MODELS instead of the defaults", () => {
    const env = parseEnv({ ...awsKeys, BEDROCK_OPENAI_MODELS: "openai.gpt-oss-20b-1:0=small-oss" });
    expect(
      getCatalog(env)
        .filter((m) => m.provider === "bedrock-openai")
        .map((m) => [m.id, m.logicalModel]),
    ).toEqual([["bedrock-openai:openai.gpt-oss-20b-1:0", "small-oss"]]);
  });

  it("its endpoint is <runtime origin>/openai/v1", () => {
    expect(bedrockOpenAIBaseURL({ region: "eu-west-1", baseURL: undefined })).toBe(
      "https://bedrock-runtime.eu-west-1.amazonaws.com/openai/v1",
    );
    expect(bedrockOpenAIBaseURL({ region: "us-east-1", baseURL: "http://127.0.0.1:4010/" })).toBe("http://127.0.0.1:4010/openai/v1");
    expect(bedrockOpenAIBaseURL({ region: undefined, baseURL: undefined })).toBeUndefined();
  });

  it("the hint names Bedrock's variables", () => {
    expect(missingConfigHint("bedrock-openai")).toMatch(
      /^Set AWS_REGION and AWS credentials \(.*\) to use Bedrock's OpenAI-compatible API/,
    );
  });
});

describe("Bedrock cross-region inference profiles", () => {
  const env = parseEnv({
    ...awsKeys,
    BEDROCK_MODELS: [
      "meta.llama3-3-70b-instruct-v1:0",
      "us.meta.llama3-3-70b-instruct-v1:0",
      "eu.amazon.nova-pro-v1:0",
      "apac.amazon.nova-pro-v1:0",
      "global.anthropic.claude-sonnet-4-5-20250929-v1:0=claude-sonnet-4.5",
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0=claude-sonnet-4.5",
      "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-3-5-haiku-20241022-v1:0",
      "global.amazon.nova-2-lite-v1:0",
    ].join(","),
  });
  const bedrock = getCatalog(env).filter((m) => m.provider === "bedrock");

  it("are deployments of their own, with the geography in the label and the model linked", () => {
    const rows = bedrock.map((m) => [m.id, m.label, m.logicalModel, m.location]);
    expect(rows.filter(([id]) => !String(id).includes("claude-sonnet-4-5"))).toEqual([
      ["bedrock:meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B Instruct", "llama-3.3-70b-instruct", "us-east-1"],
      ["bedrock:us.meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B Instruct (US cross-region)", "llama-3.3-70b-instruct", "us-east-1"],
      ["bedrock:eu.amazon.nova-pro-v1:0", "Amazon Nova Pro (EU cross-region)", "nova-pro", "us-east-1"],
      ["bedrock:apac.amazon.nova-pro-v1:0", "Amazon Nova Pro (APAC cross-region)", "nova-pro", "us-east-1"],
      // an ARN names its own source region
      [
        "bedrock:arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-3-5-haiku-20241022-v1:0",
        "Claude 3.5 Haiku (EU cross-region)",
        "claude-3-5-haiku",
        "eu-central-1",
      ],
      // a model the catalog has no label for is named by the model id the profile routes to
      ["bedrock:global.amazon.nova-2-lite-v1:0", "amazon.nova-2-lite-v1:0 (Global cross-region)", "nova-2-lite", "us-east-1"],
    ]);
    // the two Claude Sonnet 4.5 profiles are two deployments of one logical model
    expect(
      rows
        .filter(([id]) => String(id).includes("claude-sonnet-4-5"))
        .map(([id, label, logical]) => [id, /\((Global|US) cross-region\)$/.test(String(label)), logical]),
    ).toEqual([
      ["bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0", true, "claude-sonnet-4.5"],
      ["bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0", true, "claude-sonnet-4.5"],
    ]);
  });

  it("are priced per profile: Claude 4.5 geographic profiles cost more than global, others as in-region", () => {
    const price = (id: string) => model(id, env).price;
    expect(price("bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0")).toMatchObject({ input: 3, output: 15 });
    expect(price("bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0")).toMatchObject({ input: 3.3, output: 16.5 });
    expect(price("bedrock:us.meta.llama3-3-70b-instruct-v1:0")).toEqual(price("bedrock:meta.llama3-3-70b-instruct-v1:0"));
    expect(price("bedrock:eu.amazon.nova-pro-v1:0")).toMatchObject({ input: 0.8, output: 3.2 });
    // the ARN is priced as the profile it names
    expect(
      price("bedrock:arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-3-5-haiku-20241022-v1:0"),
    ).toMatchObject({ input: 0.8, output: 4 });
  });

  it.each([
    ["us.amazon.nova-pro-v1:0", { geography: "us", base: "amazon.nova-pro-v1:0" }],
    ["us-gov.anthropic.claude-3-5-haiku-20241022-v1:0", { geography: "us-gov", base: "anthropic.claude-3-5-haiku-20241022-v1:0" }],
    ["global.anthropic.claude-haiku-4-5-20251001-v1:0", { geography: "global", base: "anthropic.claude-haiku-4-5-20251001-v1:0" }],
    ["amazon.nova-pro-v1:0", { base: "amazon.nova-pro-v1:0" }],
    [
      "arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/apac.amazon.nova-lite-v1:0",
      { geography: "apac", region: "ap-northeast-1", base: "amazon.nova-lite-v1:0" },
    ],
    ["arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/a1b2c3", { region: "us-west-2", base: "a1b2c3" }],
  ])("bedrockProfileOf(%s)", (id, expected) => {
    expect(bedrockProfileOf(id)).toEqual(expected);
  });
});

describe("parameters", () => {
  const traits = (provider: string, providerLabel: string, logicalModel: string, api?: string) => ({
    provider,
    providerLabel,
    label: logicalModel,
    logicalModel,
    ...(api ? { api } : {}),
  });

  it("Foundry models take seed and stop sequences (Chat Completions), known by api or by their provider label", () => {
    const params = { seed: 7, stopSequences: ["END"], temperature: 0.2 };
    expect(paramsNotSent(traits("azure", "Microsoft Foundry", "phi-4"), params)).toEqual([]);
    expect(paramsNotSent(traits("azure", "Azure OpenAI", "phi-4", "chat-completions"), params)).toEqual([]);
    expect(callSettings(traits("azure", "Microsoft Foundry", "phi-4"), params)).toEqual({
      settings: { temperature: 0.2, seed: 7, stopSequences: ["END"] },
      notSent: [],
    });
    // an Azure OpenAI deployment still goes through the Responses API
    expect(paramsNotSent(traits("azure", "Azure OpenAI", "gpt-4o-mini"), params).map((n) => n.param)).toEqual(["stopSequences", "seed"]);
  });

  it("Bedrock's OpenAI API takes seed, stop and reasoning effort for gpt-oss (providerOptions.openai)", () => {
    const t = traits("bedrock-openai", "Amazon Bedrock (OpenAI API)", "gpt-oss-120b");
    expect(callSettings(t, { seed: 1, stopSequences: ["x"], reasoningEffort: "low" })).toEqual({
      settings: { seed: 1, stopSequences: ["x"] },
      providerOptions: { openai: { reasoningEffort: "low" } },
      notSent: [],
    });
    expect(paramsNotSent(t, { reasoningEffort: "minimal" })).toEqual([
      { param: "reasoningEffort", reason: "gpt-oss-120b takes low, medium or high" },
    ]);
  });

  it("DeepSeek-R1 on Foundry has no reasoning effort to set; gpt-oss on Foundry does, through providerOptions.openai", () => {
    expect(paramsNotSent(traits("azure", "Microsoft Foundry", "deepseek-r1"), { reasoningEffort: "high" })).toEqual([
      { param: "reasoningEffort", reason: "deepseek-r1 has no reasoning effort" },
    ]);
    expect(callSettings(traits("azure", "Microsoft Foundry", "gpt-oss-120b"), { reasoningEffort: "high" }).providerOptions).toEqual({
      openai: { reasoningEffort: "high" },
    });
  });
});

describe("reasoning_content as tagged text", () => {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  it("opens the tag on the first reasoning delta and closes it before the first content", () => {
    const open = new Set<number>();
    const a = chunk({ role: "assistant", content: "" });
    const b = chunk({ reasoning_content: "Think " });
    const c = chunk({ reasoning_content: "more." });
    const d = chunk({ content: "Answer" });
    const e = chunk({ content: " done" });
    expect(moveReasoningIntoContent(a, "reasoning", open, "delta")).toBe(false);
    for (const x of [b, c, d, e]) moveReasoningIntoContent(x, "reasoning", open, "delta");
    expect([b, c, d, e].map((x) => x.choices[0]!.delta.content)).toEqual(["<reasoning>Think ", "more.", "</reasoning>Answer", " done"]);
    expect(b.choices[0]!.delta).not.toHaveProperty("reasoning_content");
  });

  it("closes the tag before tool calls and at the finish, and reads `reasoning` as well", () => {
    const open = new Set<number>();
    const r = chunk({ reasoning: "Plan." });
    const t = chunk({ tool_calls: [{ index: 0, id: "call_1", function: { name: "f", arguments: "{}" } }] });
    moveReasoningIntoContent(r, "think", open, "delta");
    moveReasoningIntoContent(t, "think", open, "delta");
    expect([r.choices[0]!.delta.content, t.choices[0]!.delta.content]).toEqual(["<think>Plan.", "</think>"]);
    const open2 = new Set<number>();
    moveReasoningIntoContent(chunk({ reasoning_content: "Only thoughts" }), "think", open2, "delta");
    const end: { choices: { index: number; finish_reason: string; delta?: unknown }[] } = {
      choices: [{ index: 0, finish_reason: "length" }],
    };
    moveReasoningIntoContent(end, "think", open2, "delta");
    expect(end.choices[0]!.delta).toEqual({ content: "</think>" });
  });

  it("rewrites a whole (non-streaming) message", () => {
    const body = {
      choices: [{ index: 0, message: { role: "assistant", content: "Hi", reasoning_content: "Why" }, finish_reason: "stop" }],
    };
    moveReasoningIntoContent(body, "think", new Set(), "message");
    expect(body.choices[0]!.message).toEqual({ role: "assistant", content: "<think>Why</think>Hi" });
  });

  it("rewrites an SSE body split anywhere, keeping other lines and [DONE] as they came", async () => {
    const sse =
      `data: ${JSON.stringify(chunk({ reasoning_content: "R1" }))}\n\n` +
      `data: ${JSON.stringify(chunk({ content: "T1" }))}\n\n` +
      ": keep-alive comment\n\n" +
      `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } })}\n\n` +
      "data: [DONE]\n\n";
    const bytes = new TextEncoder().encode(sse);
    const inner = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            // split into 7-byte pieces, cutting lines and UTF-8 anywhere
            for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
            controller.close();
          },
        }),
        { headers: { "content-type": "text/event-stream" } },
      );
    const response = await reasoningContentAsText("reasoning", inner as typeof fetch)("http://127.0.0.1/x", {});
    const text = await response.text();
    expect(text).toBe(
      `data: ${JSON.stringify(chunk({ content: "<reasoning>R1" }))}\n\n` +
        `data: ${JSON.stringify(chunk({ content: "</reasoning>T1" }))}\n\n` +
        ": keep-alive comment\n\n" +
        `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } })}\n\n` +
        "data: [DONE]\n\n",
    );
  });

  it("leaves error responses untouched", async () => {
    const inner = async () =>
      new Response('{"message":"Too many requests"}', { status: 429, headers: { "content-type": "application/json" } });
    const response = await reasoningContentAsText("think", inner as typeof fetch)("http://127.0.0.1/x", {});
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('{"message":"Too many requests"}');
  });
});

describe("errors", () => {
  it("reads Bedrock's {message} body that @ai-sdk/openai cannot parse", () => {
    const error = new APICallError({
      message: "Forbidden",
      url: "https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1/chat/completions",
      requestBodyValues: {},
      statusCode: 403,
      responseHeaders: { "x-amzn-requestid": "req-1", "x-amzn-errortype": "InvalidSignatureException" },
      responseBody: '{"message":"The request signature we calculated does not match the signature you provided."}',
    });
    expect(describeError(error, "Amazon Bedrock (OpenAI API)")).toEqual({
      code: "forbidden",
      statusCode: 403,
      requestId: "req-1",
      message:
        "Amazon Bedrock (OpenAI API) denied access (403): The request signature we calculated does not match the signature you provided.",
    });
  });
});

// ---------------------------------------------------------------------------------------------
// request shapes with the real packages

type Captured = { url: string; headers: Headers; body: string };

function capturingFetch() {
  const requests: Captured[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    requests.push({ url, headers: new Headers(init?.headers as HeadersInit), body: typeof init?.body === "string" ? init.body : "" });
    return new Response(JSON.stringify({ error: { message: "captured", type: "server_error" } }), {
      status: 500,
      headers: { "content-type": "application/json" },
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const prompt: LanguageModelV3Prompt = [{ role: "user", content: [{ type: "text", text: "Why is the sky blue?" }] }];

async function captureStream(m: CatalogModel, env: Env): Promise<Captured> {
  const { fetch, requests } = capturingFetch();
  await expect(getLanguageModel(m, env, { fetch }).doStream({ prompt })).rejects.toThrow();
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

beforeAll(() => {
  vi.stubGlobal("fetch", () => Promise.reject(new Error("network disabled in unit tests")));
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe("request shapes", () => {
  it("a Foundry deployment: POST <resource>/openai/v1/chat/completions (versionless v1) with api-key and the deployment as model", async () => {
    const env = parseEnv({ ...azureBase, AZURE_FOUNDRY_DEPLOYMENTS: "phi-4=Phi-4" });
    const req = await captureStream(model("azure:phi-4", env), env);
    expect(req.url).toBe("https://myres.openai.azure.com/openai/v1/chat/completions");
    expect(req.headers.get("api-key")).toBe("azure-key");
    expect(JSON.parse(req.body)).toMatchObject({
      model: "phi-4",
      stream: true,
      messages: [{ role: "user", content: "Why is the sky blue?" }],
    });
  });

  it("a Foundry deployment on a *.services.ai.azure.com endpoint: the same v1 path", async () => {
    const env = parseEnv({
      AZURE_OPENAI_API_KEY: "azure-key",
      AZURE_OPENAI_ENDPOINT: "https://myfoundry.services.ai.azure.com",
      AZURE_FOUNDRY_DEPLOYMENTS: "DeepSeek-R1",
    });
    expect(model("azure:DeepSeek-R1", env).location).toBe("myfoundry");
    const req = await captureStream(model("azure:DeepSeek-R1", env), env);
    expect(req.url).toBe("https://myfoundry.services.ai.azure.com/openai/v1/chat/completions");
    expect(JSON.parse(req.body)).toMatchObject({ model: "DeepSeek-R1" });
  });

  it("Bedrock's OpenAI API with keys: SigV4 for service bedrock over the runtime host, never OPENAI_BASE_URL", async () => {
    const env = parseEnv({ ...awsKeys, OPENAI_API_KEY: "sk-real-openai", OPENAI_BASE_URL: "https://api.openai.com/v1" });
    const req = await captureStream(model("bedrock-openai:openai.gpt-oss-120b-1:0", env), env);
    expect(req.url).toBe("https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1/chat/completions");
    expect(req.headers.get("authorization")).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers.get("x-amz-date")).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req.body).not.toContain("sk-real-openai");
    expect(JSON.parse(req.body)).toMatchObject({ model: "openai.gpt-oss-120b-1:0", stream: true });
  });

  it("Bedrock's OpenAI API with a session token signs it too", async () => {
    const env = parseEnv({ ...awsKeys, AWS_SESSION_TOKEN: "session-token" });
    const req = await captureStream(model("bedrock-openai:openai.gpt-oss-20b-1:0", env), env);
    expect(req.headers.get("x-amz-security-token")).toBe("session-token");
    expect(req.headers.get("authorization")).toContain("SignedHeaders=host;x-amz-date;x-amz-security-token");
  });

  it("Bedrock's OpenAI API with a Bedrock API key: Bearer, at AWS_ENDPOINT_URL_BEDROCK_RUNTIME", async () => {
    const env = parseEnv({
      AWS_REGION: "us-west-2",
      AWS_BEARER_TOKEN_BEDROCK: "bedrock-key",
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: "https://vpce.example.com",
    });
    const req = await captureStream(model("bedrock-openai:openai.gpt-oss-120b-1:0", env), env);
    expect(req.url).toBe("https://vpce.example.com/openai/v1/chat/completions");
    expect(req.headers.get("authorization")).toBe("Bearer bedrock-key");
  });
});
