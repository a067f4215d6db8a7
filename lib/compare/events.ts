// Events of one comparison, multiplexed over a single NDJSON stream and tagged by pane.
// The same shapes go to the browser and to API clients (`POST /api/v1/comparisons`).
import type { CallUsage } from "@/lib/calls/answer-fields";
import type { CallTiming } from "@/lib/calls/timing";
import type { JsonValue, SkipReason, StructuredCheck, ToolCallRecord } from "./tools-schema";

/** skipped: the pane's model cannot take what the turn asks (images, tools): no call was made (./tools-schema.ts SkipReason) */
export type PaneStatus = "pending" | "streaming" | "done" | "error" | "stopped" | "skipped";

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
  | {
      type: "pane-finish";
      pane: number;
      turn: number;
      status: "done" | "stopped";
      metrics: AnswerMetrics;
      responseId: string | null;
      /** the answer validated against the comparison's response schema (absent: no schema) */
      structured?: StructuredCheck;
    }
  /** the pane did not run: its model cannot take the turn's images or tools; ends the pane */
  | { type: "pane-skipped"; pane: number; turn: number; reason: SkipReason }
  /** a tool call arrived complete and was classified; `result` is not set yet */
  | { type: "tool-call"; pane: number; turn: number; call: ToolCallRecord }
  /** a call to a `manual` tool waits for POST /api/v1/comparisons/<id>/tool-results until `timeoutAt` (ISO time) */
  | { type: "tool-waiting"; pane: number; turn: number; toolCallId: string; name: string; args: JsonValue | null; timeoutAt: string }
  /** what the model got back for a call (mock, typed-in, or none: not run, timed out, stopped) */
  | {
      type: "tool-result";
      pane: number;
      turn: number;
      toolCallId: string;
      result: JsonValue | null;
      resultSource: ToolCallRecord["resultSource"];
    }
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
      toolCalls?: ToolCallRecord[];
      structured?: StructuredCheck;
      /** a call waiting for a typed-in result */
      waiting?: { toolCallId: string; name: string; args: JsonValue | null; timeoutAt: string } | null;
      skipReason?: SkipReason | null;
    };
