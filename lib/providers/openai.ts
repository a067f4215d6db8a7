// OpenAI through its Responses API (`provider(id)`), Bearer auth.
import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { OpenAIConfig } from "../env";
import { tracedFetch } from "../calls/transport";
import { cachedProvider, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";

export function openAILanguageModel(model: CatalogModel, config: OpenAIConfig, options: FactoryOptions = {}): LanguageModelV3 {
  if (!config.configured || !config.apiKey) throw new ProviderNotConfiguredError("openai", model.id);
  const settings = { apiKey: config.apiKey, ...(config.baseURL ? { baseURL: config.baseURL } : {}) };
  const provider = cachedProvider("openai", settings, options, () =>
    // baseURL undefined -> https://api.openai.com/v1 (the SDK would also read OPENAI_BASE_URL,
    // which is where config.baseURL comes from anyway)
    createOpenAI({ ...settings, fetch: tracedFetch(options.fetch) }),
  );
  return provider(model.providerModelId);
}
