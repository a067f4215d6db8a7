import "server-only";
// The one model-call core. Compare panes, evaluation answers and every later feature that asks a
// model something call `callModel`: it streams deltas to a callback and returns the same metrics,
// usage, ids, finish reason and described error for everyone. Never throws.
import { smoothStream, streamText, wrapLanguageModel, type ModelMessage } from "ai";
import { callSettings, mergeNotSent, notSentFromWarnings } from "@/lib/compare/capabilities";
import type { Params } from "@/lib/compare/schema";
import type { Env } from "@/lib/env";
import { costUsd, getLanguageModel, type CatalogModel } from "@/lib/providers";
import type { CallUsage } from "./answer-fields";
import { estimateInputTokens, estimateTokens } from "./estimate";
import { describeError, silentEndFailure, type PaneFailure } from "./describe-error";
import { splitTiming, type CallTiming } from "./timing";
import { requestIdOf, withCallTrace, type CallTrace } from "./transport";

export type { CallTiming } from "./timing";
export type { CallUsage } from "./answer-fields";

export type CallInput = {
  model: CatalogModel;
  env: Env;
  system: string | null;
  messages: ModelMessage[];
  params: Params;
  /** aborting it stops the call: the result is "stopped", with what arrived kept */
  signal?: AbortSignal;
  /** the AI SDK's own retries (429, 5xx, network); default env.maxRetries */
  maxRetries?: number;
  /** attempts the caller already made at this answer (a queue's retries), so messages count them all */
  earlierAttempts?: number;
  /** no byte from the provider for this long ends the call as "timed out"; default env.idleTimeoutMs */
  idleTimeoutMs?: number;
  /** a hard cap on the whole call, even while data flows */
  deadlineMs?: number;
  /** pace the text word by word (blind mode); timing is measured before the pacing */
  smooth?: boolean;
  onDelta?: (delta: { type: "text" | "reasoning"; text: string }) => void;
  /** the first text or reasoning token, with the time to it from the request being written */
  onFirstToken?: (ttftMs: number) => void;
  /** called once, when the first request is on its way (or the call ended without one) */
  onDispatch?: () => void;
};

export type CallFailure = PaneFailure;

export type CallResult = {
  status: "done" | "error" | "stopped";
  text: string;
  reasoning: string;
  /** the provider's finish reason ("stop", "length", "content-filter"...), or "error" / "stopped" */
  finishReason: string | null;
  failure: CallFailure | null;
  timing: CallTiming;
  usage: CallUsage;
  /**
   * true when the provider reported no usage (a stop or a failure mid-stream) and the tokens were
   * estimated from the prompt and the text received (lib/calls/estimate.ts); the cost is then
   * computed from the estimate
   */
  usageEstimated: boolean;
  costUsd: number | null;
  /** provider calls made, retries included */
  attempts: number;
  responseId: string | null;
  requestId: string | null;
  /**
   * set parameters that did not reach the provider: left out by the capability table
   * (lib/compare/capabilities.ts) or reported `unsupported` by the AI SDK's warnings; always set by callModel
   */
  paramsNotSent?: string[];
};

class IdleTimeout extends Error {}
class Deadline extends Error {}

function timeoutFailure(why: IdleTimeout | Deadline, provider: string, input: CallInput, idleMs: number): CallFailure {
  return why instanceof IdleTimeout
    ? { code: "timeout", message: `Timed out: ${provider} sent nothing for ${seconds(idleMs)}; the call was aborted.` }
    : { code: "timeout", message: `Timed out: ${provider} took longer than ${seconds(input.deadlineMs ?? 0)}; the call was aborted.` };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

export async function callModel(input: CallInput): Promise<CallResult> {
  const { model, env } = input;
  const provider = model.providerLabel;
  const idleMs = input.idleTimeoutMs ?? env.idleTimeoutMs;
  const started = performance.now();

  // our own reasons to end the call (idle, deadline), kept apart from the caller's stop
  const internal = new AbortController();
  let timedOut: IdleTimeout | Deadline | null = null;
  const end = (why: IdleTimeout | Deadline) => {
    if (internal.signal.aborted || input.signal?.aborted) return;
    timedOut = why;
    internal.abort(why);
  };
  let idle: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => end(new IdleTimeout()), idleMs);
  };
  const deadline = input.deadlineMs ? setTimeout(() => end(new Deadline()), input.deadlineMs) : undefined;
  const signal = input.signal ? AbortSignal.any([input.signal, internal.signal]) : internal.signal;

  let dispatched = false;
  const dispatch = () => {
    if (dispatched) return;
    dispatched = true;
    input.onDispatch?.();
  };
  // the idle clock runs from the first request on: before it, the time is ours (set-up), and
  // the provider cannot be blamed for silence it was never asked to break
  const trace: CallTrace = {
    attempts: [],
    touch() {
      touch();
      dispatch();
    },
  };

  let text = "";
  let reasoning = "";
  let doStreamCalls = 0;
  let firstTokenAt: number | null = null;
  let providerEndedAt: number | null = null;
  let responseId: string | null = null;
  let requestId: string | null = null;
  let finishReason: string | null = null;
  let finish: { finishReason: string; rawFinishReason: string | null } | null = null;
  let usage: CallUsage = { inputTokens: null, cachedInputTokens: null, outputTokens: null, reasoningTokens: null };
  let failure: unknown = null;
  let stopped = false;
  const call = callSettings(model, input.params);
  let warned: string[] = [];

  const markFirstToken = () => {
    if (firstTokenAt !== null) return;
    firstTokenAt = performance.now();
    const sentAt = trace.attempts.at(-1)?.sentAt ?? started;
    input.onFirstToken?.(Math.round(firstTokenAt - sentAt));
  };

  try {
    await withCallTrace(trace, async () => {
      // counts provider calls ("after 3 attempts" is measured, not assumed) and times the
      // provider's own stream, before any pacing
      const timed = wrapLanguageModel({
        model: getLanguageModel(model, env),
        middleware: {
          specificationVersion: "v3",
          wrapStream: async ({ doStream }) => {
            doStreamCalls += 1;
            const result = await doStream();
            const stream = result.stream.pipeThrough(
              new TransformStream({
                transform(part, controller) {
                  if ((part.type === "text-delta" || part.type === "reasoning-delta") && part.delta) markFirstToken();
                  controller.enqueue(part);
                },
                flush() {
                  providerEndedAt = performance.now();
                },
              }),
            );
            return { ...result, stream };
          },
        },
      });
      const result = streamText({
        model: timed,
        system: input.system ?? undefined,
        messages: input.messages,
        ...call.settings,
        providerOptions: call.providerOptions,
        maxRetries: input.maxRetries ?? env.maxRetries,
        abortSignal: signal,
        // errors are read from fullStream below; the default handler would only log them
        onError: () => {},
        experimental_transform: input.smooth ? smoothStream({ chunking: "word" }) : undefined,
      });
      for await (const part of result.fullStream) {
        switch (part.type) {
          case "text-delta":
            if (!part.text) break;
            markFirstToken();
            text += part.text;
            input.onDelta?.({ type: "text", text: part.text });
            break;
          case "reasoning-delta":
            if (!part.text) break;
            markFirstToken();
            reasoning += part.text;
            input.onDelta?.({ type: "reasoning", text: part.text });
            break;
          case "start-step":
            warned = mergeNotSent(warned, notSentFromWarnings(part.warnings, input.params));
            break;
          case "finish-step":
            responseId = part.response.id || responseId;
            requestId = requestIdOf(part.response.headers) ?? requestId;
            break;
          case "finish":
            finishReason = part.rawFinishReason && part.finishReason === "other" ? part.rawFinishReason : part.finishReason;
            finish = { finishReason: part.finishReason, rawFinishReason: part.rawFinishReason ?? null };
            usage = {
              inputTokens: part.totalUsage.inputTokens ?? null,
              cachedInputTokens: part.totalUsage.inputTokenDetails?.cacheReadTokens ?? null,
              outputTokens: part.totalUsage.outputTokens ?? null,
              reasoningTokens: part.totalUsage.outputTokenDetails?.reasoningTokens ?? null,
            };
            break;
          case "abort":
            stopped = true;
            break;
          case "error":
            failure ??= part.error;
            break;
        }
      }
    });
  } catch (error) {
    // a dropped connection after output started rejects the iteration itself
    if (!signal.aborted) failure ??= error;
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
  }
  dispatch();

  const endedAt = providerEndedAt ?? performance.now();
  const timing = splitTiming({ started, attempts: trace.attempts, firstTokenAt, endedAt });
  requestId ??= trace.attempts.at(-1)?.requestId ?? null;
  const attempts = Math.max(1, doStreamCalls);
  const why = timedOut as IdleTimeout | Deadline | null;
  const isStopped = !why && (input.signal?.aborted || (stopped && !failure));
  const ended = finish as { finishReason: string; rawFinishReason: string | null } | null;
  const silent =
    !why && !isStopped && !failure && ended
      ? silentEndFailure(model.provider, provider, { ...ended, outputTokens: usage.outputTokens })
      : null;
  // the provider's zero output usage is not what it sent: estimate it from the text instead
  if (silent) usage = { ...usage, outputTokens: null, reasoningTokens: null };
  // a stopped answer keeps what is known of its tokens: the provider's usage if it came, else an
  // estimate; so does a failed one that had streamed text (the provider bills what it sent)
  let usageEstimated = false;
  if ((isStopped || text || reasoning) && (usage.inputTokens == null || usage.outputTokens == null)) {
    // a call stopped before the provider answered (no response headers) has nothing to estimate
    const answered = trace.attempts.some((a) => a.headersAt !== null) || text !== "" || reasoning !== "";
    if (answered) {
      usageEstimated = true;
      usage = {
        ...usage,
        inputTokens: usage.inputTokens ?? estimateInputTokens(input.system, input.messages),
        outputTokens: usage.outputTokens ?? estimateTokens(text) + estimateTokens(reasoning),
        reasoningTokens: usage.reasoningTokens ?? (reasoning ? estimateTokens(reasoning) : null),
      };
    }
  }
  const cost =
    usage.inputTokens != null && usage.outputTokens != null
      ? costUsd(model, {
          inputTokens: usage.inputTokens,
          cachedInputTokens: usage.cachedInputTokens ?? undefined,
          outputTokens: usage.outputTokens,
        })
      : null;
  const paramsNotSent = mergeNotSent(call.notSent, warned);
  const base = { text, reasoning, timing, usage, usageEstimated, costUsd: cost, attempts, responseId, requestId, paramsNotSent };

  if (why) return { ...base, status: "error", finishReason: "error", failure: timeoutFailure(why, provider, input, idleMs) };
  if (isStopped) return { ...base, status: "stopped", finishReason: "stopped", failure: null };
  if (silent) return { ...base, status: "error", finishReason: "error", failure: silent };
  if (failure) {
    const described = describeError(failure, provider, attempts + (input.earlierAttempts ?? 0));
    return { ...base, requestId: requestId ?? described.requestId ?? null, status: "error", finishReason: "error", failure: described };
  }
  return { ...base, status: "done", finishReason, failure: null };
}
