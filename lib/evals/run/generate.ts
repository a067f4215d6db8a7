import "server-only";
// One provider call for one evaluation answer, through the one model-call core (lib/calls) with
// the AI SDK's own retries off (pg-boss retries, with backoff, across processes), an idle timeout
// for hung streams and a hard deadline per attempt. Never throws: the result carries the stored
// answer fields and says done, or failed with a plain-words reason and whether another attempt
// may fix it.
import { answerFields, type AnswerFields } from "@/lib/calls/answer-fields";
import { callModel } from "@/lib/calls/call-model";
import type { PaneFailure } from "@/lib/calls/describe-error";
import type { Params } from "@/lib/compare/schema";
import type { Env } from "@/lib/env";
import type { CatalogModel } from "@/lib/providers";

export type GenerateInput = {
  model: CatalogModel;
  env: Env;
  system: string | null;
  prompt: string;
  params: Params;
  /** abort when the provider sends nothing for this long */
  idleTimeoutMs: number;
  /** abort an attempt that takes longer than this in total */
  deadlineMs: number;
  /** 1-based number of this attempt, for the failure message ("(attempt 3)") */
  attempt: number;
  /** aborted when the worker shuts down */
  signal?: AbortSignal;
};

export type GenerateResult =
  { ok: true; fields: AnswerFields } | { ok: false; failure: PaneFailure; retryable: boolean; fields: AnswerFields };

/** Failures that another attempt may fix: 429, 5xx, network, dropped or hung streams, a shutdown. */
const RETRYABLE = new Set([
  "rate_limited",
  "overloaded",
  "provider_error",
  "network",
  "connection_dropped",
  "stream_error",
  "timeout",
  "shutdown",
]);

export function isRetryable(failure: Pick<PaneFailure, "code">): boolean {
  return RETRYABLE.has(failure.code);
}

export async function generateAnswer(input: GenerateInput): Promise<GenerateResult> {
  const result = await callModel({
    model: input.model,
    env: input.env,
    system: input.system,
    messages: [{ role: "user", content: input.prompt }],
    params: input.params,
    signal: input.signal,
    maxRetries: 0,
    earlierAttempts: input.attempt - 1,
    idleTimeoutMs: input.idleTimeoutMs,
    deadlineMs: input.deadlineMs,
  });
  const fields = answerFields(result);
  if (result.status === "done") return { ok: true, fields };
  const tail = input.attempt > 1 ? ` (attempt ${input.attempt})` : "";
  const failure: PaneFailure =
    result.status === "stopped"
      ? { code: "shutdown", message: `The worker stopped while ${input.model.providerLabel} was answering.` }
      : {
          ...result.failure!,
          message: result.failure!.code === "timeout" ? result.failure!.message.replace(/\.$/, `${tail}.`) : result.failure!.message,
        };
  return {
    ok: false,
    failure,
    retryable: isRetryable(failure),
    fields: { ...fields, errorCode: failure.code, errorMessage: failure.message },
  };
}
