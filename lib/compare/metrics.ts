import type { AnswerMetrics } from "./events";

export function emptyMetrics(): AnswerMetrics {
  return {
    ttftMs: null,
    totalMs: null,
    inputTokens: null,
    cachedInputTokens: null,
    outputTokens: null,
    reasoningTokens: null,
    outputTokensPerSecond: null,
    costUsd: null,
    finishReason: null,
    attempts: 1,
  };
}

/** Output tokens per second over the generation phase (after the first token), as people read it. */
export function tokensPerSecond(outputTokens: number | null, ttftMs: number | null, totalMs: number | null): number | null {
  if (outputTokens == null || totalMs == null) return null;
  const generationMs = totalMs - (ttftMs ?? 0);
  if (generationMs <= 0 || outputTokens <= 0) return null;
  return Math.round((outputTokens / (generationMs / 1000)) * 10) / 10;
}

export function formatMs(ms: number | null): string {
  if (ms == null) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatCost(usd: number | null): string {
  if (usd == null) return "–";
  if (usd === 0) return "$0";
  if (usd < 0.000001) return "<$0.000001";
  // two significant digits for sub-cent amounts: $0.000076, $0.0041
  return usd < 0.01 ? `$${Number(usd.toPrecision(2))}` : `$${usd.toFixed(4)}`;
}
