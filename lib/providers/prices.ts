// Prices per model, USD per 1M tokens, in this order:
//   1. the operator's override (JUXTA_PRICES / JUXTA_PRICES_FILE), by model id, then logical model;
//   2. @pydantic/genai-prices' bundled data (offline; its remote update is never enabled here);
//   3. a small table of list prices for models genai-prices does not know yet.
// OpenAI-compatible endpoints are usually self-hosted: they get a price only from an override.
// Service tiers (flex, priority) are priced from that standard price here too (`tierPrice`):
// genai-prices 0.1.8 has no tier prices (checked: its data names no flex or priority tier).
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
};

// genai-prices names the clouds differently.
const genaiProviderIds: Partial<Record<ProviderId, string>> = {
  openai: "openai",
  azure: "azure",
  bedrock: "aws",
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

// OpenAI's Priority processing prices, USD per 1M tokens (input / cached input / output), per
// model: https://openai.com/api-priority-processing/ as published in 2026 (read 2026-12; no
// network here to re-check). Standard for comparison: gpt-5 $1.25 / $0.125 / $10.
const openAIPriority: Record<string, Omit<ModelPrice, "source">> = {
  "gpt-5.4": { input: 5, cachedInput: 0.5, output: 30 },
  "gpt-5.4-mini": { input: 1.5, cachedInput: 0.15, output: 9 },
  "gpt-5.2": { input: 3.5, cachedInput: 0.35, output: 28 },
  "gpt-5.1": { input: 2.5, cachedInput: 0.25, output: 20 },
  "gpt-5": { input: 2.5, cachedInput: 0.25, output: 20 },
  "gpt-5-mini": { input: 0.45, cachedInput: 0.045, output: 3.6 },
  "gpt-4.1": { input: 3.5, cachedInput: 0.875, output: 14 },
  "gpt-4.1-mini": { input: 0.7, cachedInput: 0.175, output: 2.8 },
  "gpt-4.1-nano": { input: 0.2, cachedInput: 0.05, output: 0.8 },
  "gpt-4o": { input: 4.25, cachedInput: 2.125, output: 17 },
  "gpt-4o-mini": { input: 0.25, cachedInput: 0.125, output: 1 },
  o3: { input: 3.5, cachedInput: 0.875, output: 14 },
  "o4-mini": { input: 2, cachedInput: 0.5, output: 8 },
};

// Tier factors on the standard price (input, cached input and output alike):
// - OpenAI flex: "priced at Batch API rates" (developers.openai.com/api/docs/guides/flex-processing,
//   read 2026-12), i.e. half the standard price, cached input included (gpt-5: $0.625 / $5).
// - Amazon Bedrock: Flex at a 50% discount, Priority at a 75% premium on the Standard on-demand
//   price (aws.amazon.com/bedrock/pricing, as listed at the tiers' launch 2025-11-18, e.g.
//   gpt-oss-120b $0.15 / $0.60 standard, $0.2625 / $1.05 priority, $0.075 / $0.30 flex; the flex
//   discount is also stated in AWS re:Invent 2025 session AIM3304). Not re-checked: no network here.
const tierFactors: Partial<Record<ProviderId, Partial<Record<string, number>>>> = {
  openai: { flex: 0.5 },
  bedrock: { flex: 0.5, priority: 1.75 },
};

/** The tier a price applies to: "standard" for none, "default" and "auto"; OpenAI's "fast" is its priority tier. */
export function pricedTierOf(tier: string | null | undefined): string {
  if (!tier || tier === "default" || tier === "auto" || tier === "standard") return "standard";
  return tier === "fast" ? "priority" : tier;
}

/**
 * The price of a model at a service tier, from its standard price; undefined when no price is
 * published for that tier (Azure's priority processing, a tier Juxta does not know).
 */
export function tierPrice(model: PriceableModel, price: ModelPrice, tier: string | null | undefined): ModelPrice | undefined {
  const priced = pricedTierOf(tier);
  if (priced === "standard") return price;
  if (model.provider === "openai" && priced === "priority") {
    const listed = openAIPriority[model.logicalModel];
    return listed ? { ...listed, source: "OpenAI priority list price 2026-12" } : undefined;
  }
  const factor = tierFactors[model.provider]?.[priced];
  if (factor === undefined) return undefined;
  const scale = (n: number) => Math.round(n * factor * 1e9) / 1e9;
  return {
    input: scale(price.input),
    ...(price.cachedInput !== undefined ? { cachedInput: scale(price.cachedInput) } : {}),
    output: scale(price.output),
    source: `${price.source}, ${priced} tier x${factor}`,
  };
}

/**
 * Cost of one answer in USD, or null when the model has no price or the usage is unknown. Uses
 * `model.price` (catalog models carry operator overrides already), else resolves a price without
 * overrides. Cached input tokens are billed at `cachedInput` (or `input` when there is none).
 * `tier`: the service tier the answer is billed at (the one the provider says served it).
 */
export function costUsd(model: CatalogModel, usage: TokenUsage, tier?: string | null): number | null {
  const standard = model.price ?? resolvePrice(model);
  const price = standard && tierPrice(model, standard, tier);
  if (!price) return null;
  const { inputTokens, outputTokens } = usage;
  if (inputTokens == null || outputTokens == null) return null;
  const cached = Math.min(Math.max(usage.cachedInputTokens ?? 0, 0), inputTokens);
  const cost =
    ((inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input) + outputTokens * price.output) / 1_000_000;
  // round away binary noise (1e-12 USD is far below any price's precision)
  return Math.round(cost * 1e12) / 1e12;
}
