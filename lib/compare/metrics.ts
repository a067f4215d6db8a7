import { noTiming, noUsage } from "@/lib/calls/answer-fields";
import type { AnswerMetrics } from "./events";

export function emptyMetrics(): AnswerMetrics {
  return { ...noTiming, ...noUsage, outputTokensPerSecond: null, costUsd: null, finishReason: null, attempts: 1, paramsNotSent: [] };
}

/** Output tokens per second over the generation phase (after the first token), as people read it. */
export function tokensPerSecond(outputTokens: number | null, ttftMs: number | null, totalMs: number | null): number | null {
  if (outputTokens == null || totalMs == null) return null;
  const generationMs = totalMs - (ttftMs ?? 0);
  if (generationMs <= 0 || outputTokens <= 0) return null;
  return Math.round((outputTokens / (generationMs / 1000)) * 10) / 10;
}
