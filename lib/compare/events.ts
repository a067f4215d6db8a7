// Events of one comparison, multiplexed over a single NDJSON stream and tagged by pane.
// The same shapes go to the browser and to API clients (`POST /api/v1/comparisons`).
import type { CallUsage } from "@/lib/calls/answer-fields";
import type { CallTiming } from "@/lib/calls/timing";

export type PaneStatus = "pending" | "streaming" | "done" | "error" | "stopped";

/** What a pane shows under its answer: the call's timing split and usage (lib/calls), and what follows from them. */
export type AnswerMetrics = CallTiming &
  CallUsage & {
    outputTokensPerSecond: number | null;
    costUsd: number | null;
    /** tokens and cost estimated from the text (the provider reported no usage, e.g. a stopped pane) */
    usageEstimated: boolean;
    finishReason: string | null;
    attempts: number;
    /** set parameters the provider was not sent (it does not support them), e.g. ["seed"]; lib/compare/capabilities.ts */
    paramsNotSent: string[];
    /** the service tier sent and the one the provider says served the answer ("flex", "priority", "default"...) */
    requestedTier: string | null;
    servedTier: string | null;
  };

export type CompareEvent =
  /**
   * First on a stream. While a re-run sends its turns in order (lib/compare/sequence.ts), it is
   * sent again as each turn starts, with that turn's `prompt` and `turns`, the number of turns the
   * sequence will have in all; the stream then ends (`done`) after the last of them.
   */
  | { type: "comparison"; id: string; turn: number; prompt?: string; turns?: number }
  | { type: "pane-start"; pane: number; turn: number; model: string }
  | { type: "text-delta"; pane: number; turn: number; delta: string }
  | { type: "reasoning-delta"; pane: number; turn: number; delta: string }
  | { type: "pane-finish"; pane: number; turn: number; status: "done" | "stopped"; metrics: AnswerMetrics; responseId: string | null }
  | {
      type: "pane-error";
      pane: number;
      turn: number;
      error: { code: string; message: string; statusCode?: number };
      metrics: AnswerMetrics;
      responseId: string | null;
    }
  | { type: "done"; id: string; turn: number }
  /** sent first to a late subscriber (reload mid-stream): the pane as it is now */
  | {
      type: "pane-snapshot";
      pane: number;
      turn: number;
      status: PaneStatus;
      text: string;
      reasoning: string;
      metrics: AnswerMetrics;
      error: { code: string; message: string } | null;
    };
