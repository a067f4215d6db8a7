// What a checker reads of one call, from the model-call core's result (lib/calls/call-model.ts).
import type { CallResult } from "@/lib/calls/call-model";
import type { Params } from "@/lib/compare/schema";
import type { ProbeAnswer } from "../types";

/** The ProbeAnswer of a callModel result; `params` are the parameters that were sent (item over scorecard). */
export function probeAnswerOf(
  result: Pick<CallResult, "status" | "text" | "reasoning" | "finishReason" | "toolCalls" | "usage">,
  params: Params,
): ProbeAnswer {
  return {
    status: result.status,
    text: result.text,
    reasoning: result.reasoning,
    finishReason: result.finishReason,
    toolCalls: result.toolCalls,
    outputTokens: result.usage.outputTokens,
    reasoningTokens: result.usage.reasoningTokens,
    params,
  };
}
