// The one place that turns a catalog model into an AI SDK model. Nothing else in the app imports a
// provider package. Client components should import display helpers from `./display` instead of
// this module (it pulls in the provider packages).
import "server-only";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { extractReasoningMiddleware, wrapLanguageModel } from "ai";
import { getEnv, type Env } from "../env";
import { anthropicLanguageModel } from "./anthropic";
import { azureLanguageModel } from "./azure";
import { bedrockLanguageModel } from "./bedrock";
import { compatibleLanguageModel } from "./compatible";
import { googleLanguageModel } from "./google";
import { openAILanguageModel } from "./openai";
import type { FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";
import { vertexLanguageModel } from "./vertex";

export { findModel, getCatalog, isProviderConfigured, normalizeLogicalModel, vertexModelFamily } from "./catalog";
export { missingConfigHint, providerDisplayName } from "./display";
export { costUsd, resolvePrice, type TokenUsage } from "./prices";
export { clearProviderCache, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
export type { CatalogModel, ModelPrice, ProviderId } from "./types";

function baseModel(model: CatalogModel, env: Env, options: FactoryOptions): LanguageModelV3 {
  const provider = model.provider;
  switch (provider) {
    case "openai":
      return openAILanguageModel(model, env.openai, options);
    case "azure":
      return azureLanguageModel(model, env.azure, options);
    case "bedrock":
      return bedrockLanguageModel(model, env.bedrock, options);
    case "compatible":
      return compatibleLanguageModel(model, env.compatible, options);
    case "anthropic":
      return anthropicLanguageModel(model, env.anthropic, options);
    case "google":
      return googleLanguageModel(model, env.google, options);
    case "vertex":
      return vertexLanguageModel(model, env.vertex, options);
    default: {
      const unknown: never = provider;
      throw new Error(`Unknown provider ${String(unknown)}`);
    }
  }
}

/**
 * The AI SDK language model for a catalog model. Throws `ProviderNotConfiguredError` (its message
 * says which variables to set) when the model's provider has no credentials. gpt-oss on Bedrock and
 * on compatible hosts is wrapped so its `<reasoning>` text becomes reasoning parts.
 */
export function getLanguageModel(model: CatalogModel, env: Env = getEnv(), options: FactoryOptions = {}): LanguageModelV3 {
  const base = baseModel(model, env, options);
  if (!model.reasoningInText) return base;
  return wrapLanguageModel({
    model: base,
    middleware: extractReasoningMiddleware({ tagName: "reasoning" }),
  });
}
