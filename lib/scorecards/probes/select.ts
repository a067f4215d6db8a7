// Which items of a suite a deployment gets (issue 12): items over the model's advertised context
// window, tool items for a model without tools, structured items for one without structured output
// and reasoning-effort items for one without reasoning are skipped, each with its reason, so the
// scorecard can say what was not measured instead of counting it wrong. With the deployment's
// traits (lib/compare/capabilities.ts), parameter probes whose parameter that API does not send
// (seed or stop sequences on the OpenAI Responses API, seed on Bedrock and Anthropic) are skipped too.
import { type ModelTraits, notSentReason, type ParamName } from "@/lib/compare/capabilities";
import type { ModelCapabilities } from "@/lib/providers/model-info";
import type { ProbeFamily, ProbeItem, ProbeSuite } from "../types";

export type SkipReason = "context-window" | "no-tools" | "no-structured-output" | "no-reasoning" | "param-not-sent";
export type SkippedItem = { key: string; family: ProbeFamily; reason: SkipReason; detail: string };
export type ItemSelection = { items: ProbeItem[]; skipped: SkippedItem[] };

/** Tokens kept free for the answer when an item's prompt is held against the context window. */
export const OUTPUT_RESERVE_TOKENS = 1_024;

const probeParams: Record<string, ParamName> = {
  "stop-sequence": "stopSequences",
  seed: "seed",
  "reasoning-effort": "reasoningEffort",
  "temperature-zero": "temperature",
};

function skipReason(
  item: ProbeItem,
  contextWindow: number | null,
  capabilities: ModelCapabilities | null,
  model: ModelTraits | undefined,
): Omit<SkippedItem, "key" | "family"> | null {
  if (contextWindow != null && item.contextTokens != null && item.contextTokens + OUTPUT_RESERVE_TOKENS > contextWindow) {
    return {
      reason: "context-window",
      detail: `about ${item.contextTokens.toLocaleString("en-US")} tokens, over the advertised window of ${contextWindow.toLocaleString("en-US")}`,
    };
  }
  if (capabilities && !capabilities.tools && (item.tools?.length ?? 0) > 0)
    return { reason: "no-tools", detail: "the model takes no tools" };
  if (capabilities && !capabilities.structuredOutput && item.responseSchema)
    return { reason: "no-structured-output", detail: "the model takes no response schema" };
  const probe = item.checker.kind === "parameter" ? item.checker.probe.probe : null;
  if (probe === "reasoning-effort" && capabilities && !capabilities.reasoning)
    return { reason: "no-reasoning", detail: "the model has no reasoning effort" };
  if (probe && model && probeParams[probe]) {
    const why = notSentReason(model, probeParams[probe]!, item.params ?? {});
    if (why) return { reason: "param-not-sent", detail: `${probeParams[probe]} not sent (${why})` };
  }
  return null;
}

/**
 * The items a deployment gets and the ones it skips (with the reason). `contextWindow` null: not
 * known, nothing is skipped for size; `capabilities` null: not known, nothing is skipped for them.
 * A reasoning-effort item is skipped with its pair partner, so pairs stay whole.
 */
export function itemsForModel(
  suite: ProbeSuite,
  contextWindow: number | null,
  capabilities: ModelCapabilities | null,
  model?: ModelTraits,
): ItemSelection {
  const items: ProbeItem[] = [];
  const skipped: SkippedItem[] = [];
  for (const item of suite.items) {
    const why = skipReason(item, contextWindow, capabilities, model);
    if (why) skipped.push({ key: item.key, family: item.family, ...why });
    else items.push(item);
  }
  // pairs stay whole: a reasoning-effort item whose partner is skipped is skipped for the same reason
  const skippedPairs = new Map<string, SkippedItem>();
  for (const s of skipped) {
    const item = suite.items.find((i) => i.key === s.key);
    const pair =
      item?.checker.kind === "parameter" && item.checker.probe.probe === "reasoning-effort" ? item.checker.probe.pair : undefined;
    if (pair) skippedPairs.set(pair, s);
  }
  if (skippedPairs.size === 0) return { items, skipped };
  const kept: ProbeItem[] = [];
  for (const item of items) {
    const pair = item.checker.kind === "parameter" && item.checker.probe.probe === "reasoning-effort" ? item.checker.probe.pair : undefined;
    const partner = pair ? skippedPairs.get(pair) : undefined;
    if (partner)
      skipped.push({ key: item.key, family: item.family, reason: partner.reason, detail: `${partner.detail} (its pair is skipped)` });
    else kept.push(item);
  }
  return { items: kept, skipped };
}
