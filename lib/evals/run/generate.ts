// One provider call for one evaluation answer: streamText with the AI SDK's own retries off
// (pg-boss retries, with backoff, across processes), an idle timeout for hung streams and a hard
// deadline per attempt. Never throws: the result says done, or failed with a plain-words reason
// and whether the failure is worth another attempt.
import { streamText } from "ai";
import type { Params } from "@/lib/compare/schema";
import { describeError, type PaneFailure } from "@/lib/compare/describe-error";
import type { Env } from "@/lib/env";
import { costUsd, getLanguageModel, type CatalogModel } from "@/lib/providers";

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
  /** 1-based number of this attempt, for the failure message ("after 3 attempts") */
  attempt: number;
  /** aborted when the worker shuts down */
  signal?: AbortSignal;
};

export type GenerateMetrics = {
  ttftMs: number | null;
  totalMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
};

export type GenerateResult =
  | ({ ok: true; text: string; reasoning: string; finishReason: string | null } & GenerateMetrics)
  | ({ ok: false; failure: PaneFailure; retryable: boolean; text: string; reasoning: string } & GenerateMetrics);

/** Failures that another attempt may fix: 429, 5xx, network, dropped or hung streams, a shutdown. */
const RETRYABLE = new Set(["rate_limited", "provider_error", "network", "connection_dropped", "stream_error", "timeout", "shutdown"]);

export function isRetryable(failure: Pick<PaneFailure, "code">): boolean {
  return RETRYABLE.has(failure.code);
}

class IdleTimeout extends Error {}
class Deadline extends Error {}

export async function generateAnswer(input: GenerateInput): Promise<GenerateResult> {
  const { model } = input;
  const provider = model.providerLabel;
  const started = performance.now();
  const controller = new AbortController();
  let reason: Error | null = null;
  const abort = (why: Error) => {
    if (controller.signal.aborted) return;
    reason = why;
    controller.abort(why);
  };
  const onOuterAbort = () => abort(new Error("shutdown"));
  if (input.signal?.aborted) onOuterAbort();
  input.signal?.addEventListener("abort", onOuterAbort, { once: true });
  let idle: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => abort(new IdleTimeout()), input.idleTimeoutMs);
  };
  const deadline = setTimeout(() => abort(new Deadline()), input.deadlineMs);
  touch();

  let text = "";
  let reasoning = "";
  let ttftMs: number | null = null;
  let finishReason: string | null = null;
  let usage: { inputTokens?: number; cachedInputTokens?: number; outputTokens?: number } = {};
  let failure: unknown = null;

  try {
    const result = streamText({
      model: getLanguageModel(model, input.env),
      system: input.system ?? undefined,
      prompt: input.prompt,
      temperature: input.params.temperature,
      topP: input.params.topP,
      maxOutputTokens: input.params.maxOutputTokens,
      maxRetries: 0,
      abortSignal: controller.signal,
      onError: () => {},
    });
    for await (const part of result.fullStream) {
      touch();
      switch (part.type) {
        case "text-delta":
          if (!part.text) break;
          ttftMs ??= Math.round(performance.now() - started);
          text += part.text;
          break;
        case "reasoning-delta":
          if (!part.text) break;
          ttftMs ??= Math.round(performance.now() - started);
          reasoning += part.text;
          break;
        case "finish":
          finishReason = part.rawFinishReason && part.finishReason === "other" ? part.rawFinishReason : part.finishReason;
          usage = {
            inputTokens: part.totalUsage.inputTokens,
            cachedInputTokens: part.totalUsage.inputTokenDetails?.cacheReadTokens,
            outputTokens: part.totalUsage.outputTokens,
          };
          break;
        case "error":
          failure ??= part.error;
          break;
      }
    }
  } catch (error) {
    failure ??= error;
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
    input.signal?.removeEventListener("abort", onOuterAbort);
  }

  const totalMs = Math.round(performance.now() - started);
  const metrics: GenerateMetrics = {
    ttftMs,
    totalMs,
    inputTokens: usage.inputTokens ?? null,
    outputTokens: usage.outputTokens ?? null,
    costUsd:
      usage.inputTokens != null && usage.outputTokens != null
        ? costUsd(model, { inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens, outputTokens: usage.outputTokens })
        : null,
  };
  const tail = input.attempt > 1 ? ` (attempt ${input.attempt})` : "";
  const why = reason as Error | null;
  if (why) {
    const f: PaneFailure =
      why instanceof IdleTimeout
        ? { code: "timeout", message: `${provider} sent nothing for ${Math.round(input.idleTimeoutMs / 1000)} s; the call was aborted${tail}.` }
        : why instanceof Deadline
          ? { code: "timeout", message: `${provider} took longer than ${Math.round(input.deadlineMs / 1000)} s; the call was aborted${tail}.` }
          : { code: "shutdown", message: `The worker stopped while ${provider} was answering.` };
    return { ok: false, failure: f, retryable: true, text, reasoning, ...metrics };
  }
  if (failure) {
    const f = describeError(failure, provider, input.attempt);
    return { ok: false, failure: f, retryable: isRetryable(f), text, reasoning, ...metrics };
  }
  return { ok: true, text, reasoning, finishReason, ...metrics };
}
