// The one stored shape of a model's answer. Compare answers (`Answer`) and evaluation answers
// (`EvalAnswer`) have these same columns; both write them from a CallResult through this function,
// so no feature loses ids, cached or reasoning tokens, or the timing split.
import type { CallResult } from "./call-model";
import type { CallTiming } from "./timing";

/** Tokens as the provider reported them (null: not reported, e.g. a call that failed first). */
export type CallUsage = {
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
};

export type AnswerFields = CallTiming &
  CallUsage & {
    text: string;
    reasoning: string;
    finishReason: string | null;
    errorCode: string | null;
    errorMessage: string | null;
    errorStatus: number | null;
    /** the tokens (and so the cost) were estimated: the provider reported no usage (lib/calls/estimate.ts) */
    usageEstimated: boolean;
    /** parameters set that this provider was not sent (lib/compare/capabilities.ts, the AI SDK's warnings) */
    paramsNotSent: string[];
    costUsd: number | null;
    responseId: string | null;
    requestId: string | null;
    /** the service tier sent, and the one the provider says served the answer (lib/calls/call-model.ts) */
    requestedTier: string | null;
    servedTier: string | null;
  };

export function answerFields(result: CallResult): AnswerFields {
  return {
    text: result.text,
    reasoning: result.reasoning,
    finishReason: result.finishReason,
    errorCode: result.failure?.code ?? null,
    errorMessage: result.failure?.message ?? null,
    errorStatus: result.failure?.statusCode ?? null,
    ...result.timing,
    ...result.usage,
    usageEstimated: result.usageEstimated,
    paramsNotSent: result.paramsNotSent ?? [],
    costUsd: result.costUsd,
    responseId: result.responseId,
    requestId: result.requestId,
    requestedTier: result.requestedTier,
    servedTier: result.servedTier,
  };
}

export const noTiming: CallTiming = { setupMs: null, responseHeadersMs: null, headersToFirstTokenMs: null, ttftMs: null, totalMs: null };
export const noUsage: CallUsage = { inputTokens: null, cachedInputTokens: null, outputTokens: null, reasoningTokens: null };

/** Nothing measured yet: a pane that has not answered (or whose answer is being retried). */
export function emptyAnswerFields(): AnswerFields {
  return {
    text: "",
    reasoning: "",
    finishReason: null,
    errorCode: null,
    errorMessage: null,
    errorStatus: null,
    ...noTiming,
    ...noUsage,
    usageEstimated: false,
    paramsNotSent: [],
    costUsd: null,
    responseId: null,
    requestId: null,
    requestedTier: null,
    servedTier: null,
  };
}
