// Small pieces of the answers grid: a cell's status pill and its metrics line. Pure rendering.
import { CELL_STATUS_LABELS, type AnswerCell, type CellMetrics, type CellStatus } from "@/lib/evals/answers-schema";
import { formatCount, formatMs, formatUsd } from "@/lib/format";

const tones: Record<CellStatus, string> = {
  not_started: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400",
  queued: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  running: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  done: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  filtered: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  cut: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  cancelled: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

/** What a status means, for a tooltip and screen readers. */
export const STATUS_HINTS: Record<CellStatus, string> = {
  not_started: "The run has not started",
  queued: "Waiting to be generated",
  running: "Being generated now",
  done: "Answered",
  filtered: "Stopped by the provider's content filter",
  cut: "Cut at the token limit",
  failed: "The call failed",
  cancelled: "Stopped before it was generated (run cancelled or capped)",
};

export function CellStatusPill({ status }: { status: CellStatus }) {
  return (
    <span
      title={STATUS_HINTS[status]}
      className={`inline-flex rounded-full px-1.5 py-px text-[11px] leading-4 font-medium ${tones[status]}`}
    >
      {CELL_STATUS_LABELS[status]}
    </span>
  );
}

/** "TTFT 312 ms · 1.42 s · 1,180 tok · $0.000076" (unknowns left out). */
export function metricParts(m: CellMetrics | null): string[] {
  if (!m) return [];
  const parts: string[] = [];
  if (m.ttftMs != null) parts.push(`TTFT ${formatMs(m.ttftMs)}`);
  if (m.totalMs != null) parts.push(formatMs(m.totalMs));
  if (m.outputTokens != null) parts.push(`${formatCount(m.outputTokens)} tok`);
  if (m.costUsd != null) parts.push(formatUsd(m.costUsd));
  return parts;
}

/** The metrics of a cell as a definition list (the dialog). */
export function MetricsList({ cell }: { cell: AnswerCell }) {
  const m = cell.metrics;
  if (!m) return null;
  const rows: [string, string][] = [
    ["Time to first token", formatMs(m.ttftMs)],
    ["Total time", formatMs(m.totalMs)],
    ["Input tokens", formatCount(m.inputTokens)],
    ["Output tokens", formatCount(m.outputTokens)],
    ...(m.reasoningTokens ? ([["Reasoning tokens", formatCount(m.reasoningTokens)]] as [string, string][]) : []),
    ["Cost", formatUsd(m.costUsd)],
    ["Finish", cell.finishReason ?? "–"],
    ...(m.attempts > 1 ? ([["Attempts", String(m.attempts)]] as [string, string][]) : []),
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
          <dd className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
