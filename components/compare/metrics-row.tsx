import type { AnswerMetrics } from "@/lib/compare/events";
import { formatCount, formatMs, formatTokensPerSecond, formatUsd, MISSING } from "@/lib/format";

const finishLabels: Record<string, string> = {
  stop: "stop",
  length: "length (max tokens)",
  "content-filter": "content filter",
  "tool-calls": "tool calls",
  stopped: "stopped by you",
  error: "error",
};

/** TTFT is the provider's part, from the request being written; the hover says how it splits. */
function ttftTitle(m: AnswerMetrics): string {
  const parts: string[] = [];
  if (m.responseHeadersMs != null) parts.push(`response headers after ${formatMs(m.responseHeadersMs)}`);
  if (m.headersToFirstTokenMs != null) parts.push(`first token ${formatMs(m.headersToFirstTokenMs)} later`);
  if (m.setupMs != null) parts.push(`our set-up before the request: ${formatMs(m.setupMs)}`);
  return `Time to first token, from the request being written${parts.length ? ` (${parts.join("; ")})` : ""}`;
}

/**
 * The service tier, when one was asked for or the provider served a tier other than the standard
 * one: "flex", or "default (asked priority)" when the provider served another tier than asked.
 */
function tierItem(m: AnswerMetrics): { term: string; title: string; value: string } | null {
  const asked = m.requestedTier ?? null;
  const served = m.servedTier ?? null;
  if (!asked && (!served || served === "default")) return null;
  const value = served ? (asked && asked !== served && asked !== "auto" ? `${served} (asked ${asked})` : served) : `${asked} (asked)`;
  const title = served
    ? `Service tier: ${asked ? `asked for ${asked}, ` : ""}the provider says ${served} served it; the cost is at the ${served} tier's price`
    : `Service tier asked for: ${asked}; the provider did not say which served it, so the cost is at the ${asked} tier's price`;
  return { term: "Tier", title, value };
}

/**
 * The measurements under an answer, as a description list: time to first token, total time,
 * tokens in and out, output tokens per second, cost and finish reason ("–" while unknown).
 */
export function MetricsRow({ metrics: m }: { metrics: AnswerMetrics }) {
  // tokens the provider never reported (a stopped pane) are estimated from the text: "~120 (estimated)"
  const est = m.usageEstimated === true;
  const approx = (value: string) => (est && value !== MISSING ? `~${value}` : value);
  const why = " (estimated from the text, about 4 characters a token: the provider reported no usage before the answer ended)";
  const items: { term: string; title: string; value: string }[] = [
    { term: "TTFT", title: ttftTitle(m), value: formatMs(m.ttftMs) },
    { term: "Total", title: "Total time", value: formatMs(m.totalMs) },
    {
      term: "In",
      title: (m.cachedInputTokens ? `Input tokens (${formatCount(m.cachedInputTokens)} cached)` : "Input tokens") + (est ? why : ""),
      value: approx(formatCount(m.inputTokens)),
    },
    {
      term: "Out",
      title: (m.reasoningTokens ? `Output tokens (${formatCount(m.reasoningTokens)} reasoning)` : "Output tokens") + (est ? why : ""),
      value: est && m.outputTokens != null ? `~${formatCount(m.outputTokens)} (estimated)` : formatCount(m.outputTokens),
    },
    {
      term: "Tok/s",
      title: "Output tokens per second, after the first token" + (est ? why : ""),
      value: approx(formatTokensPerSecond(m.outputTokensPerSecond)),
    },
    {
      term: "Cost",
      title: est ? `Cost in USD at the listed price, of the estimated tokens${why}` : "Cost in USD at the listed price",
      value: est && m.costUsd != null ? `~${formatUsd(m.costUsd)} (estimated)` : formatUsd(m.costUsd),
    },
    { term: "Finish", title: "Finish reason", value: m.finishReason ? (finishLabels[m.finishReason] ?? m.finishReason) : "–" },
  ];
  const tier = tierItem(m);
  if (tier) items.push(tier);
  if (m.attempts > 1) items.push({ term: "Attempts", title: "Provider calls, retries included", value: String(m.attempts) });
  return (
    <dl className="flex flex-wrap gap-x-3.5 gap-y-1 text-xs">
      {items.map((item) => (
        <div key={item.term} className="flex items-baseline gap-1" title={item.title}>
          <dt className="text-zinc-500 dark:text-zinc-400">{item.term}</dt>
          <dd className="font-medium text-zinc-800 tabular-nums dark:text-zinc-200">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
