// "Discover models": what each configured account offers, from the cloud's own list call, marked
// against the catalog. One account's failure (a bad key, a dead host) is that account's status and
// never touches the others; results are cached briefly per account (a process cache: every
// instance may list once a minute, which is fine for a listing). Nothing secret is returned: the
// messages are scrubbed (./list-models/shared.ts) and only ids, names and limits leave.
import "server-only";
import { createHash } from "node:crypto";
import { getEnv, type Env, type ModelEntry } from "../env";
import { anthropicModels, bedrockDefaultModels, geminiModels, getCatalog, normalizeLogicalModel } from "./catalog";
import { missingConfigHint, providerDisplayName } from "./display";
import { listAnthropicModels } from "./list-models/anthropic";
import { listBedrockModels } from "./list-models/bedrock";
import { listGoogleModels } from "./list-models/google";
import { listOpenAIModels } from "./list-models/openai";
import { ListError, type ListedModel, type ListOptions } from "./list-models/shared";
import { modelInfo } from "./model-info";
import type { CatalogModel } from "./types";
import { log } from "@/lib/observability/log";

/** Providers whose clouds have a list call. Azure (deployments are a management-plane call) and
 * Vertex AI are not listed. */
export const discoverProviders = ["openai", "anthropic", "google", "bedrock", "compatible"] as const;
export type DiscoverProvider = (typeof discoverProviders)[number];

export type DiscoveredModel = {
  providerModelId: string;
  label: string;
  kind: "model" | "inference-profile";
  inCatalog: boolean;
  catalogId?: string;
  /** the cloud's own figure where it gives one (Gemini, vLLM), else lib/providers/model-info.ts */
  contextWindow?: number;
  maxOutputTokens?: number;
  inputModalities?: string[];
  /** for a model not in the catalog: the environment line that adds it (absent where no variable can) */
  envLine?: string;
  note?: string;
};

export type DiscoverAccount = {
  provider: DiscoverProvider;
  account: { label: string; location: string | null };
  status: "ok" | "error" | "not-configured";
  error?: string;
  /** not-configured: which variables to set */
  hint?: string;
  /** when the cloud was asked (the listing may come from the cache) */
  fetchedAt?: string;
  models: DiscoveredModel[];
};

/** One account to list: how to ask its cloud, and how to add a model to the catalog. */
type AccountSource = {
  provider: DiscoverProvider;
  label: string;
  location: string | null;
  /** false: listed as "not-configured" with `hint` */
  configured: boolean;
  hint?: string;
  /** cache key material (secrets hashed, never kept in clear) */
  identity?: (string | undefined)[];
  list?: (options: ListOptions) => Promise<ListedModel[]>;
  /** the catalog entries of this account (for inCatalog) */
  inCatalog?: (m: CatalogModel) => boolean;
  /** the env line that adds `id`, or undefined where the catalog cannot take it from the environment */
  envLine?: (id: string) => string | undefined;
  /** id forms the catalog may use for the same model (Bedrock ARNs end with the profile id) */
  catalogKey?: (providerModelId: string) => string;
  /** the alias a listed snapshot id goes by (the list must come newest first, as Anthropic's does) */
  aliasOf?: (providerModelId: string) => string | undefined;
};

/** `NAME=a,b=logical,c` with `id` appended (the variable replaces its whole list). */
function appendLine(variable: string, entries: ModelEntry[], id: string): string {
  const list = entries.map((e) => (e.logicalModel ? `${e.id}=${e.logicalModel}` : e.id));
  return `${variable}=${[...list, id].join(",")}`;
}

const hash = (parts: (string | undefined)[]) =>
  createHash("sha256")
    .update(parts.map((p) => p ?? "").join("\u0000"))
    .digest("hex");

function sources(env: Env): AccountSource[] {
  const out: AccountSource[] = [];

  // OpenAI: its models come from Juxta's built-in list (lib/providers/catalog.ts), no variable adds one
  const openaiBase = env.openai.baseURL ?? "https://api.openai.com/v1";
  out.push({
    provider: "openai",
    label: providerDisplayName("openai"),
    location: env.openai.baseURL ? new URL(env.openai.baseURL).host : null,
    configured: env.openai.configured,
    hint: missingConfigHint("openai", env),
    identity: [openaiBase, env.openai.apiKey],
    list: (o) => listOpenAIModels({ cloud: "OpenAI", baseURL: openaiBase, apiKey: env.openai.apiKey }, o),
    inCatalog: (m) => m.provider === "openai",
  });

  out.push(...anthropicAndGoogleSources(env));

  const bedrockEntries = env.bedrock.models ?? bedrockDefaultModels.map((m) => ({ id: m.providerModelId }));
  out.push({
    provider: "bedrock",
    label: providerDisplayName("bedrock"),
    location: env.bedrock.region ?? null,
    configured: env.bedrock.configured,
    hint: missingConfigHint("bedrock", env),
    identity: [
      env.bedrock.region,
      env.bedrock.controlURL,
      env.bedrock.auth?.kind,
      env.bedrock.auth?.kind === "bearer"
        ? env.bedrock.auth.token
        : env.bedrock.auth?.kind === "keys"
          ? `${env.bedrock.auth.accessKeyId}:${env.bedrock.auth.secretAccessKey}`
          : env.bedrock.auth?.profile,
    ],
    list: (o) => listBedrockModels(env.bedrock, o),
    inCatalog: (m) => m.provider === "bedrock",
    // BEDROCK_MODELS replaces the built-in defaults, so the line carries the current list
    envLine: (id) => appendLine("BEDROCK_MODELS", bedrockEntries, id),
    catalogKey: (id) => (id.startsWith("arn:") ? id.slice(id.lastIndexOf("/") + 1) : id),
  });

  for (const endpoint of env.compatible) {
    out.push({
      provider: "compatible",
      label: endpoint.label,
      location: endpoint.name,
      configured: true,
      identity: [endpoint.name, endpoint.baseURL, endpoint.apiKey],
      list: (o) => listOpenAIModels({ cloud: endpoint.label, baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }, o),
      inCatalog: (m) => m.provider === "compatible" && m.location === endpoint.name,
      envLine: (id) => appendLine(`${endpoint.envPrefix}MODELS`, endpoint.models, id),
    });
  }
  if (env.compatible.length === 0) {
    out.push({
      provider: "compatible",
      label: providerDisplayName("compatible"),
      location: null,
      configured: false,
      hint: missingConfigHint("compatible", env),
    });
  }
  return out;
}

/** Anthropic (its models API pages by after_id) and the Gemini API (pages by pageToken). */
function anthropicAndGoogleSources(env: Env): AccountSource[] {
  const anthropicBase = env.anthropic.baseURL ?? "https://api.anthropic.com/v1";
  const anthropicEntries = env.anthropic.models ?? anthropicModels.map((m) => ({ id: m.providerModelId }));
  const googleBase = env.google.baseURL ?? "https://generativelanguage.googleapis.com/v1beta";
  const googleEntries = env.google.models ?? geminiModels.map((m) => ({ id: m.providerModelId }));
  return [
    {
      provider: "anthropic",
      label: providerDisplayName("anthropic"),
      location: env.anthropic.baseURL ? new URL(env.anthropic.baseURL).host : null,
      configured: env.anthropic.configured,
      hint: missingConfigHint("anthropic", env),
      identity: [anthropicBase, env.anthropic.apiKey],
      list: (o) => listAnthropicModels({ baseURL: anthropicBase, apiKey: env.anthropic.apiKey ?? "" }, o),
      inCatalog: (m) => m.provider === "anthropic",
      // claude-sonnet-4-5-20250929 -> claude-sonnet-4-5 (Anthropic lists snapshots, newest first)
      aliasOf: (id) => /^(.+)-\d{8}$/.exec(id)?.[1],
      // ANTHROPIC_MODELS replaces the built-in aliases, so the line carries the current list
      envLine: (id) => appendLine("ANTHROPIC_MODELS", anthropicEntries, id),
    },
    {
      provider: "google",
      label: providerDisplayName("google"),
      location: env.google.baseURL ? new URL(env.google.baseURL).host : null,
      configured: env.google.configured,
      hint: missingConfigHint("google", env),
      identity: [googleBase, env.google.apiKey],
      list: (o) => listGoogleModels({ baseURL: googleBase, apiKey: env.google.apiKey ?? "" }, o),
      inCatalog: (m) => m.provider === "google",
      envLine: (id) => appendLine("GOOGLE_MODELS", googleEntries, id),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// cache: per account, successes only, for CACHE_MS; a forced refresh still reuses a listing younger
// than MIN_REFRESH_MS so a held-down Refresh button cannot hammer a cloud

export const CACHE_MS = 60_000;
const MIN_REFRESH_MS = 5_000;
const cache = new Map<string, { at: number; models: Promise<ListedModel[]> }>();

/** Forget cached listings (tests). */
export function clearDiscoverCache(): void {
  cache.clear();
}

function cachedList(source: AccountSource, options: ListOptions & { refresh?: boolean }): { at: number; models: Promise<ListedModel[]> } {
  const key = `${source.provider}|${source.location ?? ""}|${hash(source.identity ?? [])}|${options.pageSize ?? ""}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < (options.refresh ? MIN_REFRESH_MS : CACHE_MS)) return hit;
  const entry = { at: now, models: source.list!(options) };
  cache.set(key, entry);
  // a failure is not kept: the next request asks again
  entry.models.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return entry;
}

// ---------------------------------------------------------------------------------------------

function decorate(source: AccountSource, listed: ListedModel[], catalog: CatalogModel[]): DiscoveredModel[] {
  const key = source.catalogKey ?? ((id: string) => id);
  const mine = catalog.filter((m) => source.inCatalog?.(m));
  const byId = new Map(mine.map((m) => [key(m.providerModelId), m]));
  const seen = new Set<string>();
  const aliasesTaken = new Set<string>();
  const out: DiscoveredModel[] = [];
  for (const m of listed) {
    if (seen.has(m.providerModelId)) continue; // a cloud listing the same id twice
    seen.add(m.providerModelId);
    let entry = byId.get(key(m.providerModelId));
    let note = m.note;
    // an alias in the catalog (Anthropic's `claude-sonnet-4-5`) is the newest listed snapshot it names
    const alias = entry ? undefined : source.aliasOf?.(m.providerModelId);
    if (alias && byId.has(alias) && !aliasesTaken.has(alias)) {
      aliasesTaken.add(alias);
      entry = byId.get(alias);
      note = `In the catalog as ${alias}, the alias that follows the newest snapshot (this one today).`;
    }
    const facts = entry ?? undefined;
    const info = facts ? undefined : modelInfo(normalizeLogicalModel(m.providerModelId), source.provider);
    const contextWindow = m.contextWindow ?? facts?.contextWindow ?? info?.contextWindow;
    const maxOutputTokens = m.maxOutputTokens ?? facts?.maxOutputTokens ?? info?.maxOutputTokens;
    const envLine = entry ? undefined : source.envLine?.(m.providerModelId);
    out.push({
      providerModelId: m.providerModelId,
      label: m.label,
      kind: m.kind,
      inCatalog: entry !== undefined,
      ...(entry ? { catalogId: entry.id } : {}),
      ...(contextWindow ? { contextWindow } : {}),
      ...(maxOutputTokens ? { maxOutputTokens } : {}),
      ...(m.inputModalities ? { inputModalities: m.inputModalities } : {}),
      ...(envLine ? { envLine } : {}),
      ...(note ? { note } : {}),
    });
  }
  // catalog models first, then by id
  return out.sort((a, b) => Number(b.inCatalog) - Number(a.inCatalog) || a.providerModelId.localeCompare(b.providerModelId));
}

/** An account Discover would list, before any cloud is asked (the page's skeleton). */
export type DiscoverAccountHeader = Pick<DiscoverAccount, "provider" | "account" | "hint"> & { configured: boolean };

export function discoverAccounts(env: Env = getEnv()): DiscoverAccountHeader[] {
  return sources(env).map((s) => ({
    provider: s.provider,
    account: { label: s.label, location: s.location },
    configured: s.configured && s.list !== undefined,
    ...(!s.configured && s.hint ? { hint: s.hint } : {}),
  }));
}

export type DiscoverOptions = ListOptions & {
  /** only this provider's accounts */
  provider?: DiscoverProvider | undefined;
  /** ask the clouds again (a listing younger than 5 s is still reused) */
  refresh?: boolean | undefined;
};

/** Every account's listing; each settles on its own (ok, error or not-configured). */
export async function discoverModels(env: Env = getEnv(), options: DiscoverOptions = {}): Promise<DiscoverAccount[]> {
  const catalog = getCatalog(env);
  const chosen = sources(env).filter((s) => !options.provider || s.provider === options.provider);
  return Promise.all(
    chosen.map(async (source): Promise<DiscoverAccount> => {
      const account = { label: source.label, location: source.location };
      if (!source.configured || !source.list) {
        return { provider: source.provider, account, status: "not-configured", ...(source.hint ? { hint: source.hint } : {}), models: [] };
      }
      const { at, models } = cachedList(source, options);
      try {
        const listed = await models;
        return {
          provider: source.provider,
          account,
          status: "ok",
          fetchedAt: new Date(at).toISOString(),
          models: decorate(source, listed, catalog),
        };
      } catch (error) {
        if (!(error instanceof ListError)) log.error("model listing failed", { provider: source.provider, error });
        const message =
          error instanceof ListError
            ? error.message
            : `Listing ${source.label}'s models failed unexpectedly; the server log has the details.`;
        return { provider: source.provider, account, status: "error", error: message, models: [] };
      }
    }),
  );
}
