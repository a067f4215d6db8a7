import { noTiming, noUsage } from "@/lib/calls/answer-fields";
import type { AnswerMetrics, PaneStatus } from "./events";

export function emptyMetrics(): AnswerMetrics {
  return {
    ...noTiming,
    ...noUsage,
    outputTokensPerSecond: null,
    costUsd: null,
    usageEstimated: false,
    finishReason: null,
    attempts: 1,
    paramsNotSent: [],
  };
}

/** Output tokens per second over the generation phase (after the first token), as people read it. */
export function tokensPerSecond(outputTokens: number | null, ttftMs: number | null, totalMs: number | null): number | null {
  if (outputTokens == null || totalMs == null) return null;
  const generationMs = totalMs - (ttftMs ?? 0);
  if (generationMs <= 0 || outputTokens <= 0) return null;
  return Math.round((outputTokens / (generationMs / 1000)) * 10) / 10;
}

/**
 * How an answer ended, as its status badge says it. A done answer the provider's content filter
 * stopped, or one cut at the max output tokens setting, is not a green "Done": both are amber.
 */
export type AnswerOutcome = { label: string; tone: "pending" | "streaming" | "done" | "warning" | "error"; title?: string };

export function answerOutcome(status: PaneStatus, finishReason: string | null | undefined): AnswerOutcome {
  switch (status) {
    case "pending":
      return { label: "Waiting", tone: "pending" };
    case "streaming":
      return { label: "Streaming", tone: "streaming" };
    case "stopped":
      return { label: "Stopped", tone: "warning", title: "Stopped before the model finished; the text received is kept." };
    case "error":
      return { label: "Error", tone: "error" };
    case "skipped":
      // not a failure of the provider: the model cannot take this turn's images or tools
      return {
        label: "Skipped",
        tone: "pending",
        title: "This model cannot take what the prompt asks (images or tools), so it was not called.",
      };
    case "done":
      if (finishReason === "content-filter")
        return {
          label: "Filtered",
          tone: "warning",
          title: "The provider's content filter stopped this answer; the text shown is what came before it.",
        };
      if (finishReason === "length")
        return {
          label: "Cut at the token limit",
          tone: "warning",
          title: "The answer reached the max output tokens setting and was cut there.",
        };
      return { label: "Done", tone: "done" };
  }
}

/** Whether the text stopped short of the model's own end (stopped, failed, filtered or cut). */
export function endedEarly(status: PaneStatus, finishReason: string | null | undefined): boolean {
  return (
    status === "stopped" || status === "error" || (status === "done" && (finishReason === "content-filter" || finishReason === "length"))
  );
}
