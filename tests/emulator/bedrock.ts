// Amazon Bedrock Runtime: Converse (JSON) and ConverseStream (application/vnd.amazon.eventstream).
// See /work/shared/PROVIDERS.md §3.
import type { IncomingMessage } from "node:http";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { verifySigV4 } from "./sigv4";
import { tokenize } from "./tokens";
import { planResponse, type PlannedToolCall, type RequestTool } from "./tool-plan";
import type { Fault } from "./types";
import { drop, emitTokens, type Exchange, hang, isRecord, makePlan, Pacer, type Plan, randomAlnum, sendJson, uuid } from "./util";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const CORAL_SERVICE = "http://internal.amazon.com/coral/com.amazon.coral.service/";
const CORAL_BEDROCK = "http://internal.amazon.com/coral/com.amazon.bedrock/";

type ErrorReply = { status: number; type: string; namespace: string; message: string; headers?: Record<string, string> };

export function bedrockResponseHeaders(requestId: string): Record<string, string> {
  return { "x-amzn-requestid": requestId, date: new Date().toUTCString() };
}

export function sendBedrockError(ex: Pick<Exchange, "res" | "requestId">, e: ErrorReply) {
  sendJson(
    ex.res,
    e.status,
    { ...bedrockResponseHeaders(ex.requestId), "x-amzn-errortype": `${e.type}:${e.namespace}`, ...e.headers },
    { message: e.message },
  );
}

/** null when authenticated (SigV4 verified, or the bearer API key matches). */
export function checkBedrockAuth(
  req: IncomingMessage,
  rawBody: Buffer,
  aws: { accessKeyId: string; secretAccessKey: string; region: string; bearerToken?: string },
): ErrorReply | null {
  const auth = req.headers.authorization ?? "";
  if (auth === "") {
    return { status: 403, type: "MissingAuthenticationTokenException", namespace: CORAL_SERVICE, message: "Missing Authentication Token" };
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (bearer != null) {
    if (aws.bearerToken != null && bearer === aws.bearerToken) return null;
    return {
      status: 403,
      type: "AccessDeniedException",
      namespace: CORAL_BEDROCK,
      message: "Authentication failed: Please make sure your API Key is valid.",
    };
  }
  const failure = verifySigV4(req.method ?? "POST", req.url ?? "/", req.headers, rawBody, { ...aws, service: "bedrock" });
  if (failure) return { status: failure.status, type: failure.type, namespace: CORAL_SERVICE, message: failure.message };
  return null;
}

export function bedrockHttpError(fault: Extract<Fault, { kind: "http" }>): ErrorReply {
  const headers: Record<string, string> = {};
  if (fault.retryAfterMs != null) headers["retry-after-ms"] = String(fault.retryAfterMs);
  if (fault.retryAfterSeconds != null) headers["retry-after"] = String(fault.retryAfterSeconds);
  const table: Record<number, { type: string; namespace: string; message: string }> = {
    400: {
      type: "ValidationException",
      namespace: CORAL_BEDROCK,
      message: "The model returned the following errors: Input is too long for requested model.",
    },
    401: {
      type: "UnrecognizedClientException",
      namespace: CORAL_SERVICE,
      message: "The security token included in the request is invalid.",
    },
    403: {
      type: "AccessDeniedException",
      namespace: CORAL_BEDROCK,
      message: `You don't have access to the model with the specified model ID.`,
    },
    429: { type: "ThrottlingException", namespace: CORAL_BEDROCK, message: "Too many requests, please wait before trying again." },
    500: {
      type: "InternalServerException",
      namespace: CORAL_BEDROCK,
      message: "The system encountered an unexpected error during processing. Try your request again.",
    },
    503: { type: "ServiceUnavailableException", namespace: CORAL_BEDROCK, message: "Bedrock is unable to process your request." },
  };
  const d = table[fault.status]!;
  return { status: fault.status, type: fault.code ?? d.type, namespace: d.namespace, message: fault.message ?? d.message, headers };
}

export function bedrockBadRequest(message: string): ErrorReply {
  return { status: 400, type: "ValidationException", namespace: CORAL_BEDROCK, message };
}

/** A random-length padding value, as Bedrock adds to every event payload (`p`). */
function pad(): string {
  return randomAlnum(1 + Math.floor(Math.random() * 40));
}

function frame(kind: "event" | "exception", type: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      [kind === "event" ? ":event-type" : ":exception-type"]: { type: "string", value: type },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: kind },
    },
    body: fromUtf8(JSON.stringify({ ...payload, p: pad() })),
  });
}

function usage(ex: Exchange, plan: Plan, textEmitted: number) {
  const input = Math.max(0, Math.floor(ex.script.inputTokens));
  const cached = Math.min(input, Math.max(0, Math.floor(ex.script.cachedInputTokens)));
  const output = plan.reasoningEmitted + textEmitted;
  // Bedrock's inputTokens exclude cache reads (the SDK adds them back up)
  return {
    inputTokens: input - cached,
    outputTokens: output,
    totalTokens: input + output,
    ...(cached > 0 ? { cacheReadInputTokens: cached, cacheWriteInputTokens: 0 } : {}),
  };
}

function stopReason(ex: Exchange, plan: Plan): string {
  if (plan.stop === "length") return "max_tokens";
  if (plan.stop === "fault" && ex.fault?.kind === "content-filter") return "guardrail_intervened";
  return "end_turn";
}

function wantsStopSequence(body: Record<string, unknown>): boolean {
  const paths = body.additionalModelResponseFieldPaths;
  return Array.isArray(paths) && paths.includes("/delta/stop_sequence");
}

const MODEL_STREAM_ERROR = "Model stream error: the model encountered an error while generating the response.";

// ---------------------------------------------------------------------------------------------
// tools and structured output (decided by tool-plan.ts; rendered as Converse toolUse blocks)

/** The tool the AI SDK adds for a response schema on Bedrock (forced with toolChoice any): its input is the answer. */
const JSON_RESPONSE_TOOL = "json";

function converseTools(ex: Exchange): { tools: RequestTool[]; jsonTool: RequestTool | null } {
  const config = isRecord(ex.body.toolConfig) ? ex.body.toolConfig : {};
  const forced = isRecord(config.toolChoice) && "any" in config.toolChoice;
  const all = (Array.isArray(config.tools) ? config.tools : []).flatMap((t): RequestTool[] => {
    const spec = isRecord(t) && isRecord(t.toolSpec) ? t.toolSpec : null;
    if (!spec || typeof spec.name !== "string") return [];
    return [{ name: spec.name, schema: isRecord(spec.inputSchema) ? spec.inputSchema.json : undefined }];
  });
  const jsonTool = forced ? (all.find((t) => t.name === JSON_RESPONSE_TOOL) ?? null) : null;
  return { tools: all.filter((t) => t !== jsonTool), jsonTool };
}

function converseHasToolResults(ex: Exchange): boolean {
  const messages = Array.isArray(ex.body.messages) ? ex.body.messages : [];
  return messages.some((m) => isRecord(m) && Array.isArray(m.content) && m.content.some((c) => isRecord(c) && "toolResult" in c));
}

/** A native structured-output format (Claude on Bedrock: additionalModelRequestFields.output_config.format). */
function nativeResponseSchema(ex: Exchange): unknown {
  const extra = isRecord(ex.body.additionalModelRequestFields) ? ex.body.additionalModelRequestFields : {};
  const format = isRecord(extra.output_config) && isRecord(extra.output_config.format) ? extra.output_config.format : null;
  return format?.type === "json_schema" ? format.schema : undefined;
}

type ConversePlan = { kind: "tool-calls"; calls: PlannedToolCall[] } | { kind: "text"; ex: Exchange };

function planConverse(ex: Exchange): ConversePlan {
  const { tools, jsonTool } = converseTools(ex);
  const plan = planResponse({
    tools,
    hasToolResults: converseHasToolResults(ex),
    responseSchema: jsonTool ? jsonTool.schema : nativeResponseSchema(ex),
    toolCalls: ex.script.toolCalls,
    text: ex.script.text,
    textScripted: ex.script.textScripted,
    seq: ex.script.seq,
  });
  if (plan.kind === "tool-calls") return plan;
  // a forced JSON tool: the model answers by calling it with the JSON (text that is not JSON stays text)
  if (jsonTool && isJsonObjectText(plan.text)) {
    return { kind: "tool-calls", calls: [{ id: `call_${ex.script.seq}_json`, name: JSON_RESPONSE_TOOL, arguments: plan.text }] };
  }
  return { kind: "text", ex: { ...ex, script: { ...ex.script, text: plan.text } } };
}

function isJsonObjectText(text: string): boolean {
  try {
    return isRecord(JSON.parse(text));
  } catch {
    return false;
  }
}

async function converseToolCalls(ex: Exchange, calls: PlannedToolCall[]): Promise<void> {
  const pacer = new Pacer(ex.startedAt, ex.script.ttftMs, ex.script.tokensPerSecond, ex.signal);
  const useIds = calls.map((c) => `tooluse_${c.id.replace(/[^A-Za-z0-9]/g, "")}${randomAlnum(8)}`);
  const outputTokens = calls.reduce((n, c) => n + tokenize(c.arguments).length + 4, 0);
  const input = Math.max(0, Math.floor(ex.script.inputTokens));
  const cached = Math.min(input, Math.max(0, Math.floor(ex.script.cachedInputTokens)));
  const usage = {
    inputTokens: input - cached,
    outputTokens,
    totalTokens: input + outputTokens,
    ...(cached > 0 ? { cacheReadInputTokens: cached, cacheWriteInputTokens: 0 } : {}),
  };
  // the forced JSON tool answers with stopReason tool_use as well (the SDK maps it to "stop")
  if (!ex.stream) {
    if (ex.fault?.kind === "hang") return hang(ex);
    await pacer.whole(outputTokens);
    if (ex.signal.aborted) return;
    const content = calls.map((c, i) => {
      let parsed: unknown = c.arguments;
      try {
        parsed = JSON.parse(c.arguments);
      } catch {
        // Converse returns the input as a JSON document; broken arguments cannot be sent there
        parsed = {};
      }
      return { toolUse: { toolUseId: useIds[i], name: c.name, input: parsed } };
    });
    sendJson(ex.res, 200, bedrockResponseHeaders(ex.requestId), {
      metrics: { latencyMs: Date.now() - ex.startedAt },
      output: { message: { content, role: "assistant" } },
      stopReason: "tool_use",
      usage,
    });
    ex.record.outcome = "completed";
    return;
  }
  const { res } = ex;
  res.writeHead(200, {
    ...bedrockResponseHeaders(ex.requestId),
    "content-type": "application/vnd.amazon.eventstream",
    "x-amzn-bedrock-content-type": "application/json",
  });
  const event = (type: string, payload: Record<string, unknown>) => {
    if (!ex.signal.aborted) res.write(frame("event", type, payload));
  };
  const fault = ex.fault;
  if (fault?.kind === "stream-error-before-text") {
    await pacer.next(0);
    if (!ex.signal.aborted)
      res.write(
        frame("exception", "throttlingException", { message: fault.message ?? "Too many requests, please wait before trying again." }),
      );
    res.end();
    ex.record.outcome = "completed";
    return;
  }
  event("messageStart", { role: "assistant" });
  if (fault?.kind === "hang") return hang(ex);
  const size = Math.max(1, Math.floor(ex.script.chunkTokens));
  for (const [index, call] of calls.entries()) {
    await pacer.next(0);
    if (ex.signal.aborted) return;
    event("contentBlockStart", { contentBlockIndex: index, start: { toolUse: { toolUseId: useIds[index], name: call.name } } });
    const tokens = tokenize(call.arguments);
    for (let i = 0; i < tokens.length; i += size) {
      const delta = tokens.slice(i, i + size).join("");
      await pacer.next(Math.min(size, tokens.length - i));
      if (ex.signal.aborted) return;
      event("contentBlockDelta", { contentBlockIndex: index, delta: { toolUse: { input: delta } } });
    }
    event("contentBlockStop", { contentBlockIndex: index });
  }
  if (fault?.kind === "drop") return drop(ex);
  event("messageStop", { stopReason: "tool_use" });
  event("metadata", { usage, metrics: { latencyMs: Date.now() - ex.startedAt } });
  res.end();
  ex.record.outcome = "completed";
}

export async function handleBedrock(exchange: Exchange): Promise<void> {
  const planned = planConverse(exchange);
  if (planned.kind === "tool-calls") return converseToolCalls(exchange, planned.calls);
  const { ex } = planned;
  const plan = makePlan(ex, tokenize);
  const pacer = new Pacer(ex.startedAt, ex.script.ttftMs, ex.script.tokensPerSecond, ex.signal);
  const fault = ex.fault;
  const reasoningText = plan.reasoningTokens.join("");
  const additional = wantsStopSequence(ex.body) ? { additionalModelResponseFields: { delta: { stop_sequence: null } } } : {};

  if (!ex.stream) {
    if (fault?.kind === "stream-error-before-text" || fault?.kind === "stream-error-after-text") {
      await pacer.whole(0);
      if (ex.signal.aborted) return;
      return sendBedrockError(ex, {
        status: 424,
        type: "ModelErrorException",
        namespace: CORAL_BEDROCK,
        message: fault.message ?? "The model encountered an error processing the request.",
      });
    }
    if (fault?.kind === "drop") {
      await pacer.whole(plan.reasoningEmitted + plan.stopAt);
      return drop(ex);
    }
    if (fault?.kind === "hang") return hang(ex);
    await pacer.whole(plan.reasoningEmitted + plan.stopAt);
    if (ex.signal.aborted) return;
    const content: unknown[] = [];
    if (reasoningText) content.push({ reasoningContent: { reasoningText: { text: reasoningText } } });
    content.push({ text: plan.textTokens.slice(0, plan.stopAt).join("") });
    sendJson(ex.res, 200, bedrockResponseHeaders(ex.requestId), {
      metrics: { latencyMs: Date.now() - ex.startedAt },
      output: { message: { content, role: "assistant" } },
      stopReason: stopReason(ex, plan),
      ...additional,
      usage: usage(ex, plan, plan.stopAt),
    });
    ex.record.outcome = "completed";
    return;
  }

  const { res } = ex;
  res.writeHead(200, {
    ...bedrockResponseHeaders(ex.requestId),
    "content-type": "application/vnd.amazon.eventstream",
    "x-amzn-bedrock-content-type": "application/json",
  });
  const write = (bytes: Uint8Array) => {
    if (!ex.signal.aborted) res.write(bytes);
  };
  const event = (type: string, payload: Record<string, unknown>) => write(frame("event", type, payload));
  const exception = (type: string, payload: Record<string, unknown>) => write(frame("exception", type, payload));
  const finishStream = () => {
    res.end();
    ex.record.outcome = "completed";
  };

  if (fault?.kind === "stream-error-before-text") {
    await pacer.next(0);
    exception("throttlingException", {
      message: fault.message ?? "Too many requests, please wait before trying again.",
    });
    return finishStream();
  }
  event("messageStart", { role: "assistant" });
  if (fault?.kind === "hang" && fault.afterTokens == null) return hang(ex);

  let index = 0;
  if (plan.reasoningTokens.length > 0) {
    const ok = await emitTokens(ex, pacer, plan.reasoningTokens, 0, plan.reasoningTokens.length, (d) =>
      event("contentBlockDelta", { contentBlockIndex: index, delta: { reasoningContent: { text: d } } }),
    );
    if (!ok) return;
    event("contentBlockStop", { contentBlockIndex: index });
    index++;
  }
  if (plan.stopAt === 0) await pacer.next(0);
  const ok = await emitTokens(ex, pacer, plan.textTokens, 0, plan.stopAt, (d) =>
    event("contentBlockDelta", { contentBlockIndex: index, delta: { text: d } }),
  );
  if (!ok) return;
  if (plan.stop === "fault" && fault) {
    if (fault.kind === "drop") return drop(ex);
    if (fault.kind === "hang") return hang(ex);
    if (fault.kind === "stream-error-after-text") {
      exception("modelStreamErrorException", {
        message: fault.message ?? MODEL_STREAM_ERROR,
        originalStatusCode: 500,
        originalMessage: "Internal server error",
      });
      return finishStream();
    }
  }
  event("contentBlockStop", { contentBlockIndex: index });
  event("messageStop", { stopReason: stopReason(ex, plan), ...additional });
  event("metadata", {
    usage: usage(ex, plan, plan.stopAt),
    metrics: { latencyMs: Date.now() - ex.startedAt },
  });
  finishStream();
}

export const bedrockRequestId = () => uuid();

/** max tokens requested through inferenceConfig.maxTokens, if any */
export function bedrockMaxTokens(body: Record<string, unknown>): number | undefined {
  const cfg = isRecord(body.inferenceConfig) ? body.inferenceConfig : undefined;
  return typeof cfg?.maxTokens === "number" ? cfg.maxTokens : undefined;
}
