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
// - Gemini (Gemini API and Vertex AI) takes temperature 0..2, topP, stop sequences and seed.
//   Reasoning goes through `thinkingConfig` (providerOptions.google / .vertex): Gemini 2.5 takes a
//   `thinkingBudget` in tokens (Flash and Flash-Lite can switch thinking off with 0, Pro cannot),
//   Gemini 3 a `thinkingLevel`. `includeThoughts` is always set so the thoughts stream as reasoning.
// - Vertex AI also serves Claude (the Anthropic Messages API: no seed) and open models as MaaS
//   (Chat Completions: `reasoning_effort` through providerOptions.openaiCompatible).
import { modelInfo } from "@/lib/providers/model-info";
import type { Params, ReasoningEffort } from "./schema";

export const paramNames = ["temperature", "topP", "maxOutputTokens", "reasoningEffort", "stopSequences", "seed"] as const;
export type ParamName = (typeof paramNames)[number];

/** How a parameter is named in a sentence ("seed not sent ..."). */
export const paramWords: Record<ParamName, string> = {
  temperature: "temperature",
  topP: "top-p",
  maxOutputTokens: "max output tokens",
  reasoningEffort: "reasoning effort",
  stopSequences: "stop sequences",
  seed: "seed",
};

/** What the table needs to know of a model (a catalog model, a picker model or a stored pane). */
export type ModelTraits = {
  provider: string;
  providerLabel: string;
  label: string;
  /** the catalog's logical model ("gpt-5-mini", "gpt-oss-120b"); unknown for some stored panes */
  logicalModel?: string | null;
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

function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** Why `param` is not sent to this model, or null when it is sent. `value` matters for reasoning effort. */
export function notSentReason(model: ModelTraits, param: ParamName, params: Params = {}): string | null {
  const responsesApi = model.provider === "openai" || model.provider === "azure";
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
  const reasoning = reasoningOf(model.logicalModel);
  let providerOptions: Record<string, JsonObject> | undefined;
  switch (model.provider) {
    case "openai":
      if (effort) providerOptions = { openai: { reasoningEffort: effort } };
      break;
    case "azure":
      // the deployment name says nothing to the SDK: tell it what the model is
      if (reasoning && isOpenAIReasoningModel(model.logicalModel)) providerOptions = { azure: { forceReasoning: true } };
      if (effort) providerOptions = { azure: { ...providerOptions?.azure, reasoningEffort: effort } };
      break;
    case "bedrock":
      if (effort && isClaudeThinkingModel(model.logicalModel) && effort !== "minimal") {
        // Claude: a thinking budget (maxReasoningEffort would become output_config.effort, which these Claude models reject)
        providerOptions = { bedrock: { reasoningConfig: { type: "enabled", budgetTokens: claudeThinkingBudgets[effort] } } };
      } else if (effort) providerOptions = { bedrock: { reasoningConfig: { maxReasoningEffort: effort } } };
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
