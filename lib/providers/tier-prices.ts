// Prices at a service tier (flex, priority), from a model's standard price: the one table of tier
// prices, used by `costUsd` (./prices.ts) for answers and by the panes to show what a tier costs.
// Pure (no genai-prices import), so client components can use it. Which provider and model takes
// which tier: lib/compare/capabilities.ts `serviceTiersOf`.
import type { ModelPrice, ProviderId } from "./types";

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
const tierFactors: Partial<Record<ProviderId | (string & {}), Partial<Record<string, number>>>> = {
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
export function tierPrice(
  model: { provider: string; logicalModel: string },
  price: ModelPrice,
  tier: string | null | undefined,
): ModelPrice | undefined {
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
