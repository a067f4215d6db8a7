// The model catalog is plain data: the UI and the API pass model ids only.
import type { ModelCapabilities } from "./model-info";

export const providerIds = ["openai", "azure", "bedrock", "compatible", "anthropic", "google", "vertex", "bedrock-openai"] as const;
export type ProviderId = (typeof providerIds)[number];

export type ModelPrice = {
  /** USD per 1M input tokens */
  input: number;
  /** USD per 1M cached input tokens (falls back to `input` when the provider has no cache price) */
  cachedInput?: number;
  /** USD per 1M output tokens */
  output: number;
  /** where the number comes from: "genai-prices", "list price 2025-08-05", "operator override" */
  source: string;
};

export type CatalogModel = {
  /** stable id: `openai:gpt-4o-mini`, `azure:prod-mini`, `bedrock:openai.gpt-oss-120b-1:0`, `<endpoint>:<model>` */
  id: string;
  provider: ProviderId;
  /** human name of the provider instance: "OpenAI", "Azure OpenAI", "Amazon Bedrock", "Anthropic", or the endpoint's label */
  providerLabel: string;
  /** for OpenAI-compatible endpoints: the endpoint's name; for Azure: the resource; for Bedrock (both APIs) and Vertex AI: the region */
  location?: string;
  /** the id sent to the provider (model name, deployment name, Bedrock model/profile id) */
  providerModelId: string;
  label: string;
  /** links the same model across clouds, e.g. "gpt-oss-120b", "gpt-4o-mini" */
  logicalModel: string;
  /** input + output tokens, from ./model-info.ts; undefined when unknown */
  contextWindow?: number;
  /** the largest answer, from ./model-info.ts; undefined when unknown */
  maxOutputTokens?: number;
  /** from ./model-info.ts; undefined when the logical model is not in that table (unknown, not "none") */
  capabilities?: ModelCapabilities;
  price?: ModelPrice;
  /** gpt-oss style models that put reasoning in <reasoning> tags in the text */
  reasoningInText?: boolean;
  /** the tag of `reasoningInText` when it is not `reasoning`: DeepSeek-R1 and Phi reasoning models write `<think>` */
  reasoningTag?: "think";
  /**
   * the API the model is called through when its provider has more than one: Foundry models on an
   * Azure resource use Chat Completions (Azure OpenAI deployments use the Responses API)
   */
  api?: "chat-completions";
  /** true when the provider is configured with credentials */
  available: boolean;
  /** true when the provider points at Juxta's local emulator (demo / tests) */
  emulated: boolean;
};
