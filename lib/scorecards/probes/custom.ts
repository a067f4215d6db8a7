import type { ProbeItem } from "../types";
export type SuiteFileFormat = "csv" | "jsonl";
export const MAX_SUITE_ITEMS = 2000;
export const MAX_SUITE_PROMPT_CHARS = 100_000;
export function parseSuiteFile(text: string, format: SuiteFileFormat): { items: ProbeItem[] } {
  void text;
  void format;
  return { items: [] };
}
