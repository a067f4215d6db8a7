// Plain data passed from server components to the playground (no functions, no provider objects).
import type { ModelCapabilities } from "@/lib/providers/model-info";
import type { ProviderId } from "@/lib/providers/types";

/** One catalog model as the picker needs it. */
export type PickerModel = {
  id: string;
  label: string;
  provider: ProviderId;
  providerLabel: string;
  /** Azure resource, Bedrock region or OpenAI-compatible endpoint name */
  location: string | null;
  logicalModel: string;
  available: boolean;
  emulated: boolean;
  contextWindow: number | null;
  /** tools / structured output / images / reasoning (lib/providers/model-info.ts); null when unknown */
  capabilities: ModelCapabilities | null;
  /** USD per 1M tokens */
  price: { input: number; output: number } | null;
};

/** A provider with no credentials and the sentence that says which variables to set. */
export type ProviderHint = { provider: ProviderId; providerLabel: string; hint: string };

/** What a pane shows about its model (from the catalog, or from a stored comparison). */
export type PaneModel = {
  id: string;
  label: string;
  provider: string;
  providerLabel: string;
  location: string | null;
  emulated: boolean;
  price: { input: number; output: number } | null;
  /** the catalog's logical model ("gpt-5-mini"), for which parameters it takes (lib/compare/capabilities.ts) */
  logicalModel?: string;
};
