// Any OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp, LiteLLM...) through Chat
// Completions, with `stream_options.include_usage` so streamed answers report tokens.
import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { CompatibleEndpoint } from "../env";
import { tracedFetch } from "../calls/transport";
import { cachedProvider, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";

export function compatibleLanguageModel(
  model: CatalogModel,
  endpoints: CompatibleEndpoint[],
  options: FactoryOptions = {},
): LanguageModelV3 {
  const endpoint = endpoints.find((e) => e.name === model.location);
  if (!endpoint) throw new ProviderNotConfiguredError("compatible", model.id);
  const settings = {
    name: endpoint.name,
    baseURL: endpoint.baseURL,
    ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
  };
  const provider = cachedProvider("compatible", settings, options, () =>
    createOpenAICompatible({
      ...settings,
      includeUsage: true,
      fetch: tracedFetch(options.fetch),
    }),
  );
  return provider(model.providerModelId);
}
