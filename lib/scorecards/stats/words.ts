// Plain words for metrics, values and differences: the one-sentence summary per deployment and
// the drift alerts' text read the same way.
import type { MetricName, VerdictDetail } from "@/lib/scorecards/types";

const MINUS = "\u2212";

/** How the metric reads in a sentence ("accuracy on tool calling"). */
export const metricLabels: Record<MetricName, string> = {
  accuracy: "accuracy",
  "accuracy.reasoning": "accuracy on reasoning",
  "accuracy.instructions": "accuracy on instruction following",
  "accuracy.structured": "accuracy on structured output",
  "accuracy.tools": "accuracy on tool calling",
  "accuracy.long-context": "accuracy on long context",
  "accuracy.parameters": "accuracy on parameter conformance",
  passAtK: "pass@k",
  passHatK: "pass^k",
  toolCallErrorRate: "tool-call error rate",
  ttftP50Ms: "time to first token (p50)",
  ttftP95Ms: "time to first token (p95)",
  totalP50Ms: "total time (p50)",
  totalP95Ms: "total time (p95)",
  outputTokensPerSecond: "output tokens per second",
  errorRate: "error rate",
  rateLimitedRate: "rate-limited (429) rate",
  costPerItemUsd: "cost per answer",
  costPerCorrectUsd: "cost per correct answer",
};

/** The clause for a "different" verdict: [worse, better]. */
const differs: Record<MetricName, [string, string]> = {
  accuracy: ["less accurate overall", "more accurate overall"],
  "accuracy.reasoning": ["less accurate on reasoning", "more accurate on reasoning"],
  "accuracy.instructions": ["less accurate on instruction following", "more accurate on instruction following"],
  "accuracy.structured": ["less accurate on structured output", "more accurate on structured output"],
  "accuracy.tools": ["less accurate on tool calling", "more accurate on tool calling"],
  "accuracy.long-context": ["less accurate on long context", "more accurate on long context"],
  "accuracy.parameters": ["honours parameters less often", "honours parameters more often"],
  passAtK: ["lower pass@k", "higher pass@k"],
  passHatK: ["lower pass^k (less consistent)", "higher pass^k (more consistent)"],
  toolCallErrorRate: ["more tool-call errors", "fewer tool-call errors"],
  ttftP50Ms: ["slower first token", "faster first token"],
  ttftP95Ms: ["slower first token at p95", "faster first token at p95"],
  totalP50Ms: ["slower to finish", "faster to finish"],
  totalP95Ms: ["slower to finish at p95", "faster to finish at p95"],
  outputTokensPerSecond: ["fewer output tokens per second", "more output tokens per second"],
  errorRate: ["more errors", "fewer errors"],
  rateLimitedRate: ["rate-limited (429) more often", "rate-limited (429) less often"],
  costPerItemUsd: ["dearer per answer", "cheaper per answer"],
  costPerCorrectUsd: ["dearer per correct answer", "cheaper per correct answer"],
};

const signed = (x: number, digits: number, unit: string) => {
  const r = x.toFixed(digits);
  const zero = Number(r) === 0;
  return `${zero ? "" : x > 0 ? "+" : MINUS}${r.replace("-", "")}${unit}`;
};

/** "−12 points, 95% −18 to −6" (absolute) or "+35%" (relative). */
export function differenceText(d: VerdictDetail, withInterval = true): string {
  if (d.difference === null) return "";
  if (d.marginKind === "relative") {
    const pct = d.difference * 100;
    return signed(pct, Math.abs(pct) < 10 ? 1 : 0, "%");
  }
  const pts = d.difference * 100;
  const main = `${signed(pts, Math.abs(pts) < 10 ? 1 : 0, " points")}`;
  if (!withInterval || !d.ci95) return main;
  const f = (x: number) => signed(x * 100, Math.abs(x * 100) < 10 ? 1 : 0, "");
  return `${main}, 95% ${f(d.ci95[0])} to ${f(d.ci95[1])}`;
}

/** "less accurate on tool calling (−12 points, 95% −18 to −6)" */
export function differsClause(metric: MetricName, d: VerdictDetail): string {
  const [worse, better] = differs[metric];
  const text = differenceText(d, d.marginKind === "absolute");
  return `${d.direction === "better" ? better : worse}${text ? ` (${text})` : ""}`;
}

/** A value as a person reads it: "92%", "420 ms", "1.4 s", "85 tokens/s", "$0.0021". */
export function formatValue(metric: MetricName, value: number | null): string {
  if (value === null) return "no data";
  if (metric.startsWith("accuracy") || metric.endsWith("Rate") || metric === "passAtK" || metric === "passHatK") {
    const pct = value * 100;
    return `${pct.toFixed(pct > 0 && pct < 10 ? 1 : 0)}%`;
  }
  if (metric.endsWith("Ms")) return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  if (metric === "outputTokensPerSecond") return `${value.toFixed(value < 10 ? 1 : 0)} tokens/s`;
  return `$${value < 0.01 ? value.toPrecision(2) : value.toFixed(value < 1 ? 3 : 2)}`;
}

export const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** "a, b and c" */
export function listText(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}
