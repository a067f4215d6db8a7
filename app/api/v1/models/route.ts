import { endpoint, otherMethods } from "@/lib/http/route";
import { getCatalog } from "@/lib/providers";

export const dynamic = "force-dynamic";

// GET /api/v1/models: every catalog model and whether it is available. Limits and capabilities
// come from lib/providers/model-info.ts; unknown is null (never a guess): `contextWindow: null`,
// `maxOutputTokens: null`, `capabilities: null`.
export const GET = endpoint({}, () => {
  const models = getCatalog().map((m) => ({
    id: m.id,
    provider: m.provider,
    providerLabel: m.providerLabel,
    location: m.location ?? null,
    logicalModel: m.logicalModel,
    label: m.label,
    contextWindow: m.contextWindow ?? null,
    maxOutputTokens: m.maxOutputTokens ?? null,
    capabilities: m.capabilities
      ? {
          tools: m.capabilities.tools,
          structuredOutput: m.capabilities.structuredOutput,
          images: m.capabilities.images,
          reasoning: m.capabilities.reasoning,
        }
      : null,
    prices: m.price
      ? {
          input: m.price.input,
          cachedInput: m.price.cachedInput ?? null,
          output: m.price.output,
          per: "1M tokens",
          currency: "USD",
          source: m.price.source,
        }
      : null,
    available: m.available,
    emulated: m.emulated,
  }));
  return Response.json({ models });
});

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
