// Events of one comparison, multiplexed over a single NDJSON stream and tagged by pane.
// The same shapes go to the browser and to API clients (`POST /api/v1/comparisons`).
export type PaneStatus = "pending" | "streaming" | "done" | "error" | "stopped";

export type AnswerMetrics = {
  /** the timing split of lib/calls/timing.ts: our set-up, then the provider's headers and first token */
  setupMs: number | null;
  responseHeadersMs: number | null;
  headersToFirstTokenMs: number | null;
  /** from the answering request being written (the provider's part) */
  ttftMs: number | null;
  totalMs: number | null;
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  outputTokensPerSecond: number | null;
  costUsd: number | null;
  finishReason: string | null;
  attempts: number;
};

export type CompareEvent =
  | { type: "comparison"; id: string; turn: number }
  | { type: "pane-start"; pane: number; turn: number; model: string }
  | { type: "text-delta"; pane: number; turn: number; delta: string }
  | { type: "reasoning-delta"; pane: number; turn: number; delta: string }
  | { type: "pane-finish"; pane: number; turn: number; status: "done" | "stopped"; metrics: AnswerMetrics; responseId: string | null }
  | { type: "pane-error"; pane: number; turn: number; error: { code: string; message: string; statusCode?: number }; metrics: AnswerMetrics; responseId: string | null }
  | { type: "done"; id: string; turn: number }
  /** sent first to a late subscriber (reload mid-stream): the pane as it is now */
  | { type: "pane-snapshot"; pane: number; turn: number; status: PaneStatus; text: string; reasoning: string; metrics: AnswerMetrics; error: { code: string; message: string } | null };
