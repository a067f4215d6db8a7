// Which generation parameters each provider API and model really takes, and how each one is sent.
// Pure (no provider packages, no server imports): the playground shows "seed not sent (...)" from
// it before anything is sent, and the model-call core builds the AI SDK call from it. At run time
// the AI SDK's own `unsupported` warnings are the other source of truth (`notSentFromWarnings`):
// a parameter either of them leaves out is recorded on the answer as not sent.
//
// What the installed packages do (read from their dist/index.js; see /work/shared/PROVIDERS.md):
// - OpenAI and Azure OpenAI go through the Responses API, which has no `seed` and no `stop`: the
//   SDK warns and drops both. Reasoning models (o-series, GPT-5 family except gpt-5-chat) take
//   `reasoning.effort` (providerOptions.openai / .azure `reasoningEffort`) and refuse temperature
//   and top-p (the SDK drops them with a warning). Azure deployments have names of their own, so
//   the SDK cannot tell a reasoning deployment by its name: we pass `forceReasoning` from the
//   deployment's logical model.
// - Amazon Bedrock Converse takes `inferenceConfig.stopSequences` (at most 4), has no seed (the
//   SDK warns and drops it), and clamps temperature to 0..1. Reasoning effort goes through
//   `reasoningConfig.maxReasoningEffort`, which the SDK turns into `reasoning_effort` for gpt-oss;
//   for other families it would send fields those models reject, so we do not send it there.
// - OpenAI-compatible servers (Chat Completions) take `seed`, `stop`, and `reasoning_effort`
//   (providerOptions.openaiCompatible), the latter only meaningful for reasoning models (gpt-oss).
// - Anthropic's Messages API (@ai-sdk/anthropic 3.x) takes temperature 0..1 (the SDK clamps a
//   higher value to 1 with a warning, as Bedrock does), top-p and `stop_sequences`; no seed (the
//   SDK warns and drops it). It takes temperature or top-p, not both: with both set the SDK drops
//   top-p with a warning. `max_tokens` is required by the API; the SDK always sends it (the
//   model's maximum when unset, the same figure as model-info's maxOutputTokens for the Claude
//   models we list). Claude's reasoning is extended thinking with a token budget: we map
//   low/medium/high to `thinking: {type: "enabled", budget_tokens}` (providerOptions.anthropic;
//   on Bedrock `reasoningConfig {type: "enabled", budgetTokens}`, which the SDK turns into the same
//   field). While Claude thinks, Anthropic allows no temperature or top-p changes: both SDKs drop
//   them with a warning, and the SDKs add the budget to max_tokens (Bedrock: budget + 4096 when
//   unset).
// - Foundry models on an Azure resource and Bedrock's OpenAI-compatible API go through
//   `@ai-sdk/openai`'s chat model (`azure.chat`, `openai.chat`): Chat Completions take `seed` and
//   `stop`, and `reasoning_effort` from providerOptions.openai (the chat model reads that key, also
//   inside @ai-sdk/azure). Bedrock documents its OpenAI API as taking OpenAI's Chat Completions
//   request body; gpt-oss takes reasoning effort low/medium/high there.
import { foundryDisplayName } from "@/lib/providers/display";
// - Gemini (Gemini API and Vertex AI) takes temperature 0..2, topP, stop sequences and seed.
//   Reasoning goes through `thinkingConfig` (providerOptions.google / .vertex): Gemini 2.5 takes a
//   `thinkingBudget` in tokens (Flash and Flash-Lite can switch thinking off with 0, Pro cannot),
//   Gemini 3 a `thinkingLevel`. `includeThoughts` is always set so the thoughts stream as reasoning.
// - Vertex AI also serves Claude (the Anthropic Messages API: no seed) and open models as MaaS
//   (Chat Completions: `reasoning_effort` through providerOptions.openaiCompatible).
import { modelInfo } from "@/lib/providers/model-info";
import type { Params, ReasoningEffort, ServiceTier } from "./schema";
// - Service tiers (`serviceTiersOf` below; prices per tier in lib/providers/prices.ts):
//   - OpenAI: `service_tier` auto | default | flex | priority (developers.openai.com guides
//     "Flex processing" and "Priority processing", read 2026-12). @ai-sdk/openai 3.0.141 sends
//     providerOptions.openai.serviceTier as `service_tier` and drops flex / priority with an
//     `unsupported` warning for models it knows lack them (`getOpenAILanguageModelCapabilities`:
//     flex on o3 and later and GPT-5 and later except -chat; priority on gpt-4*, o3 and later, GPT-5
//     and later except -nano and -chat); the table below mirrors that rule. The response says which
//     tier served it (`service_tier`; a priority request over the ramp limit is served and billed as
//     default), which the SDK passes on as providerMetadata.openai.serviceTier.
//   - Azure OpenAI: priority processing on GlobalStandard / DataZoneStandard deployments, by the
//     same `service_tier: "priority"` on the v1 API (learn.microsoft.com "Enable priority
//     processing for Microsoft Foundry models", GA 2026-03-23); no flex tier. @ai-sdk/azure's nested
//     openai 3.0.120 applies the same model rule to the *deployment name*, so a deployment named
//     otherwise is dropped with a warning, which the answer records as not sent.
//   - Amazon Bedrock: Converse's top-level `serviceTier: {type: "priority" | "default" | "flex" |
//     "reserved"}` (API reference ServiceTier; tiers launched 2025-11-18), sent by
//     @ai-sdk/amazon-bedrock 4.0.186 from providerOptions.bedrock.serviceTier; the stream's
//     `metadata.serviceTier` comes back as providerMetadata.bedrock.serviceTier.type. Priority and
//     Flex only for the models of the user guide's list (service-tiers-inference.html): gpt-oss-120b,
//     gpt-oss-20b, DeepSeek V3.1, Qwen3 and Nova Pro / Premier. Reserved needs a contract with AWS:
//     not offered here.
//   - Others (OpenAI-compatible servers, and the APIs not listed): no tier is sent. Gemini and
//     Vertex AI sell Flex / Priority too, and the packages issue 11 adds can send them (read from
//     the registry's tarballs 2026-12: @ai-sdk/google 3.0.141 providerOptions.google.serviceTier
//     "standard" | "flex" | "priority" as the Gemini API body's `serviceTier`, served tier back in
//     providerMetadata.google.serviceTier; the google 3.0.129 inside @ai-sdk/google-vertex 4.0.208
//     sends `sharedRequestType` as the X-Vertex-AI-LLM-Shared-Request-Type header instead, and
//     ignores serviceTier there with a warning). Not offered until those providers are in this
//     table with tested wire shapes and published tier prices.

export const paramNames = ["temperature", "topP", "maxOutputTokens", "reasoningEffort", "stopSequences", "seed", "serviceTier"] as const;
export type ParamName = (typeof paramNames)[number];

/** How a parameter is named in a sentence ("seed not sent ..."). */
export const paramWords: Record<ParamName, string> = {
  temperature: "temperature",
  topP: "top-p",
  maxOutputTokens: "max output tokens",
  reasoningEffort: "reasoning effort",
  stopSequences: "stop sequences",
  seed: "seed",
  serviceTier: "service tier",
};

/** What the table needs to know of a model (a catalog model, a picker model or a stored pane). */
export type ModelTraits = {
  provider: string;
  providerLabel: string;
  label: string;
  /** the catalog's logical model ("gpt-5-mini", "gpt-oss-120b"); unknown for some stored panes */
  logicalModel?: string | null;
  /** CatalogModel.api: "chat-completions" for Foundry models on Azure (client data tells them by providerLabel) */
  api?: string | null;
};

export type NotSent = { param: ParamName; reason: string };

type Reasoning = { efforts: readonly ReasoningEffort[] } | null;

const gptVersion = /^gpt-(\d+)(?:\.(\d+))?(?:-(.+))?$/;

/** Extended-thinking budget (tokens) per reasoning effort for Claude; the API's minimum is 1024. */
export const claudeThinkingBudgets: Record<Exclude<ReasoningEffort, "minimal">, number> = { low: 1024, medium: 4096, high: 16384 };

/** A Claude model with extended thinking (by logical model, whichever cloud serves it). */
function isClaudeThinkingModel(logicalModel: string | null | undefined): boolean {
  const id = (logicalModel ?? "").toLowerCase();
  return id.startsWith("claude-") && modelInfo(id)?.capabilities.reasoning === true;
}

/** Claude models that refuse temperature and top-p together (the Bedrock SDK would send both; the Anthropic SDK drops top-p). */
const claudeEitherTemperatureOrTopP = new Set(["claude-sonnet-4.5", "claude-haiku-4.5", "claude-opus-4.1"]);

/** The clouds on which a Claude model's reasoning effort is sent as a thinking budget. */
const claudeThinkingProviders = new Set(["anthropic", "bedrock", "vertex"]);

/** Claude through Anthropic's Messages API: the Anthropic API, and Claude on Vertex AI (the same SDK code). */
function isClaudeMessagesApi(model: ModelTraits): boolean {
  return model.provider === "anthropic" || (model.provider === "vertex" && vertexFamily(model.logicalModel) === "anthropic");
}

/** The reasoning efforts a model takes, or null for a model without reasoning effort. */
export function reasoningOf(logicalModel: string | null | undefined): Reasoning {
  const id = (logicalModel ?? "").toLowerCase();
  const gemini = geminiThinking(id);
  if (gemini) return { efforts: gemini.efforts };
  if (/^o\d+(?:-|$)/.test(id)) return { efforts: ["low", "medium", "high"] };
  if (isClaudeThinkingModel(id)) return { efforts: ["low", "medium", "high"] };
  if (id.startsWith("gpt-oss")) return { efforts: ["low", "medium", "high"] };
  const gpt = gptVersion.exec(id);
  if (gpt && Number(gpt[1]) >= 5 && !(gpt[3] ?? "").startsWith("chat")) {
    // GPT-5 itself also takes "minimal"; 5.1 and later replaced it with "none"
    return { efforts: gpt[2] === undefined ? ["minimal", "low", "medium", "high"] : ["low", "medium", "high"] };
  }
  return null;
}

type GeminiThinking =
  | { kind: "budget"; efforts: readonly ReasoningEffort[]; budgets: Partial<Record<ReasoningEffort, number>> }
  | { kind: "level"; efforts: readonly ReasoningEffort[] };

/**
 * How a Gemini model is told how much to think, or null for one without thinking (Gemini 2.0).
 * Budgets sit inside every 2.5 model's range (Flash / Flash-Lite up to 24576, Pro 128..32768).
 */
function geminiThinking(id: string): GeminiThinking | null {
  if (/^gemini-2\.5-pro/.test(id))
    return { kind: "budget", efforts: ["low", "medium", "high"], budgets: { low: 1024, medium: 8192, high: 24576 } };
  if (/^gemini-2\.5-flash/.test(id)) {
    return { kind: "budget", efforts: ["minimal", "low", "medium", "high"], budgets: { minimal: 0, low: 1024, medium: 8192, high: 24576 } };
  }
  if (/^gemini-[3-9]/.test(id)) return { kind: "level", efforts: ["low", "high"] };
  return null;
}

/** Which API serves a model on Vertex AI, from its logical model (Claude, Gemini, else an open model as MaaS). */
function vertexFamily(logicalModel: string | null | undefined): "anthropic" | "gemini" | "maas" {
  const id = (logicalModel ?? "").toLowerCase();
  if (id.startsWith("claude")) return "anthropic";
  if (id.startsWith("gemini") || id.startsWith("gemma")) return "gemini";
  return "maas";
}

/** A reasoning model of OpenAI's own API (not gpt-oss): refuses temperature and top-p. */
function isOpenAIReasoningModel(logicalModel: string | null | undefined): boolean {
  return reasoningOf(logicalModel) !== null && !(logicalModel ?? "").toLowerCase().startsWith("gpt-oss");
}

/** OpenAI's rule for flex and priority, as @ai-sdk/openai 3.0.141 applies it to a model id. */
function openAITiers(id: string): ServiceTier[] {
  const o = /^o(\d+)(?:-|$)/.exec(id);
  const oSeries = o ? Number(o[1]) : null;
  const gpt = gptVersion.exec(id);
  const major = gpt ? Number(gpt[1]) : null;
  const variant = gpt?.[3] ?? "";
  const chat = gpt !== null && gpt[2] === undefined && variant.startsWith("chat");
  const tiers: ServiceTier[] = ["auto", "default"];
  if ((oSeries !== null && oSeries >= 3) || (major !== null && major >= 5 && !chat)) tiers.push("flex");
  if (
    id.startsWith("gpt-4") ||
    (major !== null && major >= 5 && !variant.startsWith("nano") && !chat) ||
    (oSeries !== null && oSeries >= 3)
  )
    tiers.push("priority");
  return tiers;
}

/** Bedrock's Priority and Flex models (user guide, service-tiers-inference.html, as listed at launch 2025-11-18). */
const bedrockTierModels = /^(gpt-oss-120b|gpt-oss-20b|deepseek-v3\.1|qwen3-.*|nova-pro|nova-premier)$/;

/** The service tiers a model takes on its provider (empty: none can be sent). */
export function serviceTiersOf(model: ModelTraits): readonly ServiceTier[] {
  const id = (model.logicalModel ?? "").toLowerCase();
  switch (model.provider) {
    case "openai":
      return openAITiers(id);
    case "azure":
      // Foundry models (Chat Completions on the same resource) are not sold in tiers
      if (isFoundryChat(model)) return [];
      return openAITiers(id).filter((t) => t !== "flex");
    case "bedrock":
      return bedrockTierModels.test(id) ? ["default", "flex", "priority"] : [];
    default:
      return [];
  }
}

/** The tier the parameters send to this model (null: none set, or the model does not take it). */
export function sentTier(model: ModelTraits, params: Params): ServiceTier | null {
  return params.serviceTier && tierNotSentReason(model, params.serviceTier) === null ? params.serviceTier : null;
}

function tierNotSentReason(model: ModelTraits, tier: ServiceTier | undefined): string | null {
  if (!tier) return null;
  const tiers = serviceTiersOf(model);
  if (tiers.includes(tier)) return null;
  switch (model.provider) {
    case "openai":
      return `${model.label} has no ${tier} tier`;
    case "azure":
      if (isFoundryChat(model)) return `${model.providerLabel} models are not sold in service tiers`;
      return tier === "flex" ? `${model.providerLabel} has no flex tier` : `${model.label} has no ${tier} tier on ${model.providerLabel}`;
    case "bedrock":
      if (tier === "auto") return `${model.providerLabel} has no auto tier; standard is its default`;
      return tiers.length === 0
        ? `${model.providerLabel} offers priority and flex for some models only (gpt-oss, DeepSeek V3.1, Qwen3, Nova Pro and Premier); ${model.label} runs on standard`
        : `${model.label} has no ${tier} tier on ${model.providerLabel}`;
    default:
      // Gemini and Vertex AI sell Flex / Priority too, but not through what the installed packages send
      return "Juxta sends service tiers to OpenAI, Azure OpenAI and Amazon Bedrock only";
  }
}

function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** A Foundry model on an Azure resource: provider "azure", but called through Chat Completions. */
function isFoundryChat(model: ModelTraits): boolean {
  return model.provider === "azure" && (model.api === "chat-completions" || model.providerLabel === foundryDisplayName);
}

/** Why `param` is not sent to this model, or null when it is sent. `value` matters for reasoning effort. */
export function notSentReason(model: ModelTraits, param: ParamName, params: Params = {}): string | null {
  const responsesApi = (model.provider === "openai" || model.provider === "azure") && !isFoundryChat(model);
  const reasoning = reasoningOf(model.logicalModel);
  // Claude thinks when a reasoning effort it takes is set (sent as a thinking budget)
  const claudeThinks =
    claudeThinkingProviders.has(model.provider) &&
    isClaudeThinkingModel(model.logicalModel) &&
    params.reasoningEffort !== undefined &&
    reasoning !== null &&
    reasoning.efforts.includes(params.reasoningEffort);
  switch (param) {
    case "maxOutputTokens":
      return null;
    case "temperature":
    case "topP":
      if (responsesApi && isOpenAIReasoningModel(model.logicalModel)) {
        return `${model.label} is a reasoning model, which takes no ${paramWords[param]}`;
      }
      if (claudeThinks) return `Claude takes no ${paramWords[param]} while it thinks (reasoning effort is set)`;
      if (
        param === "topP" &&
        params.temperature !== undefined &&
        (isClaudeMessagesApi(model) ||
          (model.provider === "bedrock" && claudeEitherTemperatureOrTopP.has((model.logicalModel ?? "").toLowerCase())))
      ) {
        return `Claude takes temperature or top-p, not both (temperature is sent)`;
      }
      return null;
    case "seed":
      if (responsesApi) return `not supported by the ${model.providerLabel} Responses API`;
      if (model.provider === "bedrock" || model.provider === "anthropic") return `not supported by ${model.providerLabel}`;
      if (isClaudeMessagesApi(model)) return `not supported by Claude's Messages API on ${model.providerLabel}`;
      return null;
    case "stopSequences":
      return responsesApi ? `not supported by the ${model.providerLabel} Responses API` : null;
    case "reasoningEffort": {
      if (!reasoning) return `${model.label} has no reasoning effort`;
      const effort = params.reasoningEffort;
      if (effort && !reasoning.efforts.includes(effort)) return `${model.label} takes ${joinOr(reasoning.efforts)}`;
      return null;
    }
    case "serviceTier":
      return tierNotSentReason(model, params.serviceTier);
    default: {
      const unknown: never = param;
      return unknown;
    }
  }
}

/** The parameters that are set but will not be sent to this model, with the reason for each. */
export function paramsNotSent(model: ModelTraits, params: Params): NotSent[] {
  const out: NotSent[] = [];
  for (const param of paramNames) {
    if (params[param] === undefined) continue;
    const reason = notSentReason(model, param, params);
    if (reason) out.push({ param, reason });
  }
  return out;
}

/** The sentence a pane shows for a parameter that was not sent ("seed not sent (not supported by Amazon Bedrock)"). */
export function notSentPhrase(model: ModelTraits, param: string, params: Params = {}): string {
  const name = (paramNames as readonly string[]).includes(param) ? paramWords[param as ParamName] : param;
  const reason = (paramNames as readonly string[]).includes(param) ? notSentReason(model, param as ParamName, params) : null;
  return `${name} not sent (${reason ?? `${model.providerLabel} does not support it for this model`})`;
}

type JsonObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** The AI SDK call settings for a model: what is sent, how, and what is not. */
export type CallSettings = {
  settings: {
    temperature?: number;
    topP?: number;
    maxOutputTokens?: number;
    stopSequences?: string[];
    seed?: number;
  };
  providerOptions?: Record<string, JsonObject>;
  /** set parameters this table leaves out (the AI SDK's warnings may add more at run time) */
  notSent: ParamName[];
};

export function callSettings(model: ModelTraits, params: Params): CallSettings {
  const skipped = paramsNotSent(model, params).map((n) => n.param);
  const send = <K extends ParamName>(key: K): Params[K] | undefined => (skipped.includes(key) ? undefined : params[key]);
  const settings: CallSettings["settings"] = {};
  for (const key of ["temperature", "topP", "maxOutputTokens", "seed"] as const) {
    const value = send(key);
    if (value !== undefined) settings[key] = value;
  }
  const stop = send("stopSequences");
  if (stop && stop.length > 0) settings.stopSequences = stop;

  const effort = send("reasoningEffort");
  const tier = send("serviceTier");
  const reasoning = reasoningOf(model.logicalModel);
  let providerOptions: Record<string, JsonObject> | undefined;
  switch (model.provider) {
    case "openai":
      if (effort) providerOptions = { openai: { reasoningEffort: effort } };
      if (tier) providerOptions = { openai: { ...providerOptions?.openai, serviceTier: tier } };
      break;
    case "azure":
      // Foundry models: azure.chat reads providerOptions.openai
      if (isFoundryChat(model)) {
        if (effort) providerOptions = { openai: { reasoningEffort: effort } };
        break;
      }
      // the deployment name says nothing to the SDK: tell it what the model is
      if (reasoning && isOpenAIReasoningModel(model.logicalModel)) providerOptions = { azure: { forceReasoning: true } };
      if (effort) providerOptions = { azure: { ...providerOptions?.azure, reasoningEffort: effort } };
      if (tier) providerOptions = { azure: { ...providerOptions?.azure, serviceTier: tier } };
      break;
    case "bedrock":
      if (effort && isClaudeThinkingModel(model.logicalModel) && effort !== "minimal") {
        // Claude: a thinking budget (maxReasoningEffort would become output_config.effort, which these Claude models reject)
        providerOptions = { bedrock: { reasoningConfig: { type: "enabled", budgetTokens: claudeThinkingBudgets[effort] } } };
      } else if (effort) providerOptions = { bedrock: { reasoningConfig: { maxReasoningEffort: effort } } };
      // top-level `serviceTier: {type}` in the Converse body (not additionalModelRequestFields)
      if (tier) providerOptions = { bedrock: { ...providerOptions?.bedrock, serviceTier: tier } };
      break;
    case "anthropic":
      if (effort && effort !== "minimal") {
        providerOptions = { anthropic: { thinking: { type: "enabled", budgetTokens: claudeThinkingBudgets[effort] } } };
      } else if (settings.maxOutputTokens === undefined) {
        // The API requires max_tokens. The SDK fills in the model's maximum for ids it knows, but
        // 4096 for others (a gateway's alias linked by ANTHROPIC_MODELS): send the model's own
        // maximum so such an answer is not cut short. (With thinking the SDK adds the budget to
        // max_tokens and caps it, so it is left to the SDK there.)
        const max = modelInfo(model.logicalModel)?.maxOutputTokens;
        if (max !== undefined) settings.maxOutputTokens = max;
      }
      break;
    case "compatible":
      if (effort) providerOptions = { openaiCompatible: { reasoningEffort: effort } };
      break;
    case "bedrock-openai":
      if (effort) providerOptions = { openai: { reasoningEffort: effort } };
      break;
    case "google":
    case "vertex": {
      const family = model.provider === "vertex" ? vertexFamily(model.logicalModel) : "gemini";
      if (family === "anthropic") {
        // Claude on Vertex reads providerOptions.anthropic, as on Anthropic's API
        if (effort && effort !== "minimal" && isClaudeThinkingModel(model.logicalModel)) {
          providerOptions = { anthropic: { thinking: { type: "enabled", budgetTokens: claudeThinkingBudgets[effort] } } };
        }
      } else if (family === "maas") {
        if (effort) providerOptions = { openaiCompatible: { reasoningEffort: effort } };
      } else if (family === "gemini") {
        const thinking = geminiThinking((model.logicalModel ?? "").toLowerCase());
        if (thinking) {
          const thinkingConfig: JsonObject = { includeThoughts: true };
          if (effort && thinking.kind === "budget" && thinking.budgets[effort] !== undefined)
            thinkingConfig.thinkingBudget = thinking.budgets[effort]!;
          if (effort && thinking.kind === "level") thinkingConfig.thinkingLevel = effort;
          // the Gemini API reads providerOptions.google; Vertex reads .vertex (then .google)
          providerOptions = { [model.provider]: { thinkingConfig } };
        }
      }
      break;
    }
  }
  return { settings, ...(providerOptions ? { providerOptions } : {}), notSent: skipped };
}

/** The set parameters an AI SDK call reported as unsupported (its `warnings`), in our names. */
export function notSentFromWarnings(
  warnings: readonly { type: string; feature?: string; details?: string }[],
  params: Params,
): ParamName[] {
  const out: ParamName[] = [];
  for (const w of warnings) {
    if (w.type !== "unsupported" || !w.feature) continue;
    // Bedrock clamps a temperature above 1 to 1: sent, though changed
    if (w.details && /clamped/i.test(w.details)) continue;
    const param = paramNames.find((p) => p === w.feature);
    if (param && params[param] !== undefined && !out.includes(param)) out.push(param);
  }
  return out;
}

/** Both lists in the table's order, each parameter once. */
export function mergeNotSent(a: readonly string[], b: readonly string[]): string[] {
  const all = new Set([...a, ...b]);
  return [...paramNames.filter((p) => all.has(p)), ...[...all].filter((p) => !(paramNames as readonly string[]).includes(p))];
}
