import "server-only";
import { getEnv } from "@/lib/env";
import { getCatalog, isProviderConfigured, missingConfigHint, providerDisplayName } from "@/lib/providers";
import { providerIds } from "@/lib/providers/types";
import type { PickerModel, ProviderHint } from "./types";

/** The catalog as plain data for the client, plus a hint for each provider that is not configured. */
export function getPickerData(): { models: PickerModel[]; hints: ProviderHint[] } {
  const env = getEnv();
  const models: PickerModel[] = getCatalog(env).map((m) => ({
    id: m.id,
    label: m.label,
    provider: m.provider,
    providerLabel: m.providerLabel,
    location: m.location ?? null,
    logicalModel: m.logicalModel,
    available: m.available,
    emulated: m.emulated,
    contextWindow: m.contextWindow ?? null,
    capabilities: m.capabilities ?? null,
    price: m.price ? { input: m.price.input, output: m.price.output } : null,
  }));
  const hints: ProviderHint[] = providerIds
    .filter((p) => !isProviderConfigured(p, env))
    .map((p) => ({ provider: p, providerLabel: providerDisplayName(p), hint: missingConfigHint(p, env) }));
  return { models, hints };
}
