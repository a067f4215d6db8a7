// OpenAI wire protocol (Responses API and Chat Completions), also spoken by Azure OpenAI and by
// the "compatible" endpoint (Ollama / vLLM style). See /work/shared/PROVIDERS.md §1-2.
import type { IncomingHttpHeaders } from "node:http";
import { tokenize } from "./tokens";
import { planResponse, type PlannedToolCall, type RequestTool } from "./tool-plan";
import type { Fault, ProviderKind } from "./types";
import {
  drop,
  emitTokens,
  type Exchange,
  hang,
  hex,
  isRecord,
  makePlan,
  Pacer,
  type Plan,
  randomAlnum,
  sendJson,
  unixSeconds,
  uuid,
} from "./util";

type OpenAIish = Exclude<ProviderKind, "bedrock">;

// ---------------------------------------------------------------------------------------------
// headers, auth and error bodies

export function openaiRequestId(provider: OpenAIish): string {
  return provider === "azure" ? uuid() : `req_${hex(16)}`;
}

/** Response headers a real service sends with every answer (errors included). */
export function openaiResponseHeaders(provider: OpenAIish, requestId: string): Record<string, string> {
  if (provider === "azure") {
    return {
      "apim-request-id": requestId,
      "x-request-id": requestId,
      "x-ms-region": "East US",
      "x-ratelimit-remaining-requests": "999",
      "x-ratelimit-remaining-tokens": "999000",
      "x-content-type-options": "nosniff",
      "strict-transport-security": "max-age=31536000; includeSubDomains; preload",
    };
  }
  if (provider === "compatible") return { "x-request-id": requestId };
  return {
    "x-request-id": requestId,
    "openai-organization": "org-emulator",
    "openai-version": "2020-10-01",
    "openai-processing-ms": "12",
    "x-ratelimit-limit-requests": "10000",
    "x-ratelimit-remaining-requests": "9999",
    "x-ratelimit-reset-requests": "6ms",
    "x-ratelimit-limit-tokens": "10000000",
    "x-ratelimit-remaining-tokens": "9999000",
    "x-ratelimit-reset-tokens": "0s",
  };
}

type ErrorReply = { status: number; body: unknown; headers?: Record<string, string> };

function maskKey(key: string): string {
  if (key.length <= 8) return "*".repeat(key.length);
  return `${key.slice(0, 3)}${"*".repeat(Math.min(key.length - 7, 20))}${key.slice(-4)}`;
}

/** null when the request is authenticated, else the error the real service answers. */
export function checkOpenAIAuth(
  provider: OpenAIish,
  headers: IncomingHttpHeaders,
  keys: { openaiKey: string; azureKey: string },
): ErrorReply | null {
  if (provider === "compatible") return null; // like Ollama / a local vLLM: any key or none
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1]?.trim();
  if (provider === "azure") {
    const key = typeof headers["api-key"] === "string" ? headers["api-key"] : bearer;
    if (key === keys.azureKey) return null;
    return {
      status: 401,
      body: {
        error: {
          code: "401",
          message:
            "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
        },
      },
    };
  }
  if (bearer === keys.openaiKey) return null;
  if (bearer == null || bearer === "") {
    return {
      status: 401,
      body: {
        error: {
          message:
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      },
    };
  }
  return {
    status: 401,
    body: {
      error: {
        message: `Incorrect API key provided: ${maskKey(bearer)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    },
  };
}

function retryHeaders(fault: { retryAfterSeconds?: number; retryAfterMs?: number }): Record<string, string> {
  const h: Record<string, string> = {};
  if (fault.retryAfterMs != null) h["retry-after-ms"] = String(fault.retryAfterMs);
  if (fault.retryAfterSeconds != null) h["retry-after"] = String(fault.retryAfterSeconds);
  return h;
}

const AZURE_SAFE = {
  hate: { filtered: false, severity: "safe" },
  self_harm: { filtered: false, severity: "safe" },
  sexual: { filtered: false, severity: "safe" },
  violence: { filtered: false, severity: "safe" },
};

/** Body and headers of a scripted HTTP error, shaped like the real service's. */
export function openaiHttpError(
  ex: Pick<Exchange, "provider" | "api" | "model" | "req">,
  fault: Extract<Fault, { kind: "http" }>,
): ErrorReply {
  const provider = ex.provider as OpenAIish;
  const headers = retryHeaders(fault);
  const { status } = fault;
  if (provider === "azure") {
    const apiVersion = new URL(ex.req.url ?? "/", "http://x").searchParams.get("api-version") ?? "v1";
    const operation = ex.api === "chat" ? "ChatCompletions_Create" : "Responses_Create";
    const wait = fault.retryAfterSeconds ?? Math.max(1, Math.ceil((fault.retryAfterMs ?? 1000) / 1000));
    const azure: Record<number, { code: string; message: string; extra?: Record<string, unknown> }> = {
      400: {
        code: "content_filter",
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
      },
      401: {
        code: "401",
        message:
          "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
      },
      403: { code: "PermissionDenied", message: "Principal does not have access to API/Operation." },
      429: {
        code: "429",
        message: `Requests to the ${operation} Operation under Azure OpenAI API version ${apiVersion} have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after ${wait} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
      },
      500: {
        code: "InternalServerError",
        message:
          "The server had an error processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if you keep seeing this error.",
      },
      503: {
        code: "ServiceUnavailable",
        message: "The service is temporarily unable to process your request. Please try again later.",
      },
    };
    const d = azure[status]!;
    const code = fault.code ?? d.code;
    const message = fault.message ?? d.message;
    if (status === 400 && code === "content_filter") {
      return {
        status,
        headers,
        body: {
          error: {
            message,
            type: null,
            param: "prompt",
            code,
            status: 400,
            innererror: {
              code: "ResponsibleAIPolicyViolation",
              content_filter_result: {
                ...AZURE_SAFE,
                jailbreak: { filtered: false, detected: false },
                violence: { filtered: true, severity: "medium" },
              },
            },
          },
        },
      };
    }
    return { status, headers, body: { error: { code, message } } };
  }

  // OpenAI (and compatible endpoints, which mimic it)
  let body: { message: string; type: string; param: null; code: string | null };
  switch (status) {
    case 400:
      body = {
        message:
          "Invalid prompt: your prompt was flagged as potentially violating our usage policy. Please try again with a different prompt.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_prompt",
      };
      break;
    case 401:
      body = {
        message:
          "Incorrect API key provided: sk-emu*****************key. You can find your API key at https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      };
      break;
    case 403:
      body = {
        message: `Project \`proj_emulator\` does not have access to model \`${ex.model}\``,
        type: "invalid_request_error",
        param: null,
        code: "model_not_found",
      };
      break;
    case 429:
      body =
        fault.code === "insufficient_quota"
          ? {
              message:
                "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
              type: "insufficient_quota",
              param: null,
              code: "insufficient_quota",
            }
          : {
              message: `Rate limit reached for ${ex.model} in organization org-emulator on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${fault.retryAfterMs ?? (fault.retryAfterSeconds ?? 1) * 1000}ms. Visit https://platform.openai.com/account/rate-limits to learn more.`,
              type: "requests",
              param: null,
              code: "rate_limit_exceeded",
            };
      Object.assign(headers, {
        "x-ratelimit-limit-requests": "500",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": `${fault.retryAfterMs ?? (fault.retryAfterSeconds ?? 1) * 1000}ms`,
      });
      break;
    case 500:
      body = {
        message: "The server had an error while processing your request. Sorry about that!",
        type: "server_error",
        param: null,
        code: null,
      };
      break;
    case 503:
      body = {
        message: "The server is overloaded or not ready yet.",
        type: "server_error",
        param: null,
        code: null,
      };
      break;
  }
  if (fault.code != null) body.code = fault.code;
  if (fault.message != null) body.message = fault.message;
  return { status, headers, body: { error: body } };
}

/** A 400 for a malformed request, in the provider's shape. */
export function openaiBadRequest(provider: OpenAIish, message: string, param: string | null = null): ErrorReply {
  if (provider === "azure") return { status: 400, body: { error: { code: "BadRequest", message } } };
  return { status: 400, body: { error: { message, type: "invalid_request_error", param, code: null } } };
}

export function sendOpenAIError(ex: Pick<Exchange, "res" | "provider" | "requestId">, reply: ErrorReply) {
  sendJson(ex.res, reply.status, { ...openaiResponseHeaders(ex.provider as OpenAIish, ex.requestId), ...reply.headers }, reply.body);
}

const STREAM_ERROR_MESSAGE =
  "The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error.";

// ---------------------------------------------------------------------------------------------
// shared bits

function sseHeaders(ex: Exchange): Record<string, string> {
  return {
    ...openaiResponseHeaders(ex.provider as OpenAIish, ex.requestId),
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  };
}

/** Handles the faults that do not produce a 200 body. Returns true when the request is done. */
async function nonStreamingFault(ex: Exchange, pacer: Pacer, plan: Plan): Promise<boolean> {
  const f = ex.fault;
  if (!f) return false;
  if (f.kind === "stream-error-before-text" || f.kind === "stream-error-after-text") {
    // without streaming there is no partial output: the service answers a 500
    await pacer.whole(0);
    if (ex.signal.aborted) return true;
    sendOpenAIError(ex, openaiHttpError(ex, { kind: "http", status: 500, code: f.code, message: f.message }));
    return true;
  }
  if (f.kind === "drop") {
    await pacer.whole(plan.reasoningEmitted + plan.stopAt);
    drop(ex);
    return true;
  }
  if (f.kind === "hang") {
    await hang(ex);
    return true;
  }
  return false;
}

function usageCounts(ex: Exchange, plan: Plan, textEmitted: number) {
  const input = Math.max(0, Math.floor(ex.script.inputTokens));
  const cached = Math.min(input, Math.max(0, Math.floor(ex.script.cachedInputTokens)));
  // Chat Completions on OpenAI/Azure never streams reasoning but still bills it
  const reasoning = ex.script.reasoningInText ? 0 : plan.reasoningEmitted;
  const output = reasoning + textEmitted;
  return { input, cached, reasoning, output };
}

// ---------------------------------------------------------------------------------------------
// tools and structured output (what to do is decided by tool-plan.ts; rendered here)

/** The tools a request offers, in either API's shape. */
function requestTools(ex: Exchange): RequestTool[] {
  const tools = Array.isArray(ex.body.tools) ? ex.body.tools.filter(isRecord) : [];
  return tools.flatMap((t): RequestTool[] => {
    if (t.type !== "function") return [];
    // Responses: {type, name, parameters}; Chat: {type, function: {name, parameters}}
    const fn = isRecord(t.function) ? t.function : t;
    return typeof fn.name === "string" ? [{ name: fn.name, schema: fn.parameters }] : [];
  });
}

function hasToolResults(ex: Exchange): boolean {
  if (ex.api === "responses")
    return Array.isArray(ex.body.input) && ex.body.input.some((i) => isRecord(i) && i.type === "function_call_output");
  return Array.isArray(ex.body.messages) && ex.body.messages.some((m) => isRecord(m) && m.role === "tool");
}

/** The JSON Schema of `text.format` (Responses) or `response_format` (Chat), when json_schema. */
function responseSchemaOf(ex: Exchange): unknown {
  if (ex.api === "responses") {
    const format = isRecord(ex.body.text) && isRecord(ex.body.text.format) ? ex.body.text.format : null;
    return format?.type === "json_schema" ? format.schema : undefined;
  }
  const format = isRecord(ex.body.response_format) ? ex.body.response_format : null;
  return format?.type === "json_schema" && isRecord(format.json_schema) ? format.json_schema.schema : undefined;
}

/** Tool calls to send, or the exchange with the text to answer (JSON for a schema, a tool-results answer...). */
function planTools(ex: Exchange): { calls: PlannedToolCall[] } | { ex: Exchange } {
  const plan = planResponse({
    tools: requestTools(ex),
    hasToolResults: hasToolResults(ex),
    responseSchema: responseSchemaOf(ex),
    toolCalls: ex.script.toolCalls,
    text: ex.script.text,
    textScripted: ex.script.textScripted,
    seq: ex.script.seq,
  });
  return plan.kind === "tool-calls" ? { calls: plan.calls } : { ex: { ...ex, script: { ...ex.script, text: plan.text } } };
}

/** A call's arguments in deltas of a few tokens, as the services stream them. */
function argumentChunks(ex: Exchange, args: string): string[] {
  const tokens = tokenize(args);
  const size = Math.max(1, Math.floor(ex.script.chunkTokens));
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += size) out.push(tokens.slice(i, i + size).join(""));
  return out;
}

function toolCallUsage(ex: Exchange, calls: PlannedToolCall[]) {
  const input = Math.max(0, Math.floor(ex.script.inputTokens));
  const output = calls.reduce((n, c) => n + tokenize(c.arguments).length + 4, 0);
  return { input, cached: Math.min(input, Math.max(0, Math.floor(ex.script.cachedInputTokens))), output };
}

/** Faults that still apply to a tool-call answer: an error before output, a hang. Returns true when handled. */
async function toolCallFault(ex: Exchange, pacer: Pacer, onError: (f: { code?: string; message?: string }) => void): Promise<boolean> {
  const f = ex.fault;
  if (f?.kind === "hang") {
    await hang(ex);
    return true;
  }
  if (f?.kind === "stream-error-before-text" || f?.kind === "drop") {
    await pacer.next(0);
    if (f.kind === "drop") await drop(ex);
    else {
      onError(f);
      ex.res.end();
      ex.record.outcome = "completed";
    }
    return true;
  }
  return false;
}

async function responsesToolCalls(ex: Exchange, calls: PlannedToolCall[]): Promise<void> {
  const pacer = new Pacer(ex.startedAt, ex.script.ttftMs, ex.script.tokensPerSecond, ex.signal);
  const base = responseSkeleton(ex, `resp_${hex(24)}`, unixSeconds());
  const u = toolCallUsage(ex, calls);
  const usage = {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: u.input + u.output,
  };
  const items = calls.map((c) => ({
    id: `fc_${hex(24)}`,
    type: "function_call",
    status: "completed",
    arguments: c.arguments,
    call_id: c.id,
    name: c.name,
  }));
  if (!ex.stream) {
    await pacer.whole(u.output);
    if (ex.signal.aborted) return;
    sendJson(ex.res, 200, openaiResponseHeaders(ex.provider as OpenAIish, ex.requestId), {
      ...base,
      status: "completed",
      output: items,
      usage,
    });
    ex.record.outcome = "completed";
    return;
  }
  const { res } = ex;
  res.writeHead(200, sseHeaders(ex));
  let seq = 0;
  const send = (type: string, data: Record<string, unknown>) => {
    if (!ex.signal.aborted) res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  };
  send("response.created", { response: base });
  send("response.in_progress", { response: base });
  if (
    await toolCallFault(ex, pacer, (f) =>
      send("error", { code: f.code ?? "server_error", message: f.message ?? STREAM_ERROR_MESSAGE, param: null }),
    )
  )
    return;
  for (const [outputIndex, item] of items.entries()) {
    await pacer.next(0);
    if (ex.signal.aborted) return;
    send("response.output_item.added", { output_index: outputIndex, item: { ...item, status: "in_progress", arguments: "" } });
    for (const delta of argumentChunks(ex, item.arguments)) {
      await pacer.next(tokenize(delta).length);
      if (ex.signal.aborted) return;
      send("response.function_call_arguments.delta", { item_id: item.id, output_index: outputIndex, delta, obfuscation: randomAlnum(8) });
    }
    send("response.function_call_arguments.done", { item_id: item.id, output_index: outputIndex, arguments: item.arguments });
    send("response.output_item.done", { output_index: outputIndex, item });
  }
  send("response.completed", { response: { ...base, status: "completed", output: items, usage } });
  res.end();
  ex.record.outcome = "completed";
}

async function chatToolCalls(ex: Exchange, calls: PlannedToolCall[]): Promise<void> {
  const pacer = new Pacer(ex.startedAt, ex.script.ttftMs, ex.script.tokensPerSecond, ex.signal);
  const id = `chatcmpl-${randomAlnum(29)}`;
  const created = unixSeconds();
  const azure = ex.provider === "azure";
  const u = toolCallUsage(ex, calls);
  const usage = {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  const toolCalls = calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
  const common = {
    created,
    model: ex.script.responseModel,
    system_fingerprint: `fp_${hex(5)}`,
    ...(azure ? {} : { service_tier: "default" }),
  };
  if (!ex.stream) {
    await pacer.whole(u.output);
    if (ex.signal.aborted) return;
    sendJson(ex.res, 200, openaiResponseHeaders(ex.provider as OpenAIish, ex.requestId), {
      id,
      object: "chat.completion",
      ...common,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: null, refusal: null, tool_calls: toolCalls },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage,
    });
    ex.record.outcome = "completed";
    return;
  }
  const { res } = ex;
  const includeUsage = isRecord(ex.body.stream_options) && ex.body.stream_options.include_usage === true;
  res.writeHead(200, sseHeaders(ex));
  const send = (data: unknown) => {
    if (!ex.signal.aborted) res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    send({
      id,
      object: "chat.completion.chunk",
      ...common,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
  chunk({ role: "assistant", content: null, refusal: null });
  const errorChunk = (f: { code?: string; message?: string }) =>
    send({ error: { message: f.message ?? STREAM_ERROR_MESSAGE, type: "server_error", param: null, code: f.code ?? "server_error" } });
  if (await toolCallFault(ex, pacer, errorChunk)) return;
  for (const [index, call] of calls.entries()) {
    await pacer.next(0);
    if (ex.signal.aborted) return;
    chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] });
    for (const delta of argumentChunks(ex, call.arguments)) {
      await pacer.next(tokenize(delta).length);
      if (ex.signal.aborted) return;
      chunk({ tool_calls: [{ index, function: { arguments: delta } }] });
    }
  }
  chunk({}, "tool_calls");
  if (includeUsage) send({ id, object: "chat.completion.chunk", ...common, choices: [], usage });
  if (!ex.signal.aborted) res.write("data: [DONE]\n\n");
  res.end();
  ex.record.outcome = "completed";
}

// ---------------------------------------------------------------------------------------------
// Responses API

function responseSkeleton(ex: Exchange, id: string, createdAt: number) {
  const b = ex.body;
  const reasoning = isRecord(b.reasoning) ? b.reasoning : {};
  return {
    id,
    object: "response",
    created_at: createdAt,
    status: "in_progress",
    background: false,
    error: null,
    incomplete_details: null,
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    max_tool_calls: null,
    model: ex.script.responseModel,
    output: [] as unknown[],
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: b.previous_response_id ?? null,
    prompt_cache_key: null,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    safety_identifier: null,
    service_tier: b.service_tier ?? "auto",
    store: b.store ?? true,
    temperature: b.temperature ?? 1,
    text: b.text ?? { format: { type: "text" }, verbosity: "medium" },
    tool_choice: b.tool_choice ?? "auto",
    tools: b.tools ?? [],
    top_logprobs: b.top_logprobs ?? 0,
    top_p: b.top_p ?? 1,
    truncation: b.truncation ?? "disabled",
    usage: null as unknown,
    user: null,
    metadata: b.metadata ?? {},
  };
}

function responsesUsage(ex: Exchange, plan: Plan, textEmitted: number) {
  const u = usageCounts(ex, plan, textEmitted);
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

export async function handleResponses(exchange: Exchange): Promise<void> {
  const tools = planTools(exchange);
  if ("calls" in tools) return responsesToolCalls(exchange, tools.calls);
  const { ex } = tools;
  const plan = makePlan(ex, tokenize);
  const pacer = new Pacer(ex.startedAt, ex.script.ttftMs, ex.script.tokensPerSecond, ex.signal);
  const respId = `resp_${hex(24)}`;
  const msgId = `msg_${hex(24)}`;
  const rsId = `rs_${hex(24)}`;
  const createdAt = unixSeconds();
  const base = responseSkeleton(ex, respId, createdAt);
  const reasoningText = plan.reasoningTokens.join("");
  const reasoningItem = (status: "in_progress" | "completed") => ({
    id: rsId,
    type: "reasoning",
    summary: status === "completed" ? [{ type: "summary_text", text: reasoningText }] : [],
  });

  if (!ex.stream) {
    if (await nonStreamingFault(ex, pacer, plan)) return;
    await pacer.whole(plan.reasoningEmitted + plan.stopAt);
    if (ex.signal.aborted) return;
    const text = plan.textTokens.slice(0, plan.stopAt).join("");
    const incomplete =
      plan.stop === "length" ? "max_output_tokens" : plan.stop === "fault" && ex.fault?.kind === "content-filter" ? "content_filter" : null;
    const output: unknown[] = [];
    if (plan.reasoningTokens.length > 0) output.push(reasoningItem("completed"));
    output.push({
      id: msgId,
      type: "message",
      status: incomplete ? "incomplete" : "completed",
      content: [{ type: "output_text", annotations: [], logprobs: [], text }],
      role: "assistant",
    });
    sendJson(ex.res, 200, openaiResponseHeaders(ex.provider as OpenAIish, ex.requestId), {
      ...base,
      status: incomplete ? "incomplete" : "completed",
      incomplete_details: incomplete ? { reason: incomplete } : null,
      output,
      usage: responsesUsage(ex, plan, plan.stopAt),
    });
    ex.record.outcome = "completed";
    return;
  }

  const { res } = ex;
  res.writeHead(200, sseHeaders(ex));
  let seq = 0;
  const send = (type: string, data: Record<string, unknown>) => {
    if (ex.signal.aborted) return;
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  };
  const obfuscation = () => randomAlnum(4 + Math.floor(Math.random() * 12));

  send("response.created", { response: base });
  send("response.in_progress", { response: base });

  const fault = ex.fault;
  if (fault?.kind === "hang" && fault.afterTokens == null) return hang(ex);
  if (fault?.kind === "stream-error-before-text") {
    await pacer.next(0);
    send("error", {
      code: fault.code ?? "server_error",
      message: fault.message ?? STREAM_ERROR_MESSAGE,
      param: null,
    });
    res.end();
    ex.record.outcome = "completed";
    return;
  }

  const output: unknown[] = [];
  let outputIndex = 0;
  if (plan.reasoningTokens.length > 0) {
    await pacer.next(0);
    send("response.output_item.added", { output_index: outputIndex, item: reasoningItem("in_progress") });
    const part = { type: "summary_text", text: "" };
    send("response.reasoning_summary_part.added", { item_id: rsId, output_index: outputIndex, summary_index: 0, part });
    const ok = await emitTokens(ex, pacer, plan.reasoningTokens, 0, plan.reasoningTokens.length, (delta) =>
      send("response.reasoning_summary_text.delta", {
        item_id: rsId,
        output_index: outputIndex,
        summary_index: 0,
        delta,
        obfuscation: obfuscation(),
      }),
    );
    if (!ok) return;
    send("response.reasoning_summary_text.done", {
      item_id: rsId,
      output_index: outputIndex,
      summary_index: 0,
      text: reasoningText,
    });
    send("response.reasoning_summary_part.done", {
      item_id: rsId,
      output_index: outputIndex,
      summary_index: 0,
      part: { type: "summary_text", text: reasoningText },
    });
    const done = reasoningItem("completed");
    send("response.output_item.done", { output_index: outputIndex, item: done });
    output.push(done);
    outputIndex++;
  }

  // the message item opens with its first delta (or, for an empty answer, at ttft)
  if (plan.stopAt === 0) await pacer.next(0);
  let opened = false;
  const open = () => {
    if (opened) return;
    opened = true;
    send("response.output_item.added", {
      output_index: outputIndex,
      item: { id: msgId, type: "message", status: "in_progress", content: [], role: "assistant" },
    });
    send("response.content_part.added", {
      item_id: msgId,
      output_index: outputIndex,
      content_index: 0,
      part: { type: "output_text", annotations: [], logprobs: [], text: "" },
    });
  };
  if (plan.stopAt === 0 && !(fault && (fault.kind === "drop" || fault.kind === "hang"))) open();
  const ok = await emitTokens(ex, pacer, plan.textTokens, 0, plan.stopAt, (delta) => {
    open();
    send("response.output_text.delta", {
      item_id: msgId,
      output_index: outputIndex,
      content_index: 0,
      delta,
      logprobs: [],
      obfuscation: obfuscation(),
    });
  });
  if (!ok) return;
  const text = plan.textTokens.slice(0, plan.stopAt).join("");
  const usage = responsesUsage(ex, plan, plan.stopAt);

  if (plan.stop === "fault" && fault) {
    if (fault.kind === "drop") return drop(ex);
    if (fault.kind === "hang") return hang(ex);
    if (fault.kind === "stream-error-after-text") {
      send("response.failed", {
        response: {
          ...base,
          status: "failed",
          error: { code: fault.code ?? "server_error", message: fault.message ?? STREAM_ERROR_MESSAGE },
          output: [
            ...output,
            {
              id: msgId,
              type: "message",
              status: "incomplete",
              content: [{ type: "output_text", annotations: [], logprobs: [], text }],
              role: "assistant",
            },
          ],
          usage,
        },
      });
      res.end();
      ex.record.outcome = "completed";
      return;
    }
  }

  const incomplete =
    plan.stop === "length" ? "max_output_tokens" : plan.stop === "fault" && fault?.kind === "content-filter" ? "content_filter" : null;
  open();
  const textPart = { type: "output_text", annotations: [], logprobs: [], text };
  send("response.output_text.done", { item_id: msgId, output_index: outputIndex, content_index: 0, text, logprobs: [] });
  send("response.content_part.done", { item_id: msgId, output_index: outputIndex, content_index: 0, part: textPart });
  const message = {
    id: msgId,
    type: "message",
    status: incomplete ? "incomplete" : "completed",
    content: [textPart],
    role: "assistant",
  };
  send("response.output_item.done", { output_index: outputIndex, item: message });
  output.push(message);
  const final = {
    ...base,
    status: incomplete ? "incomplete" : "completed",
    incomplete_details: incomplete ? { reason: incomplete } : null,
    output,
    usage,
  };
  send(incomplete ? "response.incomplete" : "response.completed", { response: final });
  res.end();
  ex.record.outcome = "completed";
}

// ---------------------------------------------------------------------------------------------
// Chat Completions

function chatUsage(ex: Exchange, plan: Plan, textEmitted: number) {
  const u = usageCounts(ex, plan, textEmitted);
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function chatFinishReason(ex: Exchange, plan: Plan): string {
  if (plan.stop === "length") return "length";
  if (plan.stop === "fault" && ex.fault?.kind === "content-filter") return "content_filter";
  return "stop";
}

export async function handleChat(exchange: Exchange): Promise<void> {
  const tools = planTools(exchange);
  if ("calls" in tools) return chatToolCalls(exchange, tools.calls);
  const { ex } = tools;
  // reasoning goes to the client only on compatible endpoints (delta.reasoning_content)
  const plan = makePlan(ex, tokenize);
  const streamReasoning = ex.provider === "compatible" && plan.reasoningTokens.length > 0;
  const pacer = new Pacer(ex.startedAt, ex.script.ttftMs, ex.script.tokensPerSecond, ex.signal);
  const id = `chatcmpl-${randomAlnum(29)}`;
  const created = unixSeconds();
  const fingerprint = ex.provider === "compatible" ? "fp_emulator" : `fp_${hex(5)}`;
  const azure = ex.provider === "azure";
  const filterResults = azure ? { content_filter_results: AZURE_SAFE } : {};

  if (!ex.stream) {
    if (await nonStreamingFault(ex, pacer, plan)) return;
    await pacer.whole(plan.reasoningEmitted + plan.stopAt);
    if (ex.signal.aborted) return;
    const text = plan.textTokens.slice(0, plan.stopAt).join("");
    sendJson(ex.res, 200, openaiResponseHeaders(ex.provider as OpenAIish, ex.requestId), {
      id,
      object: "chat.completion",
      created,
      model: ex.script.responseModel,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: text,
            refusal: null,
            annotations: [],
            ...(streamReasoning ? { reasoning_content: plan.reasoningTokens.join("") } : {}),
          },
          logprobs: null,
          finish_reason: chatFinishReason(ex, plan),
          ...filterResults,
        },
      ],
      usage: chatUsage(ex, plan, plan.stopAt),
      ...(azure ? { prompt_filter_results: [{ prompt_index: 0, content_filter_results: AZURE_SAFE }] } : { service_tier: "default" }),
      system_fingerprint: fingerprint,
    });
    ex.record.outcome = "completed";
    return;
  }

  const { res } = ex;
  const streamOptions = isRecord(ex.body.stream_options) ? ex.body.stream_options : {};
  const includeUsage = streamOptions.include_usage === true;
  res.writeHead(200, sseHeaders(ex));
  const send = (data: unknown) => {
    if (!ex.signal.aborted) res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
    send({
      id,
      object: "chat.completion.chunk",
      created,
      model: ex.script.responseModel,
      ...(azure ? {} : { service_tier: "default" }),
      system_fingerprint: fingerprint,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish, ...extra }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const errorChunk = (f: { code?: string; message?: string }) =>
    send({
      error: {
        message: f.message ?? STREAM_ERROR_MESSAGE,
        type: "server_error",
        param: null,
        code: f.code ?? "server_error",
      },
    });

  if (azure) {
    // Azure opens every stream with the prompt filter results (empty id/model/choices)
    send({
      choices: [],
      created: 0,
      id: "",
      model: "",
      object: "",
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: AZURE_SAFE }],
    });
  }
  chunk({ role: "assistant", content: "", refusal: null });

  const fault = ex.fault;
  if (fault?.kind === "hang" && fault.afterTokens == null) return hang(ex);
  if (fault?.kind === "stream-error-before-text") {
    await pacer.next(0);
    errorChunk(fault);
    res.end();
    ex.record.outcome = "completed";
    return;
  }
  if (streamReasoning) {
    const ok = await emitTokens(ex, pacer, plan.reasoningTokens, 0, plan.reasoningTokens.length, (d) => chunk({ reasoning_content: d }));
    if (!ok) return;
  } else if (plan.reasoningEmitted > 0) {
    // hidden reasoning still takes time
    await pacer.next(plan.reasoningEmitted);
  }
  const ok = await emitTokens(ex, pacer, plan.textTokens, 0, plan.stopAt, (d) => chunk({ content: d }, null, filterResults));
  if (!ok) return;
  if (plan.stop === "fault" && fault) {
    if (fault.kind === "drop") return drop(ex);
    if (fault.kind === "hang") return hang(ex);
    if (fault.kind === "stream-error-after-text") {
      errorChunk(fault);
      res.end();
      ex.record.outcome = "completed";
      return;
    }
  }
  chunk({}, chatFinishReason(ex, plan), filterResults);
  if (includeUsage) {
    send({
      id,
      object: "chat.completion.chunk",
      created,
      model: ex.script.responseModel,
      ...(azure ? {} : { service_tier: "default" }),
      system_fingerprint: fingerprint,
      choices: [],
      usage: chatUsage(ex, plan, plan.stopAt),
    });
  }
  if (!ex.signal.aborted) res.write("data: [DONE]\n\n");
  res.end();
  ex.record.outcome = "completed";
}
