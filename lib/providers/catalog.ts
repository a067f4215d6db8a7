// The model catalog is plain data: built-in models per provider, plus what the environment adds
// (Azure OpenAI and Foundry deployments, BEDROCK_MODELS, BEDROCK_OPENAI_MODELS, ANTHROPIC_MODELS,
// GOOGLE_MODELS, VERTEX_MODELS, OpenAI-compatible endpoints). The UI and the API pass model ids only; `findModel(id)` turns one back into a `CatalogModel`. No provider package is imported here.
import { getEnv, normalizeFoundryModel, type Env, type ModelEntry } from "../env";
import { foundryDisplayName, providerDisplayName } from "./display";
import { modelInfo } from "./model-info";
import { resolvePrice } from "./prices";
import type { CatalogModel, ProviderId } from "./types";

// Context windows, output limits and capabilities are not here: they are facts of the logical model,
// kept in one place (./model-info.ts) and added to every catalog model by `finish()`.
export type BuiltinModel = {
  providerModelId: string;
  label: string;
  logicalModel: string;
};

// OpenAI, Responses API.
export const openAIModels: readonly BuiltinModel[] = [
  { providerModelId: "gpt-4o-mini", label: "GPT-4o mini", logicalModel: "gpt-4o-mini" },
  { providerModelId: "gpt-4o", label: "GPT-4o", logicalModel: "gpt-4o" },
  { providerModelId: "gpt-4.1", label: "GPT-4.1", logicalModel: "gpt-4.1" },
  { providerModelId: "gpt-4.1-mini", label: "GPT-4.1 mini", logicalModel: "gpt-4.1-mini" },
  { providerModelId: "gpt-4.1-nano", label: "GPT-4.1 nano", logicalModel: "gpt-4.1-nano" },
  { providerModelId: "o4-mini", label: "o4-mini", logicalModel: "o4-mini" },
  { providerModelId: "gpt-5", label: "GPT-5", logicalModel: "gpt-5" },
  { providerModelId: "gpt-5-mini", label: "GPT-5 mini", logicalModel: "gpt-5-mini" },
];

// Amazon Bedrock defaults (used when BEDROCK_MODELS is unset): on-demand text models served in
// the base regions (us-east-1 / us-west-2).
export const bedrockDefaultModels: readonly BuiltinModel[] = [
  { providerModelId: "openai.gpt-oss-120b-1:0", label: "gpt-oss-120b", logicalModel: "gpt-oss-120b" },
  { providerModelId: "openai.gpt-oss-20b-1:0", label: "gpt-oss-20b", logicalModel: "gpt-oss-20b" },
  {
    providerModelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
    label: "Claude 3.5 Haiku",
    logicalModel: "claude-3-5-haiku",
  },
  { providerModelId: "amazon.nova-pro-v1:0", label: "Amazon Nova Pro", logicalModel: "nova-pro" },
  { providerModelId: "amazon.nova-lite-v1:0", label: "Amazon Nova Lite", logicalModel: "nova-lite" },
  { providerModelId: "amazon.nova-micro-v1:0", label: "Amazon Nova Micro", logicalModel: "nova-micro" },
  {
    providerModelId: "meta.llama3-3-70b-instruct-v1:0",
    label: "Llama 3.3 70B Instruct",
    logicalModel: "llama-3.3-70b-instruct",
  },
  {
    providerModelId: "mistral.mistral-large-2407-v1:0",
    label: "Mistral Large (24.07)",
    logicalModel: "mistral-large-2407",
  },
  // Claude 4.5 runs on Bedrock only through cross-region inference profiles (no in-region
  // on-demand id): geographic (`us.`, priced 10% above global) and `global.` profiles.
  {
    providerModelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    label: "Claude Sonnet 4.5",
    logicalModel: "claude-sonnet-4.5",
  },
  {
    providerModelId: "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    label: "Claude Sonnet 4.5",
    logicalModel: "claude-sonnet-4.5",
  },
  {
    providerModelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    label: "Claude Haiku 4.5",
    logicalModel: "claude-haiku-4.5",
  },
];

// Anthropic API defaults (used when ANTHROPIC_MODELS is unset): the aliases, which follow the
// latest snapshot (`claude-sonnet-4-5` is `claude-sonnet-4-5-20250929` today).
export const anthropicModels: readonly BuiltinModel[] = [
  { providerModelId: "claude-sonnet-4-5", label: "Claude Sonnet 4.5", logicalModel: "claude-sonnet-4.5" },
  { providerModelId: "claude-haiku-4-5", label: "Claude Haiku 4.5", logicalModel: "claude-haiku-4.5" },
  { providerModelId: "claude-opus-4-1", label: "Claude Opus 4.1", logicalModel: "claude-opus-4.1" },
];

// Microsoft Foundry models an Azure resource can deploy (AZURE_FOUNDRY_DEPLOYMENTS): labels as
// Foundry's catalog names them, keyed by logical model.
export const foundryModels: readonly BuiltinModel[] = [
  { providerModelId: "Phi-4", label: "Phi-4", logicalModel: "phi-4" },
  { providerModelId: "Phi-4-mini-instruct", label: "Phi-4-mini-instruct", logicalModel: "phi-4-mini-instruct" },
  { providerModelId: "DeepSeek-R1", label: "DeepSeek-R1", logicalModel: "deepseek-r1" },
  { providerModelId: "Mistral-Large-2411", label: "Mistral Large (24.11)", logicalModel: "mistral-large-2411" },
  {
    providerModelId: "Llama-4-Maverick-17B-128E-Instruct-FP8",
    label: "Llama 4 Maverick 17B 128E Instruct",
    logicalModel: "llama-4-maverick-17b-128e-instruct",
  },
];

// Gemini on the Gemini API and on Vertex AI (used when GOOGLE_MODELS / VERTEX_MODELS are unset).
export const geminiModels: readonly BuiltinModel[] = [
  { providerModelId: "gemini-2.5-pro", label: "Gemini 2.5 Pro", logicalModel: "gemini-2.5-pro" },
  { providerModelId: "gemini-2.5-flash", label: "Gemini 2.5 Flash", logicalModel: "gemini-2.5-flash" },
  {
    providerModelId: "gemini-2.5-flash-lite",
    label: "Gemini 2.5 Flash-Lite",
    logicalModel: "gemini-2.5-flash-lite",
  },
];

// Vertex AI adds Claude (publisher anthropic, `model@version` ids) and open models served as MaaS.
export const vertexDefaultModels: readonly BuiltinModel[] = [
  ...geminiModels,
  { providerModelId: "claude-sonnet-4-5@20250929", label: "Claude Sonnet 4.5", logicalModel: "claude-sonnet-4.5" },
  { providerModelId: "claude-haiku-4-5@20251001", label: "Claude Haiku 4.5", logicalModel: "claude-haiku-4.5" },
  { providerModelId: "openai/gpt-oss-120b-maas", label: "gpt-oss-120b", logicalModel: "gpt-oss-120b" },
  {
    providerModelId: "meta/llama-4-maverick-17b-128e-instruct-maas",
    label: "Llama 4 Maverick 17B 128E Instruct",
    logicalModel: "llama-4-maverick-17b-128e-instruct",
  },
];

// Bedrock's OpenAI-compatible Chat Completions API serves OpenAI's open-weight models (used when
// BEDROCK_OPENAI_MODELS is unset); the same model ids as Converse.
export const bedrockOpenAIDefaultModels: readonly string[] = ["openai.gpt-oss-120b-1:0", "openai.gpt-oss-20b-1:0"];

/** label per logical model, from the built-in lists */
const knownLogicalModels = new Map<string, BuiltinModel>(
  [...foundryModels, ...openAIModels, ...bedrockDefaultModels, ...anthropicModels, ...vertexDefaultModels].map((m) => [m.logicalModel, m]),
);

/**
 * Which Vertex AI API serves a model id: Claude (`claude-...@version`, the Anthropic publisher's
 * rawPredict), an open model served as MaaS (`publisher/model-maas`, OpenAI-compatible chat
 * completions), else Gemini (generateContent).
 */
export function vertexModelFamily(modelId: string): "gemini" | "anthropic" | "maas" {
  const id = modelId.toLowerCase();
  if (id.startsWith("claude-")) return "anthropic";
  if (id.endsWith("-maas") || id.includes("/")) return "maas";
  return "gemini";
}

/** `claude-sonnet-4-5@20250929` -> `claude-sonnet-4.5`, `openai/gpt-oss-120b-maas` -> `gpt-oss-120b`. */
function vertexLogicalModel(modelId: string): string {
  const builtin = vertexDefaultModels.find((m) => m.providerModelId === modelId);
  if (builtin) return builtin.logicalModel;
  const id = normalizeLogicalModel(modelId.replace(/@[^@]*$/, "")).replace(/-maas$/, "");
  return id.replace(/^(claude-[a-z]+-\d+)-(\d)$/, "$1.$2");
}

// Bedrock geography prefixes of cross-region inference profiles (`us.anthropic...`).
const bedrockGeoPrefix = /^(us|us-gov|eu|apac|jp|au|ca|global)\./;
const bedrockVendorPrefix =
  /^(openai|anthropic|amazon|meta|mistral|cohere|ai21|deepseek|qwen|writer|twelvelabs|stability|moonshot|google|nvidia|minimax)\./;

/**
 * Claude ids of every cloud to one logical model: the snapshot date goes (`-20250929` on Anthropic
 * and Bedrock, `@20250929` on Vertex AI, `-latest`), and the version of the 4.x naming
 * (`claude-<family>-<major>[-<minor>]`) is written with a dot, `-0` dropped: `claude-sonnet-4-5` ->
 * `claude-sonnet-4.5`, `claude-sonnet-4-0` -> `claude-sonnet-4`. The 3.x naming keeps its dashes
 * (`claude-3-5-haiku`). Anything else is returned as is.
 */
function claudeLogicalModel(id: string): string {
  if (!id.startsWith("claude-")) return id;
  const undated = id.replace(/(@|-)\d{8}$/, "").replace(/-latest$/, "");
  const m = /^claude-(opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?$/.exec(undated);
  if (!m) return undated;
  const [, family, major, minor] = m;
  return minor === undefined || minor === "0" ? `claude-${family}-${major}` : `claude-${family}-${major}.${minor}`;
}

/**
 * The built-in Bedrock model a model id (without its geography prefix) is, whether the built-in
 * list names it by model id or by one of its inference profiles (`global.anthropic...`).
 */
function builtinBedrockModel(baseId: string): BuiltinModel | undefined {
  return bedrockDefaultModels.find((m) => m.providerModelId.replace(bedrockGeoPrefix, "") === baseId);
}

/**
 * The logical model key of a provider's model id when no explicit one is given, so the same model
 * links across clouds: `gpt-oss:120b` (Ollama), `openai/gpt-oss-120b` (vLLM, Hugging Face) and
 * `openai.gpt-oss-120b-1:0` (Bedrock) all become `gpt-oss-120b`; `claude-sonnet-4-5-20250929`
 * (Anthropic), `us.anthropic.claude-sonnet-4-5-20250929-v1:0` (Bedrock) and
 * `claude-sonnet-4-5@20250929` (Vertex AI) all become `claude-sonnet-4.5`.
 */
export function normalizeLogicalModel(modelId: string): string {
  let id = modelId.trim().toLowerCase();
  // inference-profile ARN: keep the profile id
  if (id.startsWith("arn:")) id = id.slice(id.lastIndexOf("/") + 1);
  // Bedrock: [geo.]vendor.model[-vN][:M] or [-N:M]
  const withoutGeo = id.replace(bedrockGeoPrefix, "");
  if (bedrockVendorPrefix.test(withoutGeo)) {
    const known = builtinBedrockModel(withoutGeo);
    if (known) return known.logicalModel;
    return claudeLogicalModel(
      withoutGeo
        .replace(bedrockVendorPrefix, "")
        .replace(/-v\d+(:\d+)?$/, "")
        .replace(/-\d+:\d+$/, ""),
    );
  }
  // org/model (vLLM, Hugging Face, OpenRouter)
  if (id.includes("/")) id = id.slice(id.lastIndexOf("/") + 1);
  if (id.startsWith("claude-")) return claudeLogicalModel(id);
  // Ollama tags: `gpt-oss:120b` -> `gpt-oss-120b`, `llama3.3:latest` -> `llama3.3`
  return id.replace(/:latest$/, "").replace(/:/g, "-");
}

/**
 * gpt-oss served outside OpenAI's own API puts its reasoning in <reasoning> tags in the text. On
 * Bedrock's OpenAI API it comes as `reasoning_content`, which lib/providers/reasoning-content.ts
 * turns into the same tags, so one middleware reads both.
 */
function reasoningInTextFor(provider: ProviderId, logicalModel: string): boolean {
  if (provider === "bedrock-openai") return true;
  return (provider === "bedrock" || provider === "compatible") && logicalModel.startsWith("gpt-oss");
}

type Draft = Omit<
  CatalogModel,
  "available" | "emulated" | "price" | "reasoningInText" | "contextWindow" | "maxOutputTokens" | "capabilities"
>;

function finish(draft: Draft, env: Env, available: boolean): CatalogModel {
  // the one source of a model's limits and capabilities (unknown logical model: none of the three)
  const info = modelInfo(draft.logicalModel, draft.provider);
  const model: CatalogModel = {
    ...draft,
    ...(info?.contextWindow ? { contextWindow: info.contextWindow } : {}),
    ...(info?.maxOutputTokens ? { maxOutputTokens: info.maxOutputTokens } : {}),
    ...(info ? { capabilities: info.capabilities } : {}),
    available,
    emulated: env.emulated && available,
  };
  if (reasoningInTextFor(draft.provider, draft.logicalModel) || draft.reasoningTag) model.reasoningInText = true;
  const price = resolvePrice(model, env.prices);
  if (price) model.price = price;
  return model;
}

function bedrockEntries(env: Env): ModelEntry[] {
  return env.bedrock.models ?? bedrockDefaultModels.map((m) => ({ id: m.providerModelId }));
}

// Geographies of cross-region inference profiles, as written in labels ("US cross-region").
const geographyNames: Record<string, string> = {
  us: "US",
  "us-gov": "US GovCloud",
  eu: "EU",
  apac: "APAC",
  jp: "Japan",
  au: "Australia",
  ca: "Canada",
  global: "Global",
};

/**
 * What a Bedrock model id says about where it runs: a cross-region inference profile
 * (`us.anthropic...`, `global.anthropic...`, or its ARN) routes across a geography's regions or
 * worldwide, and is a deployment of its own (own quota, own price where AWS prices it apart);
 * an ARN also names its source region.
 */
export function bedrockProfileOf(modelId: string): { geography?: string; region?: string; base: string } {
  let id = modelId;
  let region: string | undefined;
  const arn = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+):\d*:(?:inference-profile|application-inference-profile|foundation-model)\/(.+)$/.exec(
    id,
  );
  if (arn) {
    region = arn[1];
    id = arn[2]!;
  }
  const geography = bedrockGeoPrefix.exec(id)?.[1];
  return { ...(geography ? { geography } : {}), ...(region ? { region } : {}), base: id.replace(bedrockGeoPrefix, "") };
}

function bedrockDraft(entry: ModelEntry, env: Env): Draft {
  const { geography: geo, region, base } = bedrockProfileOf(entry.id);
  const builtin = builtinBedrockModel(base);
  const logicalModel = entry.logicalModel ?? builtin?.logicalModel ?? normalizeLogicalModel(entry.id);
  const known = builtin ?? knownLogicalModels.get(logicalModel);
  const location = region ?? env.bedrock.region;
  // an unknown model is named by its id; a profile's by the model id it routes (the geography follows)
  const name = known?.label ?? (geo || region ? base : entry.id);
  return {
    id: `bedrock:${entry.id}`,
    provider: "bedrock",
    providerLabel: providerDisplayName("bedrock"),
    ...(location ? { location } : {}),
    providerModelId: entry.id,
    label: geo ? `${name} (${geographyNames[geo] ?? geo} cross-region)` : name,
    logicalModel,
  };
}

function anthropicDrafts(env: Env): Draft[] {
  const entries: ModelEntry[] = env.anthropic.models ?? anthropicModels.map((m) => ({ id: m.providerModelId }));
  // a gateway or proxy in ANTHROPIC_BASE_URL is worth showing; Anthropic's own API is the default
  const host = env.anthropic.baseURL ? new URL(env.anthropic.baseURL).host : undefined;
  return entries.map((entry) => {
    const builtin = anthropicModels.find((m) => m.providerModelId === entry.id);
    const logicalModel = entry.logicalModel ?? builtin?.logicalModel ?? normalizeLogicalModel(entry.id);
    const known = builtin ?? knownLogicalModels.get(logicalModel);
    return {
      id: `anthropic:${entry.id}`,
      provider: "anthropic" as const,
      providerLabel: providerDisplayName("anthropic"),
      ...(host && host !== "api.anthropic.com" ? { location: host } : {}),
      providerModelId: entry.id,
      label: known ? (builtin ? known.label : `${known.label} (${entry.id})`) : entry.id,
      logicalModel,
    };
  });
}

function bedrockOpenAIDrafts(env: Env): Draft[] {
  const entries = env.bedrock.openaiModels ?? bedrockOpenAIDefaultModels.map((id) => ({ id }));
  return entries.map((entry) => {
    // the same ids, labels and logical models as Converse: the two API surfaces of one deployment compare side by side
    const converse = bedrockDraft(entry, env);
    return {
      ...converse,
      id: `bedrock-openai:${entry.id}`,
      provider: "bedrock-openai",
      providerLabel: providerDisplayName("bedrock-openai"),
    };
  });
}

/** Foundry models on the Azure resource (AZURE_FOUNDRY_DEPLOYMENTS), called through Chat Completions. */
function foundryDrafts(env: Env): Draft[] {
  return env.azure.foundryDeployments.map(({ deployment, model }) => {
    const logicalModel = model ?? normalizeFoundryModel(deployment);
    const known = knownLogicalModels.get(logicalModel);
    const name = known?.label ?? model ?? deployment;
    return {
      id: `azure:${deployment}`,
      provider: "azure",
      providerLabel: foundryDisplayName,
      ...(env.azure.resource ? { location: env.azure.resource } : {}),
      providerModelId: deployment,
      label: deployment === logicalModel || deployment === known?.providerModelId ? name : `${name} (${deployment})`,
      logicalModel,
      api: "chat-completions",
      // DeepSeek-R1 (and Phi's reasoning models) write <think>...</think>; `reasoning_content` is turned into the same
      reasoningTag: "think",
    };
  });
}

function azureDrafts(env: Env): Draft[] {
  return env.azure.deployments.map(({ deployment, model }) => {
    const logicalModel = model ?? normalizeLogicalModel(deployment);
    const known = knownLogicalModels.get(logicalModel);
    const label = known ? (deployment === logicalModel ? known.label : `${known.label} (${deployment})`) : deployment;
    return {
      id: `azure:${deployment}`,
      provider: "azure",
      providerLabel: providerDisplayName("azure"),
      ...(env.azure.resource ? { location: env.azure.resource } : {}),
      providerModelId: deployment,
      label,
      logicalModel,
    };
  });
}

function compatibleDrafts(env: Env): Draft[] {
  return env.compatible.flatMap((endpoint) =>
    endpoint.models.map((entry) => {
      const logicalModel = entry.logicalModel ?? normalizeLogicalModel(entry.id);
      const known = knownLogicalModels.get(logicalModel);
      return {
        id: `${endpoint.name}:${entry.id}`,
        provider: "compatible" as const,
        providerLabel: endpoint.label,
        location: endpoint.name,
        providerModelId: entry.id,
        label: known?.label ?? entry.id,
        logicalModel,
      };
    }),
  );
}

function googleDrafts(env: Env): Draft[] {
  const entries: ModelEntry[] = env.google.models ?? geminiModels.map((m) => ({ id: m.providerModelId }));
  return entries.map((entry) => {
    const logicalModel = entry.logicalModel ?? normalizeLogicalModel(entry.id);
    const known = geminiModels.find((m) => m.providerModelId === entry.id) ?? knownLogicalModels.get(logicalModel);
    return {
      id: `google:${entry.id}`,
      provider: "google" as const,
      providerLabel: providerDisplayName("google"),
      providerModelId: entry.id,
      label: known?.label ?? entry.id,
      logicalModel,
    };
  });
}

function vertexDrafts(env: Env): { draft: Draft; available: boolean }[] {
  const entries: ModelEntry[] = env.vertex.models ?? vertexDefaultModels.map((m) => ({ id: m.providerModelId }));
  return entries.map((entry) => {
    const logicalModel = entry.logicalModel ?? vertexLogicalModel(entry.id);
    const known = vertexDefaultModels.find((m) => m.providerModelId === entry.id) ?? knownLogicalModels.get(logicalModel);
    // express mode (an API key without ADC) runs Gemini only
    const available = env.vertex.configured && (vertexModelFamily(entry.id) === "gemini" || env.vertex.adc !== undefined);
    return {
      available,
      draft: {
        id: `vertex:${entry.id}`,
        provider: "vertex" as const,
        providerLabel: providerDisplayName("vertex"),
        // express mode always calls the global endpoint, whatever GOOGLE_VERTEX_LOCATION says
        location: (env.vertex.adc && env.vertex.location) || "global",
        providerModelId: entry.id,
        label: known?.label ?? entry.id,
        logicalModel,
      },
    };
  });
}

const catalogCache = new WeakMap<Env, CatalogModel[]>();

/**
 * Every known model: OpenAI's built-ins, Azure deployments, Bedrock models (BEDROCK_MODELS or the
 * defaults), Anthropic models (ANTHROPIC_MODELS or the defaults), Gemini API and Vertex AI models (GOOGLE_MODELS / VERTEX_MODELS or the built-ins) and
 * each OpenAI-compatible endpoint's models, with `available` = its provider is configured (Vertex's
 * Claude and MaaS models also need ADC) and `emulated` = JUXTA_EMULATED and available. Cached per `Env` object.
 */
export function getCatalog(env: Env = getEnv()): CatalogModel[] {
  const hit = catalogCache.get(env);
  if (hit) return hit;
  const models: CatalogModel[] = [
    ...openAIModels.map((m) =>
      finish(
        {
          id: `openai:${m.providerModelId}`,
          provider: "openai",
          providerLabel: providerDisplayName("openai"),
          providerModelId: m.providerModelId,
          label: m.label,
          logicalModel: m.logicalModel,
        },
        env,
        env.openai.configured,
      ),
    ),
    ...azureDrafts(env).map((d) => finish(d, env, env.azure.configured)),
    ...foundryDrafts(env).map((d) => finish(d, env, env.azure.configured)),
    ...bedrockEntries(env).map((e) => finish(bedrockDraft(e, env), env, env.bedrock.configured)),
    ...anthropicDrafts(env).map((d) => finish(d, env, env.anthropic.configured)),
    ...bedrockOpenAIDrafts(env).map((d) => finish(d, env, env.bedrock.configured)),
    ...googleDrafts(env).map((d) => finish(d, env, env.google.configured)),
    ...vertexDrafts(env).map(({ draft, available }) => finish(draft, env, available)),
    // an endpoint listed in OPENAI_COMPATIBLE_ENDPOINTS always has a base URL and models (validated)
    ...compatibleDrafts(env).map((d) => finish(d, env, true)),
  ];
  catalogCache.set(env, models);
  return models;
}

/** The catalog model with this id, or undefined. */
export function findModel(id: string, env: Env = getEnv()): CatalogModel | undefined {
  return getCatalog(env).find((m) => m.id === id);
}

/** Whether a provider has credentials (for compatible: at least one endpoint is listed). */
export function isProviderConfigured(provider: ProviderId, env: Env = getEnv()): boolean {
  switch (provider) {
    case "openai":
      return env.openai.configured;
    case "azure":
      return env.azure.configured;
    case "bedrock":
      return env.bedrock.configured;
    case "compatible":
      return env.compatible.length > 0;
    case "anthropic":
      return env.anthropic.configured;
    case "bedrock-openai":
      // the same region and credentials as Converse
      return env.bedrock.configured;
    case "google":
      return env.google.configured;
    case "vertex":
      return env.vertex.configured;
    default: {
      const unknown: never = provider;
      throw new Error(`Unknown provider ${String(unknown)}`);
    }
  }
}
