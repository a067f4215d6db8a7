import type { ModelCapabilities } from "@/lib/providers/model-info";
import type { ModelTraits } from "@/lib/compare/capabilities";
import type { ProbeFamily, ProbeItem, ProbeSuite } from "../types";
export type SkipReason = "context-window" | "no-tools" | "no-structured-output" | "no-reasoning" | "param-not-sent";
export type SkippedItem = { key: string; family: ProbeFamily; reason: SkipReason; detail: string };
export type ItemSelection = { items: ProbeItem[]; skipped: SkippedItem[] };
export function itemsForModel(
  suite: ProbeSuite,
  contextWindow: number | null,
  capabilities: ModelCapabilities | null,
  model?: ModelTraits,
): ItemSelection {
  void contextWindow;
  void capabilities;
  void model;
  return { items: suite.items, skipped: [] };
}
