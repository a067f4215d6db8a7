// What a model can do and how much it takes, per logical model: the same facts whichever cloud
// serves it. The catalog, GET /api/v1/models, the picker and the compare engine (a pane whose model
// takes no images says so instead of sending them) all read this one table. Pure data, safe for
// client components.
//
// Sources: the model makers' model pages (OpenAI, Anthropic, Google, Meta, Microsoft, Mistral,
// Amazon Nova) as published up to 2025-11. A cloud may cap a model lower than its maker (Bedrock's
// Claude 3.5 Haiku, Foundry's Phi); `providerOverrides` records those where known.

export type ModelCapabilities = {
  /** function / tool calling */
  tools: boolean;
  /** a JSON Schema for the answer (native, or the AI SDK's JSON tool where the API has none) */
  structuredOutput: boolean;
  /** image input */
  images: boolean;
  /** a reasoning model (thinking tokens; effort or budget) */
  reasoning: boolean;
};

export type ModelInfo = {
  capabilities: ModelCapabilities;
  /** input + output tokens the model accepts */
  contextWindow?: number;
  /** the largest answer the model can give */
  maxOutputTokens?: number;
};

const caps = (tools: boolean, structuredOutput: boolean, images: boolean, reasoning: boolean): ModelCapabilities => ({
  tools,
  structuredOutput,
  images,
  reasoning,
});

const ALL = caps(true, true, true, true);
const NO_REASONING = caps(true, true, true, false);
const TEXT_TOOLS = caps(true, true, false, false);
const TEXT_TOOLS_REASONING = caps(true, true, false, true);

/** Keyed by logical model (the id that links one model across clouds; see catalog.ts). */
const table: Record<string, ModelInfo> = {
  // OpenAI
  "gpt-4o-mini": { capabilities: NO_REASONING, contextWindow: 128_000, maxOutputTokens: 16_384 },
  "gpt-4o": { capabilities: NO_REASONING, contextWindow: 128_000, maxOutputTokens: 16_384 },
  "gpt-4.1": { capabilities: NO_REASONING, contextWindow: 1_047_576, maxOutputTokens: 32_768 },
  "gpt-4.1-mini": { capabilities: NO_REASONING, contextWindow: 1_047_576, maxOutputTokens: 32_768 },
  "gpt-4.1-nano": { capabilities: NO_REASONING, contextWindow: 1_047_576, maxOutputTokens: 32_768 },
  "o4-mini": { capabilities: ALL, contextWindow: 200_000, maxOutputTokens: 100_000 },
  "gpt-5": { capabilities: ALL, contextWindow: 400_000, maxOutputTokens: 128_000 },
  "gpt-5-mini": { capabilities: ALL, contextWindow: 400_000, maxOutputTokens: 128_000 },
  "gpt-5-nano": { capabilities: ALL, contextWindow: 400_000, maxOutputTokens: 128_000 },
  // OpenAI's open-weight models (Bedrock, Vertex MaaS, Foundry, any compatible host)
  "gpt-oss-120b": { capabilities: TEXT_TOOLS_REASONING, contextWindow: 128_000 },
  "gpt-oss-20b": { capabilities: TEXT_TOOLS_REASONING, contextWindow: 128_000 },
  // Anthropic (Anthropic API, Bedrock, Vertex AI)
  "claude-sonnet-4.5": { capabilities: ALL, contextWindow: 200_000, maxOutputTokens: 64_000 },
  "claude-haiku-4.5": { capabilities: ALL, contextWindow: 200_000, maxOutputTokens: 64_000 },
  "claude-opus-4.1": { capabilities: ALL, contextWindow: 200_000, maxOutputTokens: 32_000 },
  "claude-sonnet-4": { capabilities: ALL, contextWindow: 200_000, maxOutputTokens: 64_000 },
  "claude-3-5-haiku": { capabilities: TEXT_TOOLS, contextWindow: 200_000, maxOutputTokens: 8_192 },
  // Google (Gemini API, Vertex AI)
  "gemini-2.5-pro": { capabilities: ALL, contextWindow: 1_048_576, maxOutputTokens: 65_536 },
  "gemini-2.5-flash": { capabilities: ALL, contextWindow: 1_048_576, maxOutputTokens: 65_536 },
  "gemini-2.5-flash-lite": { capabilities: ALL, contextWindow: 1_048_576, maxOutputTokens: 65_536 },
  "gemini-2.0-flash": { capabilities: NO_REASONING, contextWindow: 1_048_576, maxOutputTokens: 8_192 },
  // Amazon Nova (Bedrock)
  "nova-pro": { capabilities: NO_REASONING, contextWindow: 300_000, maxOutputTokens: 10_000 },
  "nova-lite": { capabilities: NO_REASONING, contextWindow: 300_000, maxOutputTokens: 10_000 },
  "nova-micro": { capabilities: TEXT_TOOLS, contextWindow: 128_000, maxOutputTokens: 10_000 },
  // Meta Llama (Bedrock, Vertex MaaS, Foundry)
  "llama-3.3-70b-instruct": { capabilities: TEXT_TOOLS, contextWindow: 128_000, maxOutputTokens: 8_192 },
  "llama-4-maverick-17b-128e-instruct": { capabilities: NO_REASONING, contextWindow: 1_000_000 },
  "llama-4-scout-17b-16e-instruct": { capabilities: NO_REASONING, contextWindow: 3_500_000 },
  // Mistral, Microsoft, DeepSeek (Bedrock, Foundry)
  "mistral-large-2407": { capabilities: TEXT_TOOLS, contextWindow: 128_000 },
  "mistral-large-2411": { capabilities: TEXT_TOOLS, contextWindow: 128_000 },
  "phi-4": { capabilities: caps(false, true, false, false), contextWindow: 16_384 },
  "phi-4-mini-instruct": { capabilities: TEXT_TOOLS, contextWindow: 128_000 },
  "phi-4-multimodal-instruct": { capabilities: caps(true, true, true, false), contextWindow: 128_000 },
  "deepseek-r1": { capabilities: caps(false, false, false, true), contextWindow: 128_000 },
  "deepseek-v3.1": { capabilities: TEXT_TOOLS_REASONING, contextWindow: 128_000 },
};

/** Where a cloud serves a model with less than its maker's figures: `<provider>/<logical model>`. */
const providerOverrides: Record<string, Partial<ModelInfo>> = {};

/**
 * Providers whose limits are the server's own setting, not the model's: a self-hosted
 * OpenAI-compatible server (Ollama's `num_ctx`, vLLM's `--max-model-len`) may serve a 128K model
 * with a 4K window, so we state no context window or output limit there (capabilities still hold).
 */
const limitsSetByServer = new Set(["compatible"]);

/** The facts for a logical model (optionally as one provider serves it), or undefined when unknown. */
export function modelInfo(logicalModel: string | null | undefined, provider?: string): ModelInfo | undefined {
  if (!logicalModel) return undefined;
  const base = table[logicalModel];
  if (!base) return undefined;
  if (provider && limitsSetByServer.has(provider)) return { capabilities: base.capabilities };
  const override = provider ? providerOverrides[`${provider}/${logicalModel}`] : undefined;
  return override ? { ...base, ...override, capabilities: { ...base.capabilities, ...override.capabilities } } : base;
}

/** Every logical model the table knows (tests, the Discover view). */
export function knownLogicalModelIds(): string[] {
  return Object.keys(table);
}
