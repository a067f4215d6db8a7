// Anthropic Messages API (`POST /v1/messages`), as @ai-sdk/anthropic 3.x speaks it; also the body
// and stream of Claude on Vertex AI (`:rawPredict` / `:streamRawPredict`). See
// /work/shared/PROVIDERS.md §7.
//
// Exported for reuse (names are stable; the Vertex Claude route builds on them):
// - `handleMessages(ex, options?)`: renders one Messages exchange (SSE stream or JSON) for an
//   authenticated, validated request whose script and fault are resolved. `ex.model` is the model
//   to echo (Vertex: from the URL; the body has none). `options.responseHeaders` replaces the
//   Anthropic response headers (request-id...) on the 200 answer, `options.requestIdInBody: false`
//   leaves `request_id` out of in-stream and non-streaming error bodies.
// - `validateMessagesBody(body, { vertex? })`: the 400 the API gives a malformed body, or null.
//   With `vertex: true` the body needs `anthropic_version: "vertex-2023-10-16"` and no `model`.
// - `checkAnthropicAuth(headers, key)`: the 401/400 for a missing or wrong `x-api-key` or a missing
//   `anthropic-version` header, or null.
// - `anthropicHttpError(fault)`, `anthropicBadRequest(message)`, `sendAnthropicError(ex, reply, options?)`:
//   Anthropic error bodies `{"type":"error","error":{"type","message"},"request_id"}`.
// - `anthropicStatusOf(type)` (529 for `overloaded_error`...), `anthropicErrorBody(type, message, requestId)`.
// - `anthropicRequestId()`, `anthropicResponseHeaders(requestId)`.
// - `anthropicPrompt(body)`: the prompt texts (input-token estimate) and the last user text
//   (where the `[[emulate:...]]` marker is read); `anthropicMaxTokens(body)`.
//
// What a request gets: thinking blocks only when the request turns thinking on (`thinking.type`
// `enabled` or `adaptive`), as the real API does; text cut at the first of `stop_sequences`
// (stop_reason `stop_sequence`); tool calls and structured output per tests/emulator/tool-plan.ts,
// structured output either as `output_config.format` (JSON text) or as the SDK's forced `json` tool
// (a `json` tool_use block).
import type { IncomingHttpHeaders } from "node:http";
import { planResponse, type PlannedToolCall, type RequestTool } from "./tool-plan";
import { tokenize } from "./tokens";
import type { Fault } from "./types";
import { drop, emitTokens, type Exchange, hang, isRecord, makePlan, Pacer, randomAlnum, sendJson } from "./util";

// ---------------------------------------------------------------------------------------------
// ids, headers, auth and error bodies

const ORGANIZATION_ID = "00000000-0000-4000-8000-0000000e0001";

/** A request id as Anthropic sends it in `request-id` (`req_011C...`). */
export function anthropicRequestId(): string {
  return `req_011C${randomAlnum(20)}`;
}

/** Headers the real API sends with every answer (errors included). */
export function anthropicResponseHeaders(requestId: string): Record<string, string> {
  return {
    "request-id": requestId,
    "anthropic-organization-id": ORGANIZATION_ID,
    "anthropic-ratelimit-requests-limit": "4000",
    "anthropic-ratelimit-requests-remaining": "3999",
    "anthropic-ratelimit-requests-reset": new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
    via: "1.1 google",
  };
}

export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

export type AnthropicErrorReply = { status: number; type: AnthropicErrorType | string; message: string; headers?: Record<string, string> };

/** HTTP status Anthropic answers with for an error type (529 for overloaded_error). */
export function anthropicStatusOf(type: string): number {
  const table: Record<string, number> = {
    invalid_request_error: 400,
    authentication_error: 401,
    permission_error: 403,
    not_found_error: 404,
    request_too_large: 413,
    rate_limit_error: 429,
    api_error: 500,
    overloaded_error: 529,
  };
  return table[type] ?? 500;
}

export function anthropicErrorBody(type: string, message: string, requestId: string | null) {
  return { type: "error", error: { type, message }, ...(requestId ? { request_id: requestId } : {}) };
}

export function sendAnthropicError(
  ex: Pick<Exchange, "res" | "requestId">,
  reply: AnthropicErrorReply,
  options: { responseHeaders?: Record<string, string>; requestIdInBody?: boolean } = {},
) {
  const headers = options.responseHeaders ?? anthropicResponseHeaders(ex.requestId);
  const requestId = options.requestIdInBody === false ? null : ex.requestId;
  sendJson(
    ex.res,
    reply.status,
    { ...headers, "x-should-retry": String(reply.status === 429 || reply.status >= 500), ...reply.headers },
    anthropicErrorBody(reply.type, reply.message, requestId),
  );
}

export function anthropicBadRequest(message: string): AnthropicErrorReply {
  return { status: 400, type: "invalid_request_error", message };
}

/** null when the request carries the right `x-api-key` (or Bearer token) and an `anthropic-version`. */
export function checkAnthropicAuth(headers: IncomingHttpHeaders, key: string): AnthropicErrorReply | null {
  const apiKey = typeof headers["x-api-key"] === "string" ? headers["x-api-key"] : undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1]?.trim();
  const given = apiKey ?? bearer;
  if (given == null || given === "") return { status: 401, type: "authentication_error", message: "x-api-key header is required" };
  if (given !== key) return { status: 401, type: "authentication_error", message: "invalid x-api-key" };
  if (typeof headers["anthropic-version"] !== "string" || headers["anthropic-version"] === "") {
    return anthropicBadRequest("anthropic-version: header is required");
  }
  return null;
}

/**
 * A scripted HTTP fault in Anthropic's shapes. The emulator's fault statuses are shared by every
 * cloud; Anthropic has no 503 and answers 529 `overloaded_error` instead, so `503` maps to 529.
 */
export function anthropicHttpError(fault: Extract<Fault, { kind: "http" }>): AnthropicErrorReply {
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds != null) headers["retry-after"] = String(fault.retryAfterSeconds);
  if (fault.retryAfterMs != null) headers["retry-after-ms"] = String(fault.retryAfterMs);
  const table: Record<number, { status: number; type: AnthropicErrorType; message: string }> = {
    400: {
      status: 400,
      type: "invalid_request_error",
      message: "prompt is too long: 215304 tokens > 200000 maximum",
    },
    401: { status: 401, type: "authentication_error", message: "invalid x-api-key" },
    403: { status: 403, type: "permission_error", message: "Your API key does not have permission to use the specified resource." },
    429: {
      status: 429,
      type: "rate_limit_error",
      message: `This request would exceed the rate limit for your organization (${ORGANIZATION_ID}) of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.`,
    },
    500: { status: 500, type: "api_error", message: "Internal server error" },
    503: { status: 529, type: "overloaded_error", message: "Overloaded" },
  };
  const d = table[fault.status]!;
  if (fault.status === 429) {
    Object.assign(headers, {
      "anthropic-ratelimit-requests-limit": "50",
      "anthropic-ratelimit-requests-remaining": "0",
      "anthropic-ratelimit-requests-reset": new Date(Date.now() + (fault.retryAfterSeconds ?? 1) * 1000).toISOString(),
    });
  }
  const type = fault.code ?? d.type;
  return { status: fault.code ? anthropicStatusOf(fault.code) : d.status, type, message: fault.message ?? d.message, headers };
}

// ---------------------------------------------------------------------------------------------
// request body

/** Text of one message content (a string, or the `text` parts of a block list; tool results left out). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((p) => (isRecord(p) && p.type === "text" && typeof p.text === "string" ? p.text : ""))
    .filter(Boolean)
    .join("\n");
}

/** Characters of everything in a content list, tool results and tool inputs included (input-token estimate). */
function allTextOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((p) => {
      if (!isRecord(p)) return "";
      if (typeof p.text === "string") return p.text;
      if (p.type === "tool_result") return allTextOf(p.content);
      if (p.type === "tool_use") return JSON.stringify(p.input ?? {});
      if (typeof p.thinking === "string") return p.thinking;
      return "";
    })
    .join("\n");
}

/**
 * The prompt texts and the text of the last user message that has text: tool results travel as
 * user messages in this protocol, and skipping them keeps the marker of the person's prompt in
 * force on later tool steps, as on the other protocols (where tool results have their own role).
 */
export function anthropicPrompt(body: Record<string, unknown>): { texts: string[]; lastUser: string } {
  const texts: string[] = [];
  let lastUser = "";
  if (body.system != null) texts.push(allTextOf(body.system));
  if (Array.isArray(body.tools)) texts.push(JSON.stringify(body.tools));
  if (Array.isArray(body.messages)) {
    for (const m of body.messages) {
      if (!isRecord(m)) continue;
      texts.push(allTextOf(m.content));
      const t = textOf(m.content);
      if (m.role === "user" && t !== "") lastUser = t;
    }
  }
  return { texts, lastUser };
}

export function anthropicMaxTokens(body: Record<string, unknown>): number | undefined {
  return typeof body.max_tokens === "number" && body.max_tokens >= 0 ? body.max_tokens : undefined;
}

function thinkingOn(body: Record<string, unknown>): boolean {
  return isRecord(body.thinking) && (body.thinking.type === "enabled" || body.thinking.type === "adaptive");
}

/** Image blocks the API takes (base64 sources; URL sources are fetched by the API and not checked here). */
const IMAGE_MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

function imageProblem(messages: unknown[]): AnthropicErrorReply | null {
  for (const [i, m] of messages.entries()) {
    if (!isRecord(m) || !Array.isArray(m.content)) continue;
    for (const [j, part] of m.content.entries()) {
      if (!isRecord(part) || part.type !== "image" || !isRecord(part.source) || part.source.type !== "base64") continue;
      const where = `messages.${i}.content.${j}.image.source.base64`;
      if (typeof part.source.media_type !== "string" || !IMAGE_MEDIA_TYPES.includes(part.source.media_type)) {
        return anthropicBadRequest(`${where}.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`);
      }
      const bytes = Buffer.byteLength(typeof part.source.data === "string" ? part.source.data : "", "base64");
      if (bytes > MAX_IMAGE_BYTES)
        return anthropicBadRequest(`${where}: image exceeds 5 MB maximum: ${bytes} bytes > ${MAX_IMAGE_BYTES} bytes`);
    }
  }
  return null;
}

/** The 400 the API answers a malformed body with (checked in the API's order), or null. */
export function validateMessagesBody(body: unknown, options: { vertex?: boolean } = {}): AnthropicErrorReply | null {
  if (!isRecord(body)) return anthropicBadRequest("There was an issue with your request body: it is not valid JSON.");
  if (options.vertex) {
    if (body.anthropic_version !== "vertex-2023-10-16") {
      return anthropicBadRequest(
        body.anthropic_version == null ? "anthropic_version: Field required" : `anthropic_version: Input should be 'vertex-2023-10-16'`,
      );
    }
    if (body.model != null) return anthropicBadRequest("model: Extra inputs are not permitted");
  } else if (typeof body.model !== "string" || body.model === "") {
    return anthropicBadRequest("model: Field required");
  }
  if (typeof body.max_tokens !== "number") return anthropicBadRequest("max_tokens: Field required");
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) {
    return anthropicBadRequest("max_tokens: Input should be greater than or equal to 1");
  }
  if (!Array.isArray(body.messages)) return anthropicBadRequest("messages: Field required");
  if (body.messages.length === 0) return anthropicBadRequest("messages: at least one message is required");
  const image = imageProblem(body.messages);
  if (image) return image;
  if (typeof body.temperature === "number" && (body.temperature < 0 || body.temperature > 1)) {
    return anthropicBadRequest("temperature: Input should be less than or equal to 1");
  }
  if (thinkingOn(body) && isRecord(body.thinking) && body.thinking.type === "enabled") {
    const budget = body.thinking.budget_tokens;
    if (typeof budget !== "number") return anthropicBadRequest("thinking.enabled.budget_tokens: Field required");
    if (budget < 1024) return anthropicBadRequest("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
    if (body.max_tokens <= budget) {
      return anthropicBadRequest(
        "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size",
      );
    }
  }
  if (thinkingOn(body) && typeof body.temperature === "number" && body.temperature !== 1) {
    return anthropicBadRequest(
      "`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility",
    );
  }
  return null;
}

/** The tools offered (custom tools only: server tools have no input_schema). */
function requestTools(body: Record<string, unknown>): RequestTool[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.flatMap((t) =>
    isRecord(t) && typeof t.name === "string" && t.input_schema !== undefined ? [{ name: t.name, schema: t.input_schema }] : [],
  );
}

function hasToolResults(body: Record<string, unknown>): boolean {
  if (!Array.isArray(body.messages)) return false;
  return body.messages.some(
    (m) => isRecord(m) && Array.isArray(m.content) && m.content.some((p) => isRecord(p) && p.type === "tool_result"),
  );
}

/** `output_config.format` (current API) or `output_format` (the structured-outputs beta). */
function outputSchema(body: Record<string, unknown>): unknown {
  const format = isRecord(body.output_config) && isRecord(body.output_config.format) ? body.output_config.format : body.output_format;
  return isRecord(format) && format.type === "json_schema" ? format.schema : undefined;
}

// ---------------------------------------------------------------------------------------------
// the answer: a list of content blocks

type Block =
  | { kind: "text"; tokens: string[] }
  | { kind: "tool"; id: string; name: string; arguments: string; tokens: string[] }
  /** structured output through the SDK's forced `json` tool */
  | { kind: "json-tool"; id: string; arguments: string; tokens: string[] };

const DEFAULT_THINKING =
  "The user wants a clear answer. I will restate the question as a heading, list the key points briefly, and finish with a small example.";

function toolUseId(call: PlannedToolCall): string {
  return `toolu_${call.id}`;
}

/** What this request answers, before any cut: reasoning (when thinking is on), then the blocks. */
function answerOf(ex: Exchange): { reasoning: string | undefined; blocks: Block[]; stopSequence: string | null } {
  const body = ex.body;
  const choice = isRecord(body.tool_choice) ? body.tool_choice : {};
  let tools = choice.type === "none" ? [] : requestTools(body);
  if (choice.type === "tool" && typeof choice.name === "string") tools = tools.filter((t) => t.name === choice.name);
  // The SDK asks for structured output on older models with a `json` tool it forces (tool_choice
  // any or tool json): answer it like a response schema, rendered as that tool's call.
  const jsonTool = tools.find((t) => t.name === "json");
  const jsonForced = jsonTool != null && (choice.type === "any" || (choice.type === "tool" && choice.name === "json"));
  const plan = planResponse({
    tools: jsonForced ? tools.filter((t) => t !== jsonTool) : tools,
    hasToolResults: hasToolResults(body),
    responseSchema: jsonForced ? jsonTool.schema : outputSchema(body),
    toolCalls: ex.script.toolCalls,
    text: ex.script.text,
    textScripted: ex.script.textScripted,
    seq: ex.script.seq,
  });
  const reasoning = thinkingOn(body) && !ex.script.reasoningInText ? (ex.script.reasoning ?? DEFAULT_THINKING) : undefined;
  if (plan.kind === "tool-calls") {
    const blocks: Block[] = plan.calls.map((c) => ({
      kind: "tool",
      id: toolUseId(c),
      name: c.name,
      arguments: c.arguments,
      tokens: tokenize(c.arguments),
    }));
    return { reasoning, blocks, stopSequence: null };
  }
  let text = plan.text;
  if (ex.script.reasoningInText && ex.script.reasoning) text = `<reasoning>${ex.script.reasoning}</reasoning>${text}`;
  if (jsonForced) {
    return {
      reasoning,
      blocks: [{ kind: "json-tool", id: `toolu_call_${ex.script.seq}_json`, arguments: text, tokens: tokenize(text) }],
      stopSequence: null,
    };
  }
  // the model stops before the first stop sequence it would write
  let stopSequence: string | null = null;
  if (Array.isArray(body.stop_sequences)) {
    let cut = text.length;
    for (const s of body.stop_sequences) {
      if (typeof s !== "string" || s === "") continue;
      const at = text.indexOf(s);
      if (at >= 0 && at < cut) {
        cut = at;
        stopSequence = s;
      }
    }
    text = text.slice(0, cut);
  }
  return { reasoning, blocks: [{ kind: "text", tokens: tokenize(text) }], stopSequence };
}

const BLOCKS = "\u0000anthropic-blocks";

function stopReasonOf(stop: "end" | "length" | "fault", fault: Fault | undefined, blocks: Block[], stopSequence: string | null): string {
  if (stop === "length") return "max_tokens";
  if (stop === "fault" && fault?.kind === "content-filter") return "refusal";
  if (blocks.some((b) => b.kind !== "text")) return "tool_use";
  return stopSequence ? "stop_sequence" : "end_turn";
}

function signature(): string {
  return `Eq${randomAlnum(6)}CkYIBxgCKkD${randomAlnum(80)}==`;
}

function messageId(): string {
  return `msg_01${randomAlnum(22)}`;
}

/** a mid-stream / non-streaming model error in Anthropic's shape; overloaded by default (the usual one) */
function streamErrorOf(fault: Extract<Fault, { kind: "stream-error-before-text" | "stream-error-after-text" }>) {
  const type = fault.code ?? "overloaded_error";
  const message = fault.message ?? (type === "overloaded_error" ? "Overloaded" : "Internal server error");
  return { type, message };
}

export type MessagesOptions = {
  /** headers of the 200 answer and of error bodies (default: Anthropic's, with `request-id`) */
  responseHeaders?: Record<string, string>;
  /** false: no `request_id` in error bodies (Vertex) */
  requestIdInBody?: boolean;
};

/** Renders one Messages exchange: SSE when `ex.stream`, else the JSON message. */
export async function handleMessages(ex: Exchange, options: MessagesOptions = {}): Promise<void> {
  const headers = options.responseHeaders ?? anthropicResponseHeaders(ex.requestId);
  const requestIdInBody = options.requestIdInBody !== false;
  const answer = answerOf(ex);
  const all = answer.blocks.flatMap((b) => b.tokens);
  const plan = makePlan(
    {
      script: { ...ex.script, text: BLOCKS, reasoning: answer.reasoning, reasoningInText: false },
      fault: ex.fault,
      maxTokens: ex.maxTokens,
    },
    (s) => (s === BLOCKS ? all : tokenize(s)),
  );
  const pacer = new Pacer(ex.startedAt, ex.script.ttftMs, ex.script.tokensPerSecond, ex.signal);
  const fault = ex.fault;
  const input = Math.max(0, Math.floor(ex.script.inputTokens));
  const cached = Math.min(input, Math.max(0, Math.floor(ex.script.cachedInputTokens)));
  // Anthropic's input_tokens exclude cache reads; the SDK adds them back up
  const inputUsage = { input_tokens: input - cached, cache_creation_input_tokens: 0, cache_read_input_tokens: cached };
  const id = messageId();
  const reasoningText = plan.reasoningTokens.join("");

  if (!ex.stream) {
    if (fault?.kind === "stream-error-before-text" || fault?.kind === "stream-error-after-text") {
      await pacer.whole(0);
      if (ex.signal.aborted) return;
      const e = streamErrorOf(fault);
      return sendAnthropicError(ex, { status: anthropicStatusOf(e.type), ...e }, { responseHeaders: headers, requestIdInBody });
    }
    if (fault?.kind === "hang") return hang(ex);
    await pacer.whole(plan.reasoningEmitted + plan.stopAt);
    if (fault?.kind === "drop") return drop(ex);
    if (ex.signal.aborted) return;
    const content: unknown[] = [];
    if (plan.reasoningEmitted > 0) content.push({ type: "thinking", thinking: reasoningText, signature: signature() });
    let left = plan.stopAt;
    for (const b of answer.blocks) {
      const n = Math.min(left, b.tokens.length);
      left -= n;
      if (n === 0 && b.tokens.length > 0 && plan.stop !== "end") break;
      const part = b.tokens.slice(0, n).join("");
      if (b.kind === "text") content.push({ type: "text", text: part });
      else content.push({ type: "tool_use", id: b.id, name: b.kind === "tool" ? b.name : "json", input: inputObject(part) });
    }
    sendJson(ex.res, 200, headers, {
      id,
      type: "message",
      role: "assistant",
      model: ex.script.responseModel,
      content,
      stop_reason: stopReasonOf(plan.stop, fault, answer.blocks, answer.stopSequence),
      stop_sequence: plan.stop === "end" ? answer.stopSequence : null,
      usage: { ...inputUsage, output_tokens: plan.reasoningEmitted + plan.stopAt, service_tier: "standard" },
    });
    ex.record.outcome = "completed";
    return;
  }

  const { res } = ex;
  res.writeHead(200, {
    ...headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const send = (type: string, data: Record<string, unknown>) => {
    if (ex.signal.aborted) return;
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  const sendError = (e: { type: string; message: string }) =>
    send("error", { error: e, ...(requestIdInBody ? { request_id: ex.requestId } : {}) });
  const finishStream = () => {
    res.end();
    ex.record.outcome = "completed";
  };

  if (fault?.kind === "stream-error-before-text") {
    // the real API sends the error as the stream's first event; the SDK throws it from doStream
    // (overloaded_error: retryable, status 529; anything else: 500, not retried)
    await pacer.next(0);
    sendError(streamErrorOf(fault));
    return finishStream();
  }

  send("message_start", {
    message: {
      id,
      type: "message",
      role: "assistant",
      model: ex.script.responseModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...inputUsage, output_tokens: 1, service_tier: "standard" },
    },
  });
  if (fault?.kind === "hang" && fault.afterTokens == null) return hang(ex);

  let index = 0;
  let pinged = false;
  const start = (block: Record<string, unknown>) => {
    send("content_block_start", { index, content_block: block });
    if (!pinged) {
      send("ping", {});
      pinged = true;
    }
  };
  const stopBlock = () => {
    send("content_block_stop", { index });
    index++;
  };

  if (plan.reasoningTokens.length > 0) {
    await pacer.next(0);
    start({ type: "thinking", thinking: "", signature: "" });
    const ok = await emitTokens(ex, pacer, plan.reasoningTokens, 0, plan.reasoningTokens.length, (d) =>
      send("content_block_delta", { index, delta: { type: "thinking_delta", thinking: d } }),
    );
    if (!ok) return;
    send("content_block_delta", { index, delta: { type: "signature_delta", signature: signature() } });
    stopBlock();
  }

  let consumed = 0;
  let open = false;
  for (const b of answer.blocks) {
    if (plan.stop !== "end" && consumed >= plan.stopAt) break;
    if (index === 0 || b.tokens.length === 0) await pacer.next(0);
    if (b.kind === "text") start({ type: "text", text: "" });
    else start({ type: "tool_use", id: b.id, name: b.kind === "tool" ? b.name : "json", input: {} });
    open = true;
    if (b.kind !== "text") send("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } });
    const n = Math.min(b.tokens.length, plan.stopAt - consumed);
    const ok = await emitTokens(ex, pacer, b.tokens, 0, n, (d) =>
      send(
        "content_block_delta",
        b.kind === "text"
          ? { index, delta: { type: "text_delta", text: d } }
          : { index, delta: { type: "input_json_delta", partial_json: d } },
      ),
    );
    if (!ok) return;
    consumed += n;
    if (n < b.tokens.length) break; // cut inside this block
    stopBlock();
    open = false;
  }

  if (plan.stop === "fault" && fault) {
    if (fault.kind === "drop") return drop(ex);
    if (fault.kind === "hang") return hang(ex);
    if (fault.kind === "stream-error-after-text") {
      sendError(streamErrorOf(fault));
      return finishStream();
    }
  }
  if (open) stopBlock();
  const stopReason = stopReasonOf(plan.stop, fault, answer.blocks, answer.stopSequence);
  send("message_delta", {
    delta: { stop_reason: stopReason, stop_sequence: stopReason === "stop_sequence" ? answer.stopSequence : null },
    usage: { output_tokens: plan.reasoningEmitted + plan.stopAt },
  });
  send("message_stop", {});
  finishStream();
}

/** A tool_use `input` for the JSON answer: the object, or (broken or non-object JSON) the raw text. */
function inputObject(raw: string): unknown {
  try {
    const v: unknown = JSON.parse(raw);
    return isRecord(v) ? v : raw;
  } catch {
    return raw;
  }
}
