// The model facts table: every built-in catalog model has its facts, and cloud-specific caps apply.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import {
  anthropicModels,
  bedrockDefaultModels,
  findModel,
  geminiModels,
  getCatalog,
  openAIModels,
  vertexDefaultModels,
} from "@/lib/providers/catalog";

const builtins = [...openAIModels, ...bedrockDefaultModels, ...anthropicModels, ...geminiModels, ...vertexDefaultModels];
import { modelInfo } from "@/lib/providers/model-info";

describe("model facts", () => {
  it("knows every built-in model", () => {
    for (const m of builtins) {
      expect(modelInfo(m.logicalModel), m.logicalModel).toBeDefined();
    }
  });

  it("says which models take images and tools", () => {
    expect(modelInfo("claude-sonnet-4.5")!.capabilities).toEqual({ tools: true, structuredOutput: true, images: true, reasoning: true });
    expect(modelInfo("gpt-oss-120b")!.capabilities.images).toBe(false);
    expect(modelInfo("claude-3-5-haiku")!.capabilities.images).toBe(false);
    expect(modelInfo("no-such-model")).toBeUndefined();
    expect(modelInfo(null)).toBeUndefined();
  });
});

describe("model-info is the catalog's one source of limits and capabilities", () => {
  const env = parseEnv({
    OPENAI_API_KEY: "sk-test",
    AZURE_OPENAI_API_KEY: "k",
    AZURE_OPENAI_ENDPOINT: "https://myres.openai.azure.com",
    AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini,legacy",
    AWS_REGION: "us-east-1",
    AWS_BEARER_TOKEN_BEDROCK: "key",
    BEDROCK_MODELS: "us.anthropic.claude-3-5-haiku-20241022-v1:0,cohere.command-r-plus-v1:0,openai.gpt-oss-120b-1:0=claude-sonnet-4.5",
    OPENAI_COMPATIBLE_ENDPOINTS: "ollama",
    OPENAI_COMPATIBLE_OLLAMA_BASE_URL: "http://127.0.0.1:11434/v1",
    OPENAI_COMPATIBLE_OLLAMA_MODELS: "gpt-oss:120b,mystery",
  });
  const catalog = getCatalog(env);

  it("the built-in lists carry no limits of their own", () => {
    for (const m of [...openAIModels, ...bedrockDefaultModels])
      expect(Object.keys(m).sort()).toEqual(["label", "logicalModel", "providerModelId"]);
  });

  it("every catalog model takes contextWindow, maxOutputTokens and capabilities from modelInfo(logicalModel, provider)", () => {
    for (const m of catalog) {
      const info = modelInfo(m.logicalModel, m.provider);
      expect(m.contextWindow, m.id).toBe(info?.contextWindow);
      expect(m.maxOutputTokens, m.id).toBe(info?.maxOutputTokens);
      expect(m.capabilities, m.id).toEqual(info?.capabilities);
    }
    expect(findModel("openai:gpt-4o-mini", env)).toMatchObject({
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: { tools: true, structuredOutput: true, images: true, reasoning: false },
    });
    // the same logical model on another cloud gets the same facts
    expect(findModel("azure:prod-mini", env)).toMatchObject({ contextWindow: 128_000, maxOutputTokens: 16_384 });
    expect(findModel("bedrock:us.anthropic.claude-3-5-haiku-20241022-v1:0", env)).toMatchObject({
      contextWindow: 200_000,
      maxOutputTokens: 8_192,
      capabilities: { images: false, tools: true },
    });
    // an explicit logical model decides the facts
    expect(findModel("bedrock:openai.gpt-oss-120b-1:0", env)?.capabilities?.images).toBe(true);
  });

  it("unknown models have no limits and no capabilities (unknown, not 'none')", () => {
    for (const id of ["azure:legacy", "bedrock:cohere.command-r-plus-v1:0", "ollama:mystery"]) {
      const m = findModel(id, env)!;
      expect(m, id).toBeDefined();
      expect([m.contextWindow, m.maxOutputTokens, m.capabilities], id).toEqual([undefined, undefined, undefined]);
    }
  });

  it("a self-hosted endpoint's limits are its own setting: capabilities only", () => {
    const m = findModel("ollama:gpt-oss:120b", env)!;
    expect(m.logicalModel).toBe("gpt-oss-120b");
    expect(m.capabilities).toEqual(modelInfo("gpt-oss-120b")!.capabilities);
    expect(m.contextWindow).toBeUndefined();
    expect(modelInfo("gpt-oss-120b", "compatible")).toEqual({ capabilities: modelInfo("gpt-oss-120b")!.capabilities });
    expect(modelInfo("gpt-oss-120b", "bedrock")!.contextWindow).toBe(128_000);
  });
});
