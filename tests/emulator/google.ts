// Google's generateContent protocol, spoken by the Gemini API (`/v1beta/models/{m}:…`, key in
// `x-goog-api-key`) and by Vertex AI (`/v1beta1/projects/{p}/locations/{l}/publishers/google/models/{m}:…`
// with a bearer token from google-auth.ts, or express mode `/v1/publishers/google/models/{m}:…` with
// `x-goog-api-key`). Vertex's open models (MaaS, `/endpoints/openapi/chat/completions`) reuse the
// Chat Completions renderer of openai.ts; its Claude route (`publishers/anthropic/models/{m}:streamRawPredict`)
// reuses anthropic.ts's Messages renderer. Errors before the answer are Google-shaped on every route. See
// /work/shared/PROVIDERS.md section 7.
import type { IncomingHttpHeaders } from "node:http";
import { EMULATOR_CREDENTIALS } from "./defaults";
import { checkGoogleBearer, googleError, type GoogleTokens } from "./google-auth";
import { planResponse, type RequestTool } from "./tool-plan";
import { tokenize } from "./tokens";
import type { Fault } from "./types";
import { drop, emitTokens, type Exchange, hang, isRecord, makePlan, Pacer, type Plan, randomAlnum, sendJson } from "./util";

export type GoogleRoute =
  | { provider: "google" | "vertex"; api: "generate-content" | "stream-generate-content"; pathModel: string; auth: "key" | "bearer" }
  /** Claude: the Anthropic publisher's rawPredict (JSON) and streamRawPredict (SSE), Messages bodies */
  | { provider: "vertex"; api: "messages"; pathModel: string; auth: "bearer"; stream: boolean }
  | { provider: "vertex"; api: "chat"; auth: "bearer" };

/** The generateContent / MaaS route of a path, or null. */
export function googleRoute(pathname: string): GoogleRoute | null {
  const api = (verb: string) => (verb === "streamGenerateContent" ? "stream-generate-content" : "generate-content");
  let m = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(pathname);
  if (m) return { provider: "google", api: api(m[2]!), pathModel: decode(m[1]!), auth: "key" };
  m =
    /^\/v1(?:beta1)?\/projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(
      pathname,
    );
  if (m) return { provider: "vertex", api: api(m[2]!), pathModel: decode(m[1]!), auth: "bearer" };
  m = /^\/v1\/publishers\/google\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(pathname);
  if (m) return { provider: "vertex", api: api(m[2]!), pathModel: decode(m[1]!), auth: "key" };
  m = /^\/v1(?:beta1)?\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/([^/:]+):(streamRawPredict|rawPredict)$/.exec(
    pathname,
  );
  if (m) return { provider: "vertex", api: "messages", pathModel: decode(m[1]!), auth: "bearer", stream: m[2] === "streamRawPredict" };
  if (/^\/v1(?:beta1)?\/projects\/[^/]+\/locations\/[^/]+\/endpoints\/openapi\/chat\/completions$/.test(pathname)) {
    return { provider: "vertex", api: "chat", auth: "bearer" };
  }
  return null;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// headers, auth and errors

export type GoogleErrorReply = { status: number; body: unknown; headers?: Record<string, string> };

export const googleRequestId = () => randomAlnum(24);

/** Headers every Google answer carries (errors included). */
export function googleResponseHeaders(requestId: string): Record<string, string> {
  return { "x-goog-request-id": requestId, server: "scaffolding on HTTPServer2", vary: "Origin, X-Origin, Referer" };
}

export function sendGoogleError(ex: Pick<Exchange, "res" | "requestId">, reply: GoogleErrorReply) {
  sendJson(ex.res, reply.status, { ...googleResponseHeaders(ex.requestId), ...reply.headers }, reply.body);
}

/** null when authenticated; Gemini API keys and express keys in `x-goog-api-key`, Vertex bearer tokens from google-auth.ts. */
export function checkGoogleAuth(route: GoogleRoute, headers: IncomingHttpHeaders, tokens: GoogleTokens): GoogleErrorReply | null {
  if (route.auth === "bearer") return checkGoogleBearer(headers, tokens);
  const key = typeof headers["x-goog-api-key"] === "string" ? headers["x-goog-api-key"] : undefined;
  const expected = route.provider === "google" ? EMULATOR_CREDENTIALS.google.geminiKey : EMULATOR_CREDENTIALS.google.vertexKey;
  if (key === expected) return null;
  if (!key) {
    return {
      status: 403,
      body: googleError(
        403,
        "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      ),
    };
  }
  // both the Gemini API and express mode answer a wrong key with 400 API_KEY_INVALID
  return {
    status: 400,
    body: googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "API_KEY_INVALID",
        domain: "googleapis.com",
        metadata: { service: route.provider === "google" ? "generativelanguage.googleapis.com" : "aiplatform.googleapis.com" },
      },
    ]),
  };
}

const STATUS_OF: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};
const CODE_OF: Record<string, number> = Object.fromEntries(Object.entries(STATUS_OF).map(([code, status]) => [status, Number(code)]));

/** Body of a scripted HTTP error as the Gemini API or Vertex AI sends it. MaaS wraps it in an array. */
export function googleHttpError(ex: Pick<Exchange, "provider" | "api">, fault: Extract<Fault, { kind: "http" }>): GoogleErrorReply {
  const vertex = ex.provider === "vertex";
  const status = fault.code ?? STATUS_OF[fault.status] ?? "UNKNOWN";
  const defaults: Record<number, string> = {
    400: "Request contains an invalid argument.",
    401: vertex ? "Request had invalid authentication credentials." : "API keys are not supported by this API.",
    403: vertex
      ? `Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/${EMULATOR_CREDENTIALS.google.project}/locations/${EMULATOR_CREDENTIALS.google.location}' (or it may not exist).`
      : "Permission denied: Consumer has been suspended.",
    429: vertex
      ? "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details."
      : "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    500: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
    503: "The model is overloaded. Please try again later.",
  };
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds != null) headers["retry-after"] = String(fault.retryAfterSeconds);
  const details =
    fault.status === 429 && !vertex && fault.retryAfterSeconds != null
      ? [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${fault.retryAfterSeconds}s` }]
      : undefined;
  const body = googleError(fault.status, status, fault.message ?? defaults[fault.status] ?? "Error", details);
  // the OpenAI-compatible MaaS endpoint answers errors as a one-element array
  return { status: fault.status, headers, body: ex.api === "chat" ? [body] : body };
}

export function googleBadRequest(ex: Pick<Exchange, "api">, message: string): GoogleErrorReply {
  const body = googleError(400, "INVALID_ARGUMENT", message);
  return { status: 400, body: ex.api === "chat" ? [body] : body };
}

// ---------------------------------------------------------------------------------------------
// request reading

/** Prompt texts and the last user message of a generateContent body (`contents`, `systemInstruction`). */
export function googlePrompt(body: Record<string, unknown>): { texts: string[]; lastUser: string } {
  const texts: string[] = [];
  let lastUser = "";
  const partsText = (content: unknown) =>
    isRecord(content) && Array.isArray(content.parts)
      ? content.parts
          .map((p) => (isRecord(p) && typeof p.text === "string" ? p.text : ""))
          .filter(Boolean)
          .join("\n")
      : "";
  if (isRecord(body.systemInstruction)) texts.push(partsText(body.systemInstruction));
  if (Array.isArray(body.contents)) {
    for (const c of body.contents) {
      const t = partsText(c);
      texts.push(t);
      if (isRecord(c) && c.role === "user" && t) lastUser = t;
    }
  }
  return { texts, lastUser };
}

function generationConfig(body: Record<string, unknown>): Record<string, unknown> {
  return isRecord(body.generationConfig) ? body.generationConfig : {};
}

export function googleMaxTokens(body: Record<string, unknown>): number | undefined {
  const v = generationConfig(body).maxOutputTokens;
  return typeof v === "number" ? v : undefined;
}

function requestTools(body: Record<string, unknown>): RequestTool[] {
  const out: RequestTool[] = [];
  if (!Array.isArray(body.tools)) return out;
  for (const t of body.tools) {
    if (!isRecord(t) || !Array.isArray(t.functionDeclarations)) continue;
    for (const f of t.functionDeclarations) {
      if (isRecord(f) && typeof f.name === "string") out.push({ name: f.name, schema: f.parametersJsonSchema ?? f.parameters ?? {} });
    }
  }
  return out;
}

function hasFunctionResponses(body: Record<string, unknown>): boolean {
  return (
    Array.isArray(body.contents) &&
    body.contents.some((c) => isRecord(c) && Array.isArray(c.parts) && c.parts.some((p) => isRecord(p) && isRecord(p.functionResponse)))
  );
}

/** Gemini carries `args` as an object: arguments that are not a JSON object arrive as they were meant (a string, an array). */
function argsValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

// ---------------------------------------------------------------------------------------------
// generateContent / streamGenerateContent

function usageMetadata(ex: Exchange, plan: Plan, outputTokens: number) {
  const input = Math.max(0, Math.floor(ex.script.inputTokens));
  const cached = Math.min(input, Math.max(0, Math.floor(ex.script.cachedInputTokens)));
  const thoughts = plan.reasoningEmitted;
  return {
    promptTokenCount: input,
    candidatesTokenCount: outputTokens,
    totalTokenCount: input + outputTokens + thoughts,
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    promptTokensDetails: [{ modality: "TEXT", tokenCount: input }],
  };
}

function finishReason(ex: Exchange, plan: Plan): string {
  if (plan.stop === "length") return "MAX_TOKENS";
  if (plan.stop === "fault" && ex.fault?.kind === "content-filter") return "SAFETY";
  return "STOP";
}

const SAFE = [
  "HARM_CATEGORY_HATE_SPEECH",
  "HARM_CATEGORY_DANGEROUS_CONTENT",
  "HARM_CATEGORY_HARASSMENT",
  "HARM_CATEGORY_SEXUALLY_EXPLICIT",
];

function safetyRatings(blocked: boolean) {
  return SAFE.map((category, i) =>
    blocked && i === 1 ? { category, probability: "HIGH", blocked: true } : { category, probability: "NEGLIGIBLE" },
  );
}

function streamErrorBody(f: { code?: string; message?: string }) {
  const status = f.code ?? "INTERNAL";
  return googleError(CODE_OF[status] ?? 500, status, f.message ?? "An internal error has occurred. Please retry.");
}

export async function handleGenerateContent(ex: Exchange): Promise<void> {
  const body = ex.body;
  const config = generationConfig(body);
  const toolPlan = planResponse({
    tools: requestTools(body),
    hasToolResults: hasFunctionResponses(body),
    responseSchema: config.responseJsonSchema ?? config.responseSchema,
    toolCalls: ex.script.toolCalls,
    text: ex.script.text,
    textScripted: ex.script.textScripted,
    seq: ex.script.seq,
  });
  const calls = toolPlan.kind === "tool-calls" ? toolPlan.calls : [];
  // Gemini thinks either way (thoughtsTokenCount bills it) but sends the thoughts only when asked;
  // a thinking budget of 0 switches thinking off
  const thinking = isRecord(config.thinkingConfig) ? config.thinkingConfig : {};
  const thinks = thinking.thinkingBudget !== 0;
  const showThoughts = thinks && thinking.includeThoughts === true;
  const script = {
    ...ex.script,
    text: toolPlan.kind === "text" ? toolPlan.text : "",
    ...(thinks ? {} : { reasoning: undefined }),
  };
  const plan = makePlan({ ...ex, script }, tokenize);
  const pacer = new Pacer(ex.startedAt, ex.script.ttftMs, ex.script.tokensPerSecond, ex.signal);
  const fault = ex.fault;
  const responseId = randomAlnum(22);
  const modelVersion = ex.script.responseModel;
  const callParts = calls.map((c) => ({ functionCall: { name: c.name, args: argsValue(c.arguments) } }));
  const callTokens = calls.reduce((n, c) => n + tokenize(c.arguments).length, 0);
  const reasoningText = showThoughts ? plan.reasoningTokens.join("") : "";
  const signature = reasoningText ? { thoughtSignature: Buffer.from(`emulator:${responseId}`).toString("base64") } : {};

  if (!ex.stream) {
    if (fault?.kind === "stream-error-before-text" || fault?.kind === "stream-error-after-text") {
      await pacer.whole(0);
      if (ex.signal.aborted) return;
      // without streaming the same error is the HTTP answer
      const error = streamErrorBody(fault);
      return sendGoogleError(ex, { status: error.error.code, body: error });
    }
    if (fault?.kind === "drop") {
      await pacer.whole(plan.reasoningEmitted + plan.stopAt);
      return drop(ex);
    }
    if (fault?.kind === "hang") return hang(ex);
    await pacer.whole(plan.reasoningEmitted + plan.stopAt + callTokens);
    if (ex.signal.aborted) return;
    const text = plan.textTokens.slice(0, plan.stopAt).join("");
    const parts: unknown[] = [];
    if (reasoningText) parts.push({ text: reasoningText, thought: true });
    if (text) parts.push({ text, ...signature });
    parts.push(...callParts);
    const reason = finishReason(ex, plan);
    sendJson(ex.res, 200, googleResponseHeaders(ex.requestId), {
      candidates: [
        {
          content: { parts, role: "model" },
          finishReason: reason,
          ...(reason === "SAFETY" ? { safetyRatings: safetyRatings(true) } : {}),
          index: 0,
        },
      ],
      usageMetadata: usageMetadata(ex, plan, plan.stopAt + callTokens),
      modelVersion,
      responseId,
    });
    ex.record.outcome = "completed";
    return;
  }

  const { res } = ex;
  res.writeHead(200, {
    ...googleResponseHeaders(ex.requestId),
    "content-type": "text/event-stream",
    "content-disposition": "attachment",
    "transfer-encoding": "chunked",
  });
  // Google separates SSE events with CRLF pairs
  const send = (data: unknown) => {
    if (!ex.signal.aborted) res.write(`data: ${JSON.stringify(data)}\r\n\r\n`);
  };
  const partial = { promptTokenCount: Math.max(0, Math.floor(ex.script.inputTokens)) };
  const chunk = (
    parts: unknown[],
    extra: Record<string, unknown> = {},
    usage: unknown = { ...partial, totalTokenCount: partial.promptTokenCount },
  ) => send({ candidates: [{ content: { parts, role: "model" }, index: 0, ...extra }], usageMetadata: usage, modelVersion, responseId });
  const end = () => {
    res.end();
    ex.record.outcome = "completed";
  };

  if (fault?.kind === "hang" && fault.afterTokens == null) return hang(ex);
  if (fault?.kind === "stream-error-before-text") {
    await pacer.next(0);
    send(streamErrorBody(fault));
    return end();
  }
  if (showThoughts && plan.reasoningTokens.length > 0) {
    const ok = await emitTokens(ex, pacer, plan.reasoningTokens, 0, plan.reasoningTokens.length, (d) =>
      chunk([{ text: d, thought: true }]),
    );
    if (!ok) return;
  } else if (plan.reasoningEmitted > 0) {
    // hidden thinking still takes time
    await pacer.next(plan.reasoningEmitted);
  }
  if (plan.stopAt === 0 && calls.length === 0) await pacer.next(0);
  let first = true;
  const ok = await emitTokens(ex, pacer, plan.textTokens, 0, plan.stopAt, (d) => {
    // the thought signature rides on the first text part after the thoughts
    chunk([{ text: d, ...(first ? signature : {}) }]);
    first = false;
  });
  if (!ok) return;
  if (plan.stop === "fault" && fault) {
    if (fault.kind === "drop") return drop(ex);
    if (fault.kind === "hang") return hang(ex);
    if (fault.kind === "stream-error-after-text") {
      send(streamErrorBody(fault));
      return end();
    }
  }
  if (callParts.length > 0) {
    // Gemini sends each function call whole, in one part
    await pacer.next(callTokens);
    if (ex.signal.aborted) return;
  }
  const reason = finishReason(ex, plan);
  chunk(
    [...callParts, ...(callParts.length === 0 ? [{ text: "" }] : [])],
    { finishReason: reason, ...(reason === "SAFETY" ? { safetyRatings: safetyRatings(true) } : {}) },
    usageMetadata(ex, plan, plan.stopAt + callTokens),
  );
  end();
}
