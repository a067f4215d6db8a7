// Azure OpenAI through the v1 Responses API: `POST <endpoint>/openai/v1/responses`, `api-key` header.
// Foundry models on the same resource (AZURE_FOUNDRY_DEPLOYMENTS: Phi, Llama, DeepSeek, Mistral...)
// through Chat Completions on the same endpoint and key: `POST <endpoint>/openai/v1/chat/completions`
// (`azure.chat(deployment)`; versionless like the Responses API).
// We always pass the derived baseURL (never resourceName): the v1 API is versionless, so no
// `api-version` is pinned; for an *.openai.azure.com base ending in /openai/v1 the SDK adds none,
// and a loopback emulator base gets the same path.
import "server-only";
import { createAzure } from "@ai-sdk/azure";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { AzureConfig } from "../env";
import { tracedFetch } from "../calls/transport";
import { reasoningContentAsText } from "./reasoning-content";
import { cachedProvider, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";

export function azureLanguageModel(model: CatalogModel, config: AzureConfig, options: FactoryOptions = {}): LanguageModelV3 {
  if (!config.configured || !config.apiKey || !config.baseURL) {
    throw new ProviderNotConfiguredError("azure", model.id);
  }
  const settings = { apiKey: config.apiKey, baseURL: config.baseURL };
  if (model.api === "chat-completions") {
    // DeepSeek-R1 writes <think> in its text or sends `reasoning_content`: both end up as <think> text
    const foundry = cachedProvider("azure-foundry", settings, options, () =>
      createAzure({ ...settings, fetch: reasoningContentAsText(model.reasoningTag ?? "think", tracedFetch(options.fetch)) }),
    );
    return foundry.chat(model.providerModelId);
  }
  const provider = cachedProvider("azure", settings, options, () => createAzure({ ...settings, fetch: tracedFetch(options.fetch) }));
  // the deployment name is the model id Azure expects
  return provider(model.providerModelId);
}
