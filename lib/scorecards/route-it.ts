// "Route it": the scorecard's deployments as a fallback order for the common gateways. Accuracy
// first: deployments not found less accurate than the reference (verdict on "accuracy" not
// "different"/"worse") come first, the rest after them by accuracy; within each group by cost
// (cost per correct answer, cheapest first) or speed (output tokens per second, then time to
// first token). Exported as OpenRouter's provider order, the Vercel AI Gateway's order and
// LiteLLM's fallbacks, with the link to the evidence.
import type { Env } from "@/lib/env";
import { findModel } from "@/lib/providers";
import type { RouteQuery } from "./schema";
import type { DeploymentScore, ScorecardView } from "./types";

export type RouteEntry = {
  id: string;
  label: string;
  provider: string;
  providerLabel: string;
  accuracy: number | null;
  accuracyVerdict: string | null;
  costPerCorrectUsd: number | null;
  outputTokensPerSecond: number | null;
  ttftP50Ms: number | null;
};

export type RouteExport = {
  by: RouteQuery["by"];
  format: RouteQuery["format"];
  /** one sentence on how the order was made */
  rule: string;
  order: RouteEntry[];
  /** paste into the gateway's configuration */
  config: unknown;
  evidenceUrl: string;
};

const OPENROUTER: Record<string, string> = {
  openai: "openai",
  azure: "azure",
  bedrock: "amazon-bedrock",
  "bedrock-openai": "amazon-bedrock",
  google: "google-ai-studio",
  vertex: "google-vertex",
  anthropic: "anthropic",
};
const VERCEL: Record<string, string> = {
  openai: "openai",
  azure: "azure",
  bedrock: "bedrock",
  "bedrock-openai": "bedrock",
  google: "google",
  vertex: "vertex",
  anthropic: "anthropic",
};
const LITELLM: Record<string, string> = {
  openai: "openai",
  azure: "azure",
  bedrock: "bedrock",
  "bedrock-openai": "bedrock",
  google: "gemini",
  vertex: "vertex_ai",
  anthropic: "anthropic",
  compatible: "openai",
};

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

function entryOf(d: DeploymentScore): RouteEntry {
  return {
    id: d.id,
    label: d.label,
    provider: d.provider,
    providerLabel: d.providerLabel,
    accuracy: d.metrics.accuracy?.value ?? null,
    accuracyVerdict: d.reference ? "reference" : (d.verdicts.accuracy ?? null),
    costPerCorrectUsd: d.metrics.costPerCorrectUsd?.value ?? null,
    outputTokensPerSecond: d.metrics.outputTokensPerSecond?.value ?? null,
    ttftP50Ms: d.metrics.ttftP50Ms?.value ?? null,
  };
}

/** Less accurate than the reference, by the verdict's test. */
function worse(d: DeploymentScore): boolean {
  return !d.reference && d.verdicts.accuracy === "different" && d.verdictDetails.accuracy?.direction === "worse";
}

const asc = (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity);
const desc = (a: number | null, b: number | null) => (b ?? -Infinity) - (a ?? -Infinity);

export function routeOrder(deployments: DeploymentScore[], by: RouteQuery["by"]): RouteEntry[] {
  const within = (a: RouteEntry, b: RouteEntry) =>
    by === "cost"
      ? asc(a.costPerCorrectUsd, b.costPerCorrectUsd) || desc(a.accuracy, b.accuracy)
      : desc(a.outputTokensPerSecond, b.outputTokensPerSecond) || asc(a.ttftP50Ms, b.ttftP50Ms);
  const good = deployments
    .filter((d) => !worse(d))
    .map(entryOf)
    .sort(within);
  const rest = deployments
    .filter(worse)
    .map(entryOf)
    .sort((a, b) => desc(a.accuracy, b.accuracy) || within(a, b));
  return [...good, ...rest];
}

function modelString(entry: RouteEntry, env: Env): string {
  const model = findModel(entry.id, env);
  const providerModelId = model?.providerModelId ?? entry.id.slice(entry.id.indexOf(":") + 1);
  return `${LITELLM[entry.provider] ?? "openai"}/${providerModelId}`;
}

export function routeExport(view: ScorecardView, query: RouteQuery, evidenceUrl: string, env: Env): RouteExport {
  const order = routeOrder(view.deployments, query.by);
  const logical = view.deployments[0]?.label ?? view.name;
  const rule =
    `Deployments not found less accurate than the reference first, then the rest by accuracy; within each, ` +
    (query.by === "cost"
      ? "the lowest cost per correct answer first."
      : "the most output tokens per second first (then time to first token).");
  let config: unknown;
  if (query.format === "openrouter") {
    const providers = [...new Set(order.map((e) => OPENROUTER[e.provider] ?? slug(e.providerLabel)))];
    config = { provider: { order: providers, allow_fallbacks: true } };
  } else if (query.format === "vercel") {
    const providers = [...new Set(order.map((e) => VERCEL[e.provider] ?? slug(e.providerLabel)))];
    config = { providerOptions: { gateway: { order: providers } } };
  } else {
    const names = order.map((e) => `${slug(logical)}-${slug(e.providerLabel)}-${slug(e.id).slice(-8)}`);
    config = {
      model_list: order.map((e, i) => ({ model_name: names[i], litellm_params: { model: modelString(e, env) } })),
      router_settings: { fallbacks: names.length > 1 ? [{ [names[0]!]: names.slice(1) }] : [] },
    };
  }
  return { by: query.by, format: query.format, rule, order, config, evidenceUrl };
}
