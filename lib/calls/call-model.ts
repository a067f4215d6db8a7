import "server-only";
// The one model-call core. Compare panes, evaluation answers and every later feature that asks a
// model something call `callModel`: it streams deltas to a callback and returns the same metrics,
// usage, ids, finish reason and described error for everyone. Never throws.
import { jsonSchema, Output, smoothStream, stepCountIs, streamText, wrapLanguageModel, type ModelMessage } from "ai";
import { callSettings, mergeNotSent, notSentFromWarnings, type CallSettings } from "@/lib/compare/capabilities";
import type { Params } from "@/lib/compare/schema";
import type { Env } from "@/lib/env";
import { callTelemetry } from "@/lib/observability/tracing";
import { costUsd, getLanguageModel, type CatalogModel } from "@/lib/providers";
import type { CallUsage } from "./answer-fields";
import { estimateInputTokens, estimateTokens } from "./estimate";
import { describeError, silentEndFailure, type PaneFailure } from "./describe-error";
import { splitTiming, type CallTiming } from "./timing";
import { requestIdOf, withCallTrace, type CallTrace, type WireAttempt } from "./transport";
import { checkStructured, classifyToolCall, compileTools, sdkTools } from "./tools";
import {
  DEFAULT_MAX_STEPS,
  MANUAL_RESULT_TIMEOUT_MS,
  type JsonValue,
  type StructuredCheck,
  type ToolCallRecord,
  type ToolDef,
} from "@/lib/compare/tools-schema";

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
  /** tools offered to the model (lib/compare/tools-schema.ts); a multi-step run continues with their mock results */
  tools?: readonly ToolDef[];
  /** the most model steps of a tool-calling run (default 5) */
  maxSteps?: number;
  /** a JSON Schema for the answer: sent as the provider's structured-output format, and the final text validated against it */
  responseSchema?: Record<string, JsonValue> | null;
  /** a tool call arrived complete and was classified (no result yet) */
  onToolCall?: (call: ToolCallRecord) => void;
  /** a call got its result (or none: invalid, not run, timed out) */
  onToolResult?: (call: ToolCallRecord) => void;
  /**
   * The result of a call to a `manual` tool, typed in by a person; `signal` aborts when the wait
   * ends (timeout, stop). Waiting is not provider time: the idle clock is paused meanwhile.
   */
  manualResult?: (call: ToolCallRecord, waitUntil: Date, signal: AbortSignal) => Promise<JsonValue>;
  /** how long a manual result may take (default MANUAL_RESULT_TIMEOUT_MS) */
  manualTimeoutMs?: number;
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
  /** the service tier sent (lib/compare/capabilities.ts); null when none was set or it was not sent */
  requestedTier: string | null;
  /** the service tier the provider says served the answer (OpenAI `service_tier`, Bedrock `serviceTier.type`); null when it said none */
  servedTier: string | null;
  /**
   * set parameters that did not reach the provider: left out by the capability table
   * (lib/compare/capabilities.ts) or reported `unsupported` by the AI SDK's warnings; always set by callModel
   */
  paramsNotSent?: string[];
  /** tool calls in order, with their validity and results ([] without tools) */
  toolCalls: ToolCallRecord[];
  /** the final step's text validated against `responseSchema` (null: no schema, or the call did not finish) */
  structured: StructuredCheck;
  /** model steps that reached the provider (1 without tools) */
  steps: number;
};

/** The tier in a step's provider metadata: `{openai|azure: {serviceTier: "flex"}}` or `{bedrock: {serviceTier: {type: "flex"}}}`. */
function servedTierOf(metadata: Record<string, Record<string, unknown> | undefined> | undefined): string | null {
  for (const entry of Object.values(metadata ?? {})) {
    const tier = entry?.serviceTier;
    if (typeof tier === "string" && tier) return tier;
    if (tier && typeof tier === "object" && "type" in tier && typeof tier.type === "string" && tier.type) return tier.type;
  }
  return null;
}

class IdleTimeout extends Error {}
class Deadline extends Error {}
class ToolWaitTimeout extends Error {
  constructor(readonly toolName: string) {
    super("tool wait timed out");
  }
}

/** One model step's answering request, for the timing: written at `attempt.sentAt`, its stream ended at `endedAt`. */
type StepWire = { attempt: WireAttempt | undefined; endedAt: number | null };

function timeoutFailure(why: IdleTimeout | Deadline | ToolWaitTimeout, provider: string, input: CallInput, idleMs: number): CallFailure {
  if (why instanceof ToolWaitTimeout)
    return {
      code: "tool_timeout",
      message: `No result was typed in for the call to ${why.toolName} within ${seconds(input.manualTimeoutMs ?? MANUAL_RESULT_TIMEOUT_MS)}; the run was ended.`,
    };
  return why instanceof IdleTimeout
    ? { code: "timeout", message: `Timed out: ${provider} sent nothing for ${seconds(idleMs)}; the call was aborted.` }
    : { code: "timeout", message: `Timed out: ${provider} took longer than ${seconds(input.deadlineMs ?? 0)}; the call was aborted.` };
}

function seconds(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/**
 * OpenAI and Azure get the response schema in non-strict mode: strict mode (the AI SDK's default)
 * takes only schemas whose every property is required and closed, and answers others with a 400;
 * any valid schema should be comparable, and the answer is validated here anyway.
 */
function withLenientSchema(options: CallSettings["providerOptions"], provider: string): CallSettings["providerOptions"] {
  if (provider !== "openai" && provider !== "azure") return options;
  return { ...options, [provider]: { ...options?.[provider], strictJsonSchema: false } };
}

export async function callModel(input: CallInput): Promise<CallResult> {
  const { model, env } = input;
  const provider = model.providerLabel;
  const idleMs = input.idleTimeoutMs ?? env.idleTimeoutMs;
  const started = performance.now();

  // our own reasons to end the call (idle, deadline), kept apart from the caller's stop
  const internal = new AbortController();
  let timedOut: IdleTimeout | Deadline | ToolWaitTimeout | null = null;
  const end = (why: IdleTimeout | Deadline | ToolWaitTimeout) => {
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
  const stepWires: StepWire[] = [];
  let responseId: string | null = null;
  let requestId: string | null = null;
  let servedTier: string | null = null;
  let finishReason: string | null = null;
  let finish: { finishReason: string; rawFinishReason: string | null } | null = null;
  let usage: CallUsage = { inputTokens: null, cachedInputTokens: null, outputTokens: null, reasoningTokens: null };
  let failure: unknown = null;
  let stopped = false;
  const call = callSettings(model, input.params);
  let warned: string[] = [];

  // tools: records by the cloud's call id; the raw argument text as the provider sent it
  const compiledTools = compileTools(input.tools ?? []);
  const hasTools = compiledTools.size > 0;
  const toolCalls: ToolCallRecord[] = [];
  const byProviderId = new Map<string, ToolCallRecord>();
  let step = 0;
  // recorded as the provider's stream carries the call, before the AI SDK parses it and runs the
  // tool (execute below finds it), with the arguments exactly as sent
  const registerCall = (callStep: number, providerId: string, name: string, raw: string) => {
    const record: ToolCallRecord = {
      step: callStep,
      id: `s${callStep}-${toolCalls.filter((c) => c.step === callStep).length}`,
      name,
      input: raw,
      ...classifyToolCall(compiledTools, { name, input: raw }),
      resultSource: "none",
    };
    toolCalls.push(record);
    byProviderId.set(providerId, record);
    input.onToolCall?.(record);
    // nothing runs for it: say so now (an invalid call gets the SDK's error result; no mock ends the run)
    if (record.validity !== "valid" || !compiledTools.get(name)?.def.mock) input.onToolResult?.(record);
  };
  let stepText = "";
  const execute = async (def: ToolDef, providerId: string): Promise<JsonValue> => {
    const record = byProviderId.get(providerId);
    const mock = def.mock!;
    if ("result" in mock) {
      if (record) {
        record.result = mock.result;
        record.resultSource = "mock";
        input.onToolResult?.(record);
      }
      return mock.result;
    }
    if (!record || !input.manualResult) throw new Error("No result can be typed in for this call.");
    // the wait is a person's time, not the provider's: no idle clock while it lasts
    clearTimeout(idle);
    const waitMs = input.manualTimeoutMs ?? MANUAL_RESULT_TIMEOUT_MS;
    const waiting = new AbortController();
    const stop = () => waiting.abort();
    signal.addEventListener("abort", stop, { once: true });
    const timer = setTimeout(() => {
      waiting.abort();
      end(new ToolWaitTimeout(def.name));
    }, waitMs);
    try {
      const result = await input.manualResult(record, new Date(Date.now() + waitMs), waiting.signal);
      record.result = result;
      record.resultSource = "manual";
      input.onToolResult?.(record);
      return result;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
      if (!signal.aborted) touch();
    }
  };

  const markFirstToken = () => {
    // time to first token is the first step's: later steps follow our tool execution
    if (firstTokenAt !== null || stepWires.length > 1) return;
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
            // a doStream that returned is the answering request of a model step (a failed one threw and was retried)
            const wire: StepWire = { attempt: trace.attempts.at(-1), endedAt: null };
            stepWires.push(wire);
            const stream = result.stream.pipeThrough(
              new TransformStream({
                transform(part, controller) {
                  if ((part.type === "text-delta" || part.type === "reasoning-delta") && part.delta) markFirstToken();
                  if (part.type === "tool-input-start" || part.type === "tool-input-delta") markFirstToken();
                  if (part.type === "tool-call") {
                    markFirstToken();
                    registerCall(stepWires.indexOf(wire) + 1, part.toolCallId, part.toolName, part.input);
                  }
                  controller.enqueue(part);
                },
                flush() {
                  wire.endedAt = performance.now();
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
        providerOptions: input.responseSchema ? withLenientSchema(call.providerOptions, model.provider) : call.providerOptions,
        maxRetries: input.maxRetries ?? env.maxRetries,
        abortSignal: signal,
        // errors are read from fullStream below; the default handler would only log them
        onError: () => {},
        // traces of the call when OTEL_EXPORTER_OTLP_ENDPOINT is set (lib/observability/tracing.ts)
        experimental_telemetry: callTelemetry(model),
        experimental_transform: input.smooth ? smoothStream({ chunking: "word" }) : undefined,
        ...(hasTools ? { tools: sdkTools(compiledTools, execute), stopWhen: stepCountIs(input.maxSteps ?? DEFAULT_MAX_STEPS) } : {}),
        // the provider's structured-output format (OpenAI json_schema, Bedrock's JSON tool...); the
        // answer is validated here afterwards whatever the cloud did with it
        ...(input.responseSchema
          ? { output: Output.object({ schema: jsonSchema(input.responseSchema as Parameters<typeof jsonSchema>[0]) }) }
          : {}),
      });
      for await (const part of result.fullStream) {
        switch (part.type) {
          case "text-delta": {
            if (!part.text) break;
            markFirstToken();
            // a later step's text starts on a new paragraph of the answer
            const delta = step > 1 && stepText === "" && text !== "" && !text.endsWith("\n") ? `\n\n${part.text}` : part.text;
            stepText += part.text;
            text += delta;
            input.onDelta?.({ type: "text", text: delta });
            break;
          }
          case "reasoning-delta":
            if (!part.text) break;
            markFirstToken();
            reasoning += part.text;
            input.onDelta?.({ type: "reasoning", text: part.text });
            break;
          case "start-step":
            step += 1;
            stepText = "";
            warned = mergeNotSent(warned, notSentFromWarnings(part.warnings, input.params));
            if (input.responseSchema && part.warnings.some((w) => w.type === "unsupported" && w.feature === "responseFormat"))
              warned = mergeNotSent(warned, ["responseSchema"]);
            break;
          case "finish-step":
            responseId = part.response.id || responseId;
            requestId = requestIdOf(part.response.headers) ?? requestId;
            servedTier = servedTierOf(part.providerMetadata) ?? servedTier;
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

  // with steps: the first step's request as the timing's, plus each later step's own provider time
  const now = performance.now();
  const [first, ...later] = stepWires;
  // the first step's requests: up to the one that answered it (a later step's failed retries are not its)
  const firstAttempts =
    first?.attempt && later.length > 0 ? trace.attempts.slice(0, trace.attempts.indexOf(first.attempt) + 1) : trace.attempts;
  const timing = splitTiming({
    started,
    attempts: firstAttempts,
    firstTokenAt,
    endedAt: first?.endedAt ?? now,
    laterSteps: later.flatMap((w) => (w.attempt ? [{ sentAt: w.attempt.sentAt, endedAt: w.endedAt ?? now }] : [])),
  });
  requestId ??= trace.attempts.at(-1)?.requestId ?? null;
  const attempts = Math.max(1, doStreamCalls);
  const why = timedOut as IdleTimeout | Deadline | ToolWaitTimeout | null;
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
  const paramsNotSent = mergeNotSent(call.notSent, warned);
  const requestedTier = input.params.serviceTier && !paramsNotSent.includes("serviceTier") ? input.params.serviceTier : null;
  // billed at the tier that served it (an OpenAI priority request over the ramp limit is served
  // and billed as default); when the provider does not say, at the tier asked for
  const cost =
    usage.inputTokens != null && usage.outputTokens != null
      ? costUsd(
          model,
          { inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens ?? undefined, outputTokens: usage.outputTokens },
          servedTier ?? requestedTier,
        )
      : null;
  const steps = Math.max(1, step);
  const base = {
    text,
    reasoning,
    timing,
    usage,
    usageEstimated,
    costUsd: cost,
    attempts,
    responseId,
    requestId,
    requestedTier,
    servedTier,
    paramsNotSent,
    toolCalls,
    steps,
  };

  if (why)
    return { ...base, structured: null, status: "error", finishReason: "error", failure: timeoutFailure(why, provider, input, idleMs) };
  if (isStopped) return { ...base, structured: null, status: "stopped", finishReason: "stopped", failure: null };
  if (silent) return { ...base, structured: null, status: "error", finishReason: "error", failure: silent };
  if (failure) {
    const described = describeError(failure, provider, attempts + (input.earlierAttempts ?? 0));
    return {
      ...base,
      structured: null,
      requestId: requestId ?? described.requestId ?? null,
      status: "error",
      finishReason: "error",
      failure: described,
    };
  }
  // the answer is the last step's text (earlier steps led to tool calls)
  return { ...base, structured: checkStructured(input.responseSchema, stepText), status: "done", finishReason, failure: null };
}
