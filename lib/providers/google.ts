// Google's Gemini API: `POST <baseURL>/models/{model}:streamGenerateContent?alt=sse`, key in
// `x-goog-api-key`. Key and base URL come from our parsed env only (the package would otherwise
// read GOOGLE_GENERATIVE_AI_API_KEY from process.env itself).
import "server-only";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { GoogleConfig } from "../env";
import { tracedFetch } from "../calls/transport";
import { cachedProvider, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";

export function googleLanguageModel(model: CatalogModel, config: GoogleConfig, options: FactoryOptions = {}): LanguageModelV3 {
  if (!config.configured || !config.apiKey) throw new ProviderNotConfiguredError("google", model.id);
  const settings = { apiKey: config.apiKey, ...(config.baseURL ? { baseURL: config.baseURL } : {}) };
  const provider = cachedProvider("google", settings, options, () =>
    createGoogleGenerativeAI({ ...settings, fetch: tracedFetch(options.fetch) }),
  );
  return provider(model.providerModelId);
}
