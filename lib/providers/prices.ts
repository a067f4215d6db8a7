// Prices per model, USD per 1M tokens, in this order:
//   1. the operator's override (JUXTA_PRICES / JUXTA_PRICES_FILE), by model id, then logical model;
//   2. @pydantic/genai-prices' bundled data (offline; its remote update is never enabled here);
//   3. a small table of list prices for models genai-prices does not know yet.
// OpenAI-compatible endpoints are usually self-hosted: they get a price only from an override.
import { calcPrice } from "@pydantic/genai-prices";
import type { PriceOverride } from "../env";
import type { CatalogModel, ModelPrice, ProviderId } from "./types";

export type PriceableModel = Pick<CatalogModel, "id" | "provider" | "providerModelId" | "logicalModel">;

export type TokenUsage = {
  /** all input tokens, cached ones included (as the AI SDK reports them) */
  inputTokens: number | null | undefined;
  /** the part of `inputTokens` read from the provider's prompt cache */
  cachedInputTokens?: number | null | undefined;
  /** all output tokens, reasoning included */
  outputTokens: number | null | undefined;
};

// Published list prices (per 1M tokens) for models missing from genai-prices 0.1.8, keyed by
// `<provider>/<logical model>`. Check each against the provider's pricing page when updating.
const listPrices: Record<string, Omit<ModelPrice, "source"> & { date: string; url: string }> = {
  // Mistral Large 2 (24.07) on Bedrock, on-demand: $0.002 / 1K input, $0.006 / 1K output tokens
  // (recorded from the pricing page as listed in 2025; no network here to re-check it).
  "bedrock/mistral-large-2407": {
    input: 2,
    output: 6,
    date: "2025-06",
    url: "https://aws.amazon.com/bedrock/pricing/",
  },
  // Open models on Vertex AI (MaaS), pay-as-you-go per 1M tokens as listed on the Vertex AI
  // generative AI pricing page in 2025-09 (recorded then; no network here to re-check them).
  "vertex/gpt-oss-120b": {
    input: 0.15,
    output: 0.6,
    date: "2025-09",
    url: "https://cloud.google.com/vertex-ai/generative-ai/pricing",
  },
  "vertex/llama-4-maverick-17b-128e-instruct": {
    input: 0.35,
    output: 1.15,
    date: "2025-09",
    url: "https://cloud.google.com/vertex-ai/generative-ai/pricing",
  },
};

// genai-prices names the clouds differently.
const genaiProviderIds: Partial<Record<ProviderId, string>> = {
  openai: "openai",
  azure: "azure",
  bedrock: "aws",
  anthropic: "anthropic",
  // genai-prices files Vertex AI under "google" (Gemini, and Claude as `claude-sonnet-4-5@20250929`)
  google: "google",
  vertex: "google",
};

function tokenPrice(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  // TieredPrices (long-context surcharges): the base tier; Juxta's prompts sit far below the thresholds.
  if (value && typeof value === "object" && "base" in value && typeof value.base === "number") return value.base;
  return undefined;
}

const genaiCache = new Map<string, ModelPrice | null>();

function genaiPrice(model: PriceableModel): ModelPrice | undefined {
  const providerId = genaiProviderIds[model.provider];
  if (!providerId) return undefined;
  // Azure bills by the underlying model, not the deployment name.
  const modelId = model.provider === "azure" ? model.logicalModel : model.providerModelId;
  const key = `${providerId}/${modelId}`;
  if (!genaiCache.has(key)) {
    let price: ModelPrice | null = null;
    try {
      const result = calcPrice({ input_tokens: 0, output_tokens: 0 }, modelId, { providerId });
      const input = tokenPrice(result?.model_price.input_mtok);
      const output = tokenPrice(result?.model_price.output_mtok);
      const cachedInput = tokenPrice(result?.model_price.cache_read_mtok);
      if (input !== undefined && output !== undefined) {
        price = { input, output, ...(cachedInput !== undefined ? { cachedInput } : {}), source: "genai-prices" };
      }
    } catch {
      price = null; // malformed lookups are "no price", never an error
    }
    genaiCache.set(key, price);
  }
  return genaiCache.get(key) ?? undefined;
}

/** The price of a model, or undefined when none is known. */
export function resolvePrice(model: PriceableModel, overrides: Record<string, PriceOverride> = {}): ModelPrice | undefined {
  const override = overrides[model.id] ?? overrides[model.logicalModel];
  if (override) {
    const { input, cachedInput, output } = override;
    return { input, ...(cachedInput !== undefined ? { cachedInput } : {}), output, source: "operator override" };
  }
  const fromGenai = genaiPrice(model);
  if (fromGenai) return fromGenai;
  const listed = listPrices[`${model.provider}/${model.logicalModel}`];
  if (listed) {
    const { date, url: _url, ...price } = listed;
    return { ...price, source: `list price ${date}` };
  }
  return undefined;
}

/**
 * Cost of one answer in USD, or null when the model has no price or the usage is unknown. Uses
 * `model.price` (catalog models carry operator overrides already), else resolves a price without
 * overrides. Cached input tokens are billed at `cachedInput` (or `input` when there is none).
 */
export function costUsd(model: CatalogModel, usage: TokenUsage): number | null {
  const price = model.price ?? resolvePrice(model);
  if (!price) return null;
  const { inputTokens, outputTokens } = usage;
  if (inputTokens == null || outputTokens == null) return null;
  const cached = Math.min(Math.max(usage.cachedInputTokens ?? 0, 0), inputTokens);
  const cost =
    ((inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input) + outputTokens * price.output) / 1_000_000;
  // round away binary noise (1e-12 USD is far below any price's precision)
  return Math.round(cost * 1e12) / 1e12;
}
