// Prices are USD per 1M tokens; every expected cost below is computed by hand in the comment.
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../lib/env";
import { findModel } from "../../lib/providers/catalog";
import { costUsd, resolvePrice } from "../../lib/providers/prices";
import type { CatalogModel } from "../../lib/providers/types";

const env = parseEnv({
  OPENAI_API_KEY: "sk-test",
  AZURE_OPENAI_API_KEY: "k",
  AZURE_RESOURCE_NAME: "myres",
  AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini,unknown-thing",
  AWS_REGION: "us-east-1",
  AWS_BEARER_TOKEN_BEDROCK: "key",
  OPENAI_COMPATIBLE_ENDPOINTS: "ollama",
  OPENAI_COMPATIBLE_OLLAMA_BASE_URL: "http://127.0.0.1:11434/v1",
  OPENAI_COMPATIBLE_OLLAMA_MODELS: "gpt-oss:120b,llama3.3",
});

function model(id: string, e = env): CatalogModel {
  const found = findModel(id, e);
  if (!found) throw new Error(`no model ${id}`);
  return found;
}

describe("resolvePrice", () => {
  it("takes OpenAI and Azure prices from genai-prices (Azure by the underlying model)", () => {
    expect(model("openai:gpt-4o-mini").price).toEqual({
      input: 0.15,
      cachedInput: 0.075,
      output: 0.6,
      source: "genai-prices",
    });
    expect(model("azure:prod-mini").price).toEqual(model("openai:gpt-4o-mini").price);
    expect(model("openai:gpt-5").price).toMatchObject({ input: 1.25, cachedInput: 0.125, output: 10 });
  });

  it("takes Bedrock prices from genai-prices with the aws provider", () => {
    expect(model("bedrock:openai.gpt-oss-120b-1:0").price).toEqual({ input: 0.15, output: 0.6, source: "genai-prices" });
    expect(model("bedrock:amazon.nova-pro-v1:0").price).toMatchObject({ input: 0.8, cachedInput: 0.2, output: 3.2 });
  });

  it("falls back to the list-price table for models genai-prices lacks", () => {
    expect(model("bedrock:mistral.mistral-large-2407-v1:0").price).toEqual({
      input: 2,
      output: 6,
      source: "list price 2025-06",
    });
  });

  it("has no price for unknown deployments or self-hosted models", () => {
    expect(model("azure:unknown-thing").price).toBeUndefined();
    expect(model("ollama:gpt-oss:120b").price).toBeUndefined();
  });

  it("prefers the operator override, by model id, then by logical model", () => {
    const overridden = parseEnv({
      OPENAI_API_KEY: "sk-test",
      AWS_REGION: "us-east-1",
      AWS_BEARER_TOKEN_BEDROCK: "key",
      OPENAI_COMPATIBLE_ENDPOINTS: "ollama",
      OPENAI_COMPATIBLE_OLLAMA_BASE_URL: "http://127.0.0.1:11434/v1",
      OPENAI_COMPATIBLE_OLLAMA_MODELS: "gpt-oss:120b",
      JUXTA_PRICES: JSON.stringify({
        "gpt-oss-120b": { input: 0.1, output: 0.4 },
        "ollama:gpt-oss:120b": { input: 0, output: 0 },
        "openai:gpt-4o-mini": { input: 1, cachedInput: 0.5, output: 2 },
      }),
    });
    expect(model("ollama:gpt-oss:120b", overridden).price).toEqual({ input: 0, output: 0, source: "operator override" });
    expect(model("bedrock:openai.gpt-oss-120b-1:0", overridden).price).toEqual({
      input: 0.1,
      output: 0.4,
      source: "operator override",
    });
    expect(model("openai:gpt-4o-mini", overridden).price).toEqual({
      input: 1,
      cachedInput: 0.5,
      output: 2,
      source: "operator override",
    });
    expect(model("openai:gpt-4o", overridden).price?.source).toBe("genai-prices");
  });

  it("resolves a hand-built model without overrides", () => {
    expect(
      resolvePrice({ id: "openai:gpt-4.1-nano", provider: "openai", providerModelId: "gpt-4.1-nano", logicalModel: "gpt-4.1-nano" }),
    ).toEqual({ input: 0.1, cachedInput: 0.025, output: 0.4, source: "genai-prices" });
  });
});

describe("costUsd", () => {
  it("bills uncached input, cached input and output at their rates", () => {
    // gpt-4o-mini: 0.15 input, 0.075 cached, 0.6 output per 1M
    // (12_000 - 2_000) * 0.15 = 1_500; 2_000 * 0.075 = 150; 3_000 * 0.6 = 1_800 -> 3_450 / 1e6
    expect(costUsd(model("openai:gpt-4o-mini"), { inputTokens: 12_000, cachedInputTokens: 2_000, outputTokens: 3_000 })).toBe(0.00345);
  });

  it("bills cached input at the input rate when there is no cache price", () => {
    // gpt-oss-120b on Bedrock: 0.15 input, 0.6 output; 1_000 * 0.15 + 500 * 0.6 = 450 -> 0.00045
    const gptOss = model("bedrock:openai.gpt-oss-120b-1:0");
    expect(costUsd(gptOss, { inputTokens: 1_000, outputTokens: 500 })).toBe(0.00045);
    expect(costUsd(gptOss, { inputTokens: 1_000, cachedInputTokens: 400, outputTokens: 500 })).toBe(0.00045);
  });

  it("uses the list price and the override", () => {
    // Mistral Large 24.07: 1M * 2 + 1M * 6 = 8 USD
    expect(costUsd(model("bedrock:mistral.mistral-large-2407-v1:0"), { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(8);
    // override 1 / 0.5 / 2: (100 - 40) * 1 + 40 * 0.5 + 10 * 2 = 60 + 20 + 20 = 100 -> 0.0001
    const priced: CatalogModel = {
      ...model("openai:gpt-4o-mini"),
      price: { input: 1, cachedInput: 0.5, output: 2, source: "operator override" },
    };
    expect(costUsd(priced, { inputTokens: 100, cachedInputTokens: 40, outputTokens: 10 })).toBe(0.0001);
  });

  it("clamps cached tokens to the input tokens", () => {
    // gpt-5: 1.25 input, 0.125 cached, 10 output; all 1_000 cached: 1_000 * 0.125 + 0 = 125 -> 0.000125
    expect(costUsd(model("openai:gpt-5"), { inputTokens: 1_000, cachedInputTokens: 5_000, outputTokens: 0 })).toBe(0.000125);
  });

  it("returns null without a price or without usage", () => {
    expect(costUsd(model("ollama:llama3.3"), { inputTokens: 10, outputTokens: 10 })).toBeNull();
    expect(costUsd(model("openai:gpt-4o"), { inputTokens: undefined, outputTokens: 10 })).toBeNull();
    expect(costUsd(model("openai:gpt-4o"), { inputTokens: 10, outputTokens: null })).toBeNull();
  });

  it("resolves a price for a hand-built model with none attached", () => {
    const { price: _price, ...bare } = model("openai:gpt-4o");
    // gpt-4o: 2.5 input, 10 output: 1_000 * 2.5 + 100 * 10 = 3_500 -> 0.0035
    expect(costUsd(bare, { inputTokens: 1_000, outputTokens: 100 })).toBe(0.0035);
  });
});
