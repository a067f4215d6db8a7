// Anthropic's own API (Messages API) through @ai-sdk/anthropic, `x-api-key` auth. The key and the
// base URL come from our parsed env only: passed explicitly, so the package never falls back to
// ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL in process.env on its own.
import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { AnthropicConfig } from "../env";
import { tracedFetch } from "../calls/transport";
import { cachedProvider, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";

/** The API's own base URL (the package's default), passed explicitly so no env variable can replace it. */
export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com/v1";

export function anthropicLanguageModel(model: CatalogModel, config: AnthropicConfig, options: FactoryOptions = {}): LanguageModelV3 {
  if (!config.configured || !config.apiKey) throw new ProviderNotConfiguredError("anthropic", model.id);
  const settings = { apiKey: config.apiKey, baseURL: config.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL };
  const provider = cachedProvider("anthropic", settings, options, () =>
    createAnthropic({ ...settings, fetch: tracedFetch(options.fetch) }),
  );
  return provider(model.providerModelId);
}
