// How a tool call reads in a pane: the validity mark's words, the arguments as text (pretty JSON,
// or the raw text when it is not JSON), calls grouped by step. Pure, for tool-calls.tsx and tests.
import type { ToolCallRecord, ToolCallValidity } from "@/lib/compare/tools-schema";

/** The validity mark's words (never colour alone) and tone. */
export const validityLabels: Record<ToolCallValidity, { label: string; tone: "ok" | "bad" | "warn" }> = {
  valid: { label: "Valid", tone: "ok" },
  "invalid-json": { label: "Invalid JSON", tone: "bad" },
  "unknown-tool": { label: "Unknown tool", tone: "bad" },
  "schema-mismatch": { label: "Arguments don't match the schema", tone: "warn" },
};

export const toneClasses = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  bad: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  warn: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
};

export const sourceLabels: Record<ToolCallRecord["resultSource"], string> = {
  mock: "Mock result",
  manual: "Typed-in result",
  none: "Not run",
};

/** Pretty JSON of a value, as text. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The arguments as shown: pretty JSON when they parsed, else the raw text exactly as the model sent it. */
export function argumentsText(call: Pick<ToolCallRecord, "args" | "input" | "validity">): { text: string; raw: boolean } {
  if (call.validity === "invalid-json" || call.args === null) return { text: call.input, raw: true };
  return { text: jsonText(call.args), raw: false };
}

/** Calls grouped by their step, steps in order, calls in the order they came. */
export function groupBySteps(calls: readonly ToolCallRecord[]): { step: number; calls: ToolCallRecord[] }[] {
  const steps = new Map<number, ToolCallRecord[]>();
  for (const c of calls) steps.set(c.step, [...(steps.get(c.step) ?? []), c]);
  return [...steps.entries()].sort((a, b) => a[0] - b[0]).map(([step, list]) => ({ step, calls: list }));
}
