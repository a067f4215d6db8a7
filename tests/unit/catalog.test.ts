import { describe, expect, it } from "vitest";
import { parseEnv } from "../../lib/env";
import {
  anthropicModels,
  bedrockDefaultModels,
  bedrockOpenAIDefaultModels,
  findModel,
  geminiModels,
  getCatalog,
  isProviderConfigured,
  normalizeLogicalModel,
  openAIModels,
  vertexDefaultModels,
  vertexModelFamily,
} from "../../lib/providers/catalog";
import { missingConfigHint, providerDisplayName } from "../../lib/providers/display";

const everything = parseEnv({
  OPENAI_API_KEY: "sk-test",
  AZURE_OPENAI_API_KEY: "azure-key",
  AZURE_OPENAI_ENDPOINT: "https://myres.openai.azure.com",
  AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini,gpt-4.1,legacy",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIDTEST",
  AWS_SECRET_ACCESS_KEY: "secret",
  OPENAI_COMPATIBLE_ENDPOINTS: "ollama,vllm",
  OPENAI_COMPATIBLE_OLLAMA_BASE_URL: "http://127.0.0.1:11434/v1",
  OPENAI_COMPATIBLE_OLLAMA_MODELS: "gpt-oss:120b,gpt-oss:20b,llama3.3:latest,qwen3=qwen3-8b",
  OPENAI_COMPATIBLE_VLLM_BASE_URL: "http://127.0.0.1:8000/v1",
  OPENAI_COMPATIBLE_VLLM_MODELS: "openai/gpt-oss-120b",
  GOOGLE_GENERATIVE_AI_API_KEY: "gemini-key",
  GOOGLE_VERTEX_PROJECT: "my-project-123",
  GOOGLE_VERTEX_LOCATION: "europe-west4",
});

const ids = (models: { id: string }[]) => models.map((m) => m.id);

describe("getCatalog", () => {
  it("lists OpenAI's built-ins and Bedrock's defaults even when nothing is configured", () => {
    const catalog = getCatalog(parseEnv({}));
    expect(ids(catalog)).toEqual([
      "openai:gpt-4o-mini",
      "openai:gpt-4o",
      "openai:gpt-4.1",
      "openai:gpt-4.1-mini",
      "openai:gpt-4.1-nano",
      "openai:o4-mini",
      "openai:gpt-5",
      "openai:gpt-5-mini",
      "bedrock:openai.gpt-oss-120b-1:0",
      "bedrock:openai.gpt-oss-20b-1:0",
      "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0",
      "bedrock:amazon.nova-pro-v1:0",
      "bedrock:amazon.nova-lite-v1:0",
      "bedrock:amazon.nova-micro-v1:0",
      "bedrock:meta.llama3-3-70b-instruct-v1:0",
      "bedrock:mistral.mistral-large-2407-v1:0",
      "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0",
      "anthropic:claude-sonnet-4-5",
      "anthropic:claude-haiku-4-5",
      "anthropic:claude-opus-4-1",
      "bedrock-openai:openai.gpt-oss-120b-1:0",
      "bedrock-openai:openai.gpt-oss-20b-1:0",
      "google:gemini-2.5-pro",
      "google:gemini-2.5-flash",
      "google:gemini-2.5-flash-lite",
      "vertex:gemini-2.5-pro",
      "vertex:gemini-2.5-flash",
      "vertex:gemini-2.5-flash-lite",
      "vertex:claude-sonnet-4-5@20250929",
      "vertex:claude-haiku-4-5@20251001",
      "vertex:openai/gpt-oss-120b-maas",
      "vertex:meta/llama-4-maverick-17b-128e-instruct-maas",
    ]);
    expect(catalog.every((m) => !m.available && !m.emulated)).toBe(true);
  });

  it("adds Azure deployments and compatible models, all available when configured", () => {
    const catalog = getCatalog(everything);
    expect(ids(catalog)).toEqual(
      expect.arrayContaining([
        "azure:prod-mini",
        "azure:gpt-4.1",
        "azure:legacy",
        "ollama:gpt-oss:120b",
        "ollama:gpt-oss:20b",
        "ollama:llama3.3:latest",
        "ollama:qwen3",
        "vllm:openai/gpt-oss-120b",
      ]),
    );
    expect(catalog).toHaveLength(
      openAIModels.length +
        3 +
        bedrockDefaultModels.length +
        anthropicModels.length +
        bedrockOpenAIDefaultModels.length +
        geminiModels.length +
        vertexDefaultModels.length +
        5,
    );
    expect(catalog.filter((m) => m.provider !== "anthropic").every((m) => m.available)).toBe(true);
    expect(new Set(ids(catalog)).size).toBe(catalog.length);
  });

  it("fills in the provider, labels and locations", () => {
    expect(findModel("openai:gpt-4o-mini", everything)).toMatchObject({
      provider: "openai",
      providerLabel: "OpenAI",
      providerModelId: "gpt-4o-mini",
      label: "GPT-4o mini",
      contextWindow: 128_000,
    });
    expect(findModel("azure:prod-mini", everything)).toMatchObject({
      provider: "azure",
      providerLabel: "Azure OpenAI",
      location: "myres",
      providerModelId: "prod-mini",
      label: "GPT-4o mini (prod-mini)",
      logicalModel: "gpt-4o-mini",
      contextWindow: 128_000,
    });
    expect(findModel("azure:gpt-4.1", everything)).toMatchObject({ label: "GPT-4.1", logicalModel: "gpt-4.1" });
    expect(findModel("azure:legacy", everything)).toMatchObject({ label: "legacy", logicalModel: "legacy" });
    expect(findModel("azure:legacy", everything)?.contextWindow).toBeUndefined();
    expect(findModel("bedrock:openai.gpt-oss-120b-1:0", everything)).toMatchObject({
      provider: "bedrock",
      providerLabel: "Amazon Bedrock",
      location: "us-east-1",
      providerModelId: "openai.gpt-oss-120b-1:0",
      label: "gpt-oss-120b",
      contextWindow: 128_000,
    });
    expect(findModel("ollama:gpt-oss:120b", everything)).toMatchObject({
      provider: "compatible",
      providerLabel: "Ollama",
      location: "ollama",
      providerModelId: "gpt-oss:120b",
      label: "gpt-oss-120b",
    });
    expect(findModel("vllm:openai/gpt-oss-120b", everything)).toMatchObject({ providerLabel: "vLLM", location: "vllm" });
  });

  it("links the same model across clouds by logical model", () => {
    const catalog = getCatalog(everything);
    const byLogical = (logical: string) => ids(catalog.filter((m) => m.logicalModel === logical));
    expect(byLogical("gpt-4o-mini")).toEqual(["openai:gpt-4o-mini", "azure:prod-mini"]);
    expect(byLogical("gpt-4.1")).toEqual(["openai:gpt-4.1", "azure:gpt-4.1"]);
    expect(byLogical("gpt-oss-120b")).toEqual([
      "bedrock:openai.gpt-oss-120b-1:0",
      "bedrock-openai:openai.gpt-oss-120b-1:0",
      "vertex:openai/gpt-oss-120b-maas",
      "ollama:gpt-oss:120b",
      "vllm:openai/gpt-oss-120b",
    ]);
    expect(byLogical("gemini-2.5-flash")).toEqual(["google:gemini-2.5-flash", "vertex:gemini-2.5-flash"]);
    expect(byLogical("claude-sonnet-4.5")).toEqual([
      "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "anthropic:claude-sonnet-4-5",
      "vertex:claude-sonnet-4-5@20250929",
    ]);
    expect(byLogical("gpt-oss-20b")).toEqual([
      "bedrock:openai.gpt-oss-20b-1:0",
      "bedrock-openai:openai.gpt-oss-20b-1:0",
      "ollama:gpt-oss:20b",
    ]);
    expect(findModel("ollama:qwen3", everything)?.logicalModel).toBe("qwen3-8b");
    expect(findModel("ollama:llama3.3:latest", everything)?.logicalModel).toBe("llama3.3");
  });

  it("marks gpt-oss on Bedrock (both APIs) and compatible hosts as putting reasoning in the text", () => {
    const catalog = getCatalog(everything);
    expect(ids(catalog.filter((m) => m.reasoningInText))).toEqual([
      "bedrock:openai.gpt-oss-120b-1:0",
      "bedrock:openai.gpt-oss-20b-1:0",
      "bedrock-openai:openai.gpt-oss-120b-1:0",
      "bedrock-openai:openai.gpt-oss-20b-1:0",
      "ollama:gpt-oss:120b",
      "ollama:gpt-oss:20b",
      "vllm:openai/gpt-oss-120b",
    ]);
  });

  it("sets availability per provider", () => {
    const openaiOnly = getCatalog(parseEnv({ OPENAI_API_KEY: "sk-test", AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini" }));
    for (const model of openaiOnly) expect(model.available).toBe(model.provider === "openai");
    expect(ids(openaiOnly)).toContain("azure:prod-mini"); // listed but unavailable without key and endpoint
  });

  it("marks available models as emulated under JUXTA_EMULATED", () => {
    const env = parseEnv({ OPENAI_API_KEY: "sk-test", JUXTA_EMULATED: "true" });
    for (const model of getCatalog(env)) expect(model.emulated).toBe(model.provider === "openai");
    expect(getCatalog(everything).some((m) => m.emulated)).toBe(false);
  });

  it("replaces the Bedrock defaults with BEDROCK_MODELS, reusing what it knows", () => {
    const env = parseEnv({
      AWS_REGION: "eu-west-1",
      AWS_BEARER_TOKEN_BEDROCK: "key",
      BEDROCK_MODELS:
        "openai.gpt-oss-120b-1:0=oss-big,eu.anthropic.claude-3-5-haiku-20241022-v1:0,cohere.command-r-plus-v1:0,qwen.qwen3-32b-v1:0",
    });
    const bedrock = getCatalog(env).filter((m) => m.provider === "bedrock");
    expect(bedrock.map((m) => [m.id, m.label, m.logicalModel, m.contextWindow ?? null])).toEqual([
      // facts belong to the logical model: one the operator names and model-info does not know has none
      ["bedrock:openai.gpt-oss-120b-1:0", "gpt-oss-120b", "oss-big", null],
      ["bedrock:eu.anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku (EU cross-region)", "claude-3-5-haiku", 200_000],
      ["bedrock:cohere.command-r-plus-v1:0", "cohere.command-r-plus-v1:0", "command-r-plus", null],
      ["bedrock:qwen.qwen3-32b-v1:0", "qwen.qwen3-32b-v1:0", "qwen3-32b", null],
    ]);
    expect(bedrock.every((m) => m.available && m.location === "eu-west-1")).toBe(true);
  });

  it("gives every built-in model a price and a context window", () => {
    for (const model of getCatalog(parseEnv({}))) {
      expect(model.price, model.id).toBeDefined();
      expect(model.contextWindow, model.id).toBeGreaterThan(0);
    }
  });

  it("is cached per Env object", () => {
    expect(getCatalog(everything)).toBe(getCatalog(everything));
  });
});

describe("findModel", () => {
  it("returns undefined for an unknown id", () => {
    expect(findModel("openai:gpt-2", everything)).toBeUndefined();
    expect(findModel("gpt-4o-mini", everything)).toBeUndefined();
  });
});

describe("normalizeLogicalModel", () => {
  it.each([
    ["gpt-oss:120b", "gpt-oss-120b"],
    ["openai/gpt-oss-120b", "gpt-oss-120b"],
    ["openai.gpt-oss-120b-1:0", "gpt-oss-120b"],
    ["us.openai.gpt-oss-120b-1:0", "gpt-oss-120b"],
    ["OpenAI/GPT-OSS-20B", "gpt-oss-20b"],
    ["gpt-4o-mini", "gpt-4o-mini"],
    ["gpt-4.1", "gpt-4.1"],
    ["llama3.3:latest", "llama3.3"],
    ["meta.llama3-3-70b-instruct-v1:0", "llama-3.3-70b-instruct"],
    ["us.anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku"],
    ["anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4"],
    ["amazon.nova-premier-v1:0", "nova-premier"],
    ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0", "nova-pro"],
    ["hf.co/unsloth/Qwen3-8B-GGUF:Q4_K_M", "qwen3-8b-gguf-q4_k_m"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeLogicalModel(input)).toBe(expected);
  });
});

describe("isProviderConfigured", () => {
  it("follows the env", () => {
    const none = parseEnv({});
    for (const provider of ["openai", "azure", "bedrock", "compatible"] as const) {
      expect(isProviderConfigured(provider, none)).toBe(false);
      expect(isProviderConfigured(provider, everything)).toBe(true);
    }
  });
});

describe("display helpers", () => {
  it("names providers", () => {
    expect(providerDisplayName("openai")).toBe("OpenAI");
    expect(providerDisplayName("azure")).toBe("Azure OpenAI");
    expect(providerDisplayName("bedrock")).toBe("Amazon Bedrock");
    expect(providerDisplayName("compatible", "Ollama")).toBe("Ollama");
    expect(providerDisplayName("compatible")).toBe("OpenAI-compatible endpoint");
  });

  it("says which variables to set", () => {
    expect(missingConfigHint("openai")).toBe("Set OPENAI_API_KEY to use OpenAI models.");
    expect(missingConfigHint("azure")).toBe(
      "Set AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT (or AZURE_RESOURCE_NAME) and AZURE_OPENAI_DEPLOYMENTS (or AZURE_FOUNDRY_DEPLOYMENTS for Foundry models) to use Azure OpenAI models.",
    );
    expect(missingConfigHint("azure", parseEnv({ AZURE_API_KEY: "k", AZURE_RESOURCE_NAME: "myres" }))).toBe(
      "Set AZURE_OPENAI_DEPLOYMENTS (or AZURE_FOUNDRY_DEPLOYMENTS for Foundry models) to use Azure OpenAI models.",
    );
    expect(missingConfigHint("bedrock")).toMatch(/^Set AWS_REGION and AWS credentials \(.*\) to use Amazon Bedrock models\.$/);
    expect(missingConfigHint("bedrock", parseEnv({ AWS_REGION: "us-east-1" }))).toMatch(
      /^Set AWS credentials \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, .*\) to use Amazon Bedrock models\.$/,
    );
    expect(missingConfigHint("compatible")).toContain("OPENAI_COMPATIBLE_ENDPOINTS");
  });
});

describe("Gemini API and Vertex AI in the catalog", () => {
  it("shows Vertex models with their region, and Gemini API models without one", () => {
    expect(findModel("vertex:claude-haiku-4-5@20251001", everything)).toMatchObject({
      provider: "vertex",
      providerLabel: "Google Vertex AI",
      location: "europe-west4",
      label: "Claude Haiku 4.5",
      logicalModel: "claude-haiku-4.5",
      available: true,
    });
    const gemini = findModel("google:gemini-2.5-pro", everything);
    expect(gemini).toMatchObject({ providerLabel: "Google Gemini API", label: "Gemini 2.5 Pro", available: true });
    expect(gemini?.location).toBeUndefined();
  });

  it("runs only Gemini on an express-mode key, and says Claude and MaaS need ADC", () => {
    const env = parseEnv({ GOOGLE_VERTEX_API_KEY: "express-key" });
    const catalog = getCatalog(env).filter((m) => m.provider === "vertex");
    expect(catalog.filter((m) => m.available).map((m) => m.providerModelId)).toEqual(geminiModels.map((m) => m.providerModelId));
    expect(findModel("vertex:gemini-2.5-flash", env)?.location).toBe("global");
    const expressInRegion = parseEnv({ GOOGLE_VERTEX_API_KEY: "express-key", GOOGLE_VERTEX_LOCATION: "europe-west4" });
    expect(findModel("vertex:gemini-2.5-flash", expressInRegion)?.location).toBe("global");
    expect(isProviderConfigured("vertex", env)).toBe(true);
    expect(missingConfigHint("vertex", env)).toMatch(/Claude and open \(MaaS\) models .* need Application Default Credentials/);
    expect(missingConfigHint("vertex", env)).toContain("GOOGLE_APPLICATION_CREDENTIALS");
  });

  it("names what Vertex AI is missing", () => {
    expect(missingConfigHint("vertex", parseEnv({ GOOGLE_VERTEX_PROJECT: "my-project-123" }))).toMatch(/^Set GOOGLE_VERTEX_LOCATION with/);
    expect(missingConfigHint("vertex", parseEnv({}))).toMatch(/^Set GOOGLE_VERTEX_PROJECT and GOOGLE_VERTEX_LOCATION with/);
    expect(missingConfigHint("google", parseEnv({}))).toBe("Set GOOGLE_GENERATIVE_AI_API_KEY to use Gemini models through the Gemini API.");
    expect(providerDisplayName("google")).toBe("Google Gemini API");
  });

  it("links listed models to their logical model and picks the API by id", () => {
    const env = parseEnv({
      GOOGLE_VERTEX_API_KEY: "k",
      VERTEX_MODELS: "claude-opus-4-1@20250805,meta/llama-3.3-70b-instruct-maas,gemini-2.0-flash,openai/gpt-oss-20b-maas=gpt-oss-20b",
      GOOGLE_MODELS: "gemini-2.0-flash",
    });
    const logical = (id: string) => findModel(id, env)?.logicalModel;
    expect(logical("vertex:claude-opus-4-1@20250805")).toBe("claude-opus-4.1");
    expect(logical("vertex:meta/llama-3.3-70b-instruct-maas")).toBe("llama-3.3-70b-instruct");
    expect(logical("vertex:gemini-2.0-flash")).toBe("gemini-2.0-flash");
    expect(logical("google:gemini-2.0-flash")).toBe("gemini-2.0-flash");
    expect(logical("vertex:openai/gpt-oss-20b-maas")).toBe("gpt-oss-20b");
    expect(vertexModelFamily("claude-opus-4-1@20250805")).toBe("anthropic");
    expect(vertexModelFamily("meta/llama-3.3-70b-instruct-maas")).toBe("maas");
    expect(vertexModelFamily("gemini-2.0-flash")).toBe("gemini");
  });

  it("prices Gemini and Claude from genai-prices and MaaS models from a dated list price", () => {
    expect(findModel("vertex:gemini-2.5-flash", everything)?.price).toMatchObject({ input: 0.3, output: 2.5, source: "genai-prices" });
    expect(findModel("google:gemini-2.5-flash", everything)?.price).toMatchObject({ input: 0.3, output: 2.5, source: "genai-prices" });
    expect(findModel("vertex:claude-sonnet-4-5@20250929", everything)?.price).toMatchObject({
      input: 3,
      output: 15,
      source: "genai-prices",
    });
    expect(findModel("vertex:openai/gpt-oss-120b-maas", everything)?.price).toMatchObject({
      input: 0.15,
      output: 0.6,
      source: "list price 2025-09",
    });
  });
});
