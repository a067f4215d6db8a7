// How the scorecard pages print metrics, verdicts and run states. Pure (no server imports), so the
// server-rendered table and the client's agree.
import { formatCount, formatMs, formatTokensPerSecond, formatUsd, MISSING } from "@/lib/format";
import type { MetricName, MetricValue, ScorecardRunStatus, Verdict, VerdictDetail } from "@/lib/scorecards/types";

type MetricKind = "fraction" | "ms" | "rate" | "usd";

/** The columns of the verdict table, in order: what the issue names first, then the rest. */
export const tableMetrics: { name: MetricName; label: string; kind: MetricKind; hint: string }[] = [
  { name: "accuracy", label: "Accuracy", kind: "fraction", hint: "Share of items answered correctly, all samples" },
  { name: "accuracy.reasoning", label: "Reasoning", kind: "fraction", hint: "Exact-answer reasoning items" },
  { name: "accuracy.instructions", label: "Instructions", kind: "fraction", hint: "Instruction-following items" },
  { name: "accuracy.structured", label: "Structured", kind: "fraction", hint: "Structured output against a JSON Schema" },
  { name: "accuracy.tools", label: "Tools", kind: "fraction", hint: "Tool-calling items" },
  { name: "accuracy.long-context", label: "Long context", kind: "fraction", hint: "A fact found at several depths of long inputs" },
  {
    name: "accuracy.parameters",
    label: "Parameters",
    kind: "fraction",
    hint: "Max tokens, stop sequences, reasoning effort, temperature 0, seed",
  },
  {
    name: "toolCallErrorRate",
    label: "Tool-call errors",
    kind: "fraction",
    hint: "Share of tool calls that were invalid JSON, an unknown tool, a schema mismatch or wrong arguments",
  },
  { name: "ttftP50Ms", label: "TTFT p50", kind: "ms", hint: "Time to first token, median (the provider's part)" },
  { name: "ttftP95Ms", label: "TTFT p95", kind: "ms", hint: "Time to first token, 95th percentile" },
  { name: "totalP50Ms", label: "Total p50", kind: "ms", hint: "Total time per call, median" },
  { name: "outputTokensPerSecond", label: "Output tok/s", kind: "rate", hint: "Output tokens per second, median" },
  { name: "errorRate", label: "Errors", kind: "fraction", hint: "Share of calls that failed" },
  { name: "rateLimitedRate", label: "429s", kind: "fraction", hint: "Share of calls refused with 429 (rate limited)" },
  { name: "costPerItemUsd", label: "Cost / item", kind: "usd", hint: "Mean cost of one call" },
  { name: "costPerCorrectUsd", label: "Cost / correct", kind: "usd", hint: "Spend divided by correct answers" },
];

export function metricMeta(name: MetricName) {
  return tableMetrics.find((m) => m.name === name) ?? { name, label: name, kind: "rate" as MetricKind, hint: name };
}

/** One value in the metric's own unit: "87.3%", "412 ms", "61.2", "$0.0012". */
export function formatMetric(name: MetricName, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return MISSING;
  switch (metricMeta(name).kind) {
    case "fraction":
      return `${(value * 100).toFixed(1)}%`;
    case "ms":
      return formatMs(value);
    case "usd":
      return formatUsd(value);
    default:
      return formatTokensPerSecond(value);
  }
}

/** "87.3% (95% CI 82.1% to 91.8%, n = 450)" */
export function formatInterval(name: MetricName, m: MetricValue | undefined): string {
  if (!m || m.value == null) return m && m.n > 0 ? `no value (n = ${formatCount(m.n)})` : "not measured";
  const ci =
    m.ciLow != null && m.ciHigh != null ? ` (95% interval ${formatMetric(name, m.ciLow)} to ${formatMetric(name, m.ciHigh)}` : " (";
  return `${formatMetric(name, m.value)}${ci}${ci.endsWith("(") ? "" : ", "}n = ${formatCount(m.n)})`;
}

/** The difference to the reference in the metric's unit: "-9.8 points", "+23%". */
export function formatDifference(name: MetricName, d: VerdictDetail): string | null {
  if (d.difference == null) return null;
  const sign = d.difference > 0 ? "+" : d.difference < 0 ? "−" : "±";
  const x = Math.abs(d.difference);
  if (d.marginKind === "relative") return `${sign}${(x * 100).toFixed(0)}%`;
  const kind = metricMeta(name).kind;
  if (kind === "fraction") return `${sign}${(x * 100).toFixed(1)} points`;
  if (kind === "usd") return `${sign}${formatUsd(x)}`;
  if (kind === "ms") return `${sign}${formatMs(x)}`;
  return `${sign}${x.toFixed(1)}`;
}

function formatMargin(name: MetricName, d: VerdictDetail): string {
  if (d.marginKind === "relative") return `±${(d.margin * 100).toFixed(0)}%`;
  return metricMeta(name).kind === "fraction" ? `±${(d.margin * 100).toFixed(0)} points` : `±${d.margin}`;
}

export type VerdictLook = {
  label: string;
  short: string;
  className: string;
  tone: "equivalent" | "better" | "worse" | "inconclusive" | "none";
};

/** A cell's verdict as text (never colour alone) and its colours. */
export function verdictLook(verdict: Verdict | undefined, detail: VerdictDetail | undefined): VerdictLook {
  if (verdict === "equivalent")
    return {
      label: "Equivalent",
      short: "same",
      tone: "equivalent",
      className: "bg-emerald-50 text-emerald-900 ring-emerald-200 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-900",
    };
  if (verdict === "different" && detail?.direction === "better")
    return {
      label: "Different: better",
      short: "better",
      tone: "better",
      className: "bg-sky-50 text-sky-900 ring-sky-200 dark:bg-sky-950/60 dark:text-sky-200 dark:ring-sky-900",
    };
  if (verdict === "different")
    return {
      label: "Different: worse",
      short: "worse",
      tone: "worse",
      className: "bg-red-50 text-red-900 ring-red-200 dark:bg-red-950/60 dark:text-red-200 dark:ring-red-900",
    };
  if (verdict === "inconclusive")
    return {
      label: "Inconclusive",
      short: "unsure",
      tone: "inconclusive",
      className: "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-200 dark:ring-amber-900",
    };
  return {
    label: "",
    short: "",
    tone: "none",
    className: "bg-white text-zinc-800 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-200 dark:ring-zinc-800",
  };
}

/** The sentences a cell's tooltip says: the value and interval, then the test against the reference. */
export function verdictSentences(
  name: MetricName,
  m: MetricValue | undefined,
  verdict: Verdict | undefined,
  d: VerdictDetail | undefined,
): string[] {
  const lines = [formatInterval(name, m)];
  if (!verdict || !d) return lines;
  const diff = formatDifference(name, d);
  if (verdict === "equivalent")
    lines.push(
      `Equivalent to the reference: the 90% interval of the difference${diff ? ` (${diff})` : ""} lies inside ${formatMargin(name, d)}.`,
    );
  else if (verdict === "different")
    lines.push(
      `Different from the reference (${d.direction ?? "changed"})${diff ? `: ${diff}` : ""}; the 95% interval excludes zero${
        d.pAdjusted != null ? ` (Holm-adjusted p = ${d.pAdjusted < 0.001 ? "<0.001" : d.pAdjusted.toFixed(3)})` : ""
      }.`,
    );
  else
    lines.push(
      `Inconclusive${diff ? ` (${diff})` : ""}: neither equivalent within ${formatMargin(name, d)} nor different${
        d.samplesToDecide != null ? `; about ${formatCount(d.samplesToDecide)} samples per deployment would decide` : ""
      }.`,
    );
  return lines;
}

export const runStatusLook: Record<ScorecardRunStatus | "draft", { label: string; className: string }> = {
  draft: { label: "No run yet", className: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" },
  queued: { label: "Queued", className: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" },
  running: { label: "Running", className: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300" },
  paused: { label: "Paused", className: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300" },
  finished: { label: "Finished", className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" },
  failed: { label: "Failed", className: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300" },
  cancelled: { label: "Cancelled", className: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" },
};

export const scheduleLabel = { hourly: "Hourly", daily: "Daily", weekly: "Weekly" } as const;
