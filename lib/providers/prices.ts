// Prices per model, USD per 1M tokens, in this order:
//   1. the operator's override (JUXTA_PRICES / JUXTA_PRICES_FILE), by model id, then logical model;
//   2. @pydantic/genai-prices' bundled data (offline; its remote update is never enabled here);
//   3. a small table of list prices for models genai-prices does not know yet.
// OpenAI-compatible endpoints are usually self-hosted: they get a price only from an override.
// Service tiers (flex, priority) are priced from that standard price by `tierPrice`
// (./tier-prices.ts, apart so the browser can show a pane's tier price without genai-prices'
// data): genai-prices 0.1.8 has no tier prices (checked: its data names no flex or priority tier).
import { calcPrice } from "@pydantic/genai-prices";
import type { PriceOverride } from "../env";
import { tierPrice } from "./tier-prices";
import type { CatalogModel, ModelPrice, ProviderId } from "./types";

export { pricedTierOf, tierPrice } from "./tier-prices";

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
  // Microsoft Foundry models on an Azure resource, pay-as-you-go (global standard) list prices per 1M
  // tokens, recorded from Azure's Foundry Models pricing pages as listed in mid-2025 (no network
  // here to re-check them). genai-prices 0.1.8 knows Phi-4, Phi-4-mini and gpt-oss on Azure itself.
  "azure/deepseek-r1": {
    input: 1.35,
    output: 5.4,
    date: "2025-06",
    url: "https://azure.microsoft.com/pricing/details/ai-foundry-models/deepseek/",
  },
  "azure/llama-3.3-70b-instruct": {
    input: 0.71,
    output: 0.71,
    date: "2025-06",
    url: "https://azure.microsoft.com/pricing/details/ai-foundry-models/meta/",
  },
  "azure/llama-4-maverick-17b-128e-instruct": {
    input: 0.25,
    output: 1,
    date: "2025-06",
    url: "https://azure.microsoft.com/pricing/details/ai-foundry-models/meta/",
  },
  "azure/mistral-large-2411": {
    input: 2,
    output: 6,
    date: "2025-06",
    url: "https://azure.microsoft.com/pricing/details/ai-foundry-models/mistral/",
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

// genai-prices matches that price another service, not this cloud: for these the list price above
// wins. (0.1.8 resolves Azure's "deepseek-r1" through its fallback to DeepSeek's own API model
// "deepseek-reasoner", whose price is not Azure's.)
const genaiMismatches = new Set(["azure/deepseek-r1"]);

// genai-prices names the clouds differently.
const genaiProviderIds: Partial<Record<ProviderId, string>> = {
  openai: "openai",
  azure: "azure",
  bedrock: "aws",
  anthropic: "anthropic",
  // the same Bedrock model, billed the same, whichever API surface calls it
  "bedrock-openai": "aws",
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
  if (genaiMismatches.has(`${model.provider}/${model.logicalModel}`)) return undefined;
  // Azure bills by the underlying model, not the deployment name. Bedrock ids keep their
  // inference-profile prefix: genai-prices prices `global.` and geographic (`us.`, `eu.`, `apac.`,
  // `jp.`, `au.`...) profiles apart where AWS does. AWS's Bedrock pricing page, as published from
  // Claude Sonnet 4.5's launch (2025-09-29): for Claude 4.5 models geographic profiles (and
  // in-region calls) cost 10% more than the `global.` profile ($3.30/$16.50 against $3/$15 per 1M
  // for Sonnet 4.5); for other models a cross-region profile costs what the source region does.
  // genai-prices 0.1.8 holds exactly these figures (tests/unit/openai-family.test.ts checks them).
  // An inference-profile ARN is priced as its profile id (the part after the last "/").
  const modelId =
    model.provider === "azure"
      ? model.logicalModel
      : model.providerModelId.startsWith("arn:")
        ? model.providerModelId.slice(model.providerModelId.lastIndexOf("/") + 1)
        : model.providerModelId;
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
