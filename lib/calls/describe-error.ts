import { APICallError, RetryError } from "ai";
import { requestIdOf as headerRequestId } from "./transport";

const requestIdOf = (headers: Record<string, string> | undefined) => headerRequestId(headers) ?? undefined;

export type PaneFailure = { code: string; message: string; statusCode?: number; requestId?: string };

function attemptsSuffix(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : "";
}

/** "; it asked to wait 7 s" from a retry-after header (seconds), else "". */
function retryAfterNote(headers: Record<string, string> | undefined): string {
  const value = headers?.["retry-after"];
  if (!value || !/^\d+(\.\d+)?$/.test(value.trim()) || Number(value) === 0) return "";
  return `; it asked to wait ${Number(value)} s before retrying`;
}

/** Anthropic's error type from its body (`{"type":"error","error":{"type"}}`) or an in-stream error object. */
function anthropicErrorType(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as { type?: unknown; error?: { type?: unknown } };
  if (v.type === "error" && typeof v.error?.type === "string") return v.error.type;
  return typeof v.type === "string" && v.type.endsWith("_error") ? v.type : undefined;
}

/**
 * The message of a Google-shaped error body (`{"error":{"message"}}`, or that in a one-element
 * array as Vertex's MaaS endpoint sends it). Claude on Vertex and MaaS answer errors in this shape,
 * which their SDK parsers cannot read: they report only the status text ("Too Many Requests").
 */
function googleBodyMessage(body: string): string | undefined {
  try {
    let data: unknown = JSON.parse(body);
    if (Array.isArray(data)) data = data[0];
    const error = data && typeof data === "object" && "error" in data ? (data as { error: unknown }).error : undefined;
    const message = error && typeof error === "object" && "message" in error ? (error as { message: unknown }).message : undefined;
    return typeof message === "string" && message !== "" ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A Google generateContent stream that ended with no finish reason and no output usage: the
 * Gemini provider bundled in @ai-sdk/google-vertex drops an in-stream `{"error":...}` chunk and
 * ends the stream quietly (finish reason "other", usage 0), so that silence is the error.
 */
export function silentEndFailure(
  providerId: string,
  provider: string,
  finish: { finishReason: string | null; rawFinishReason: string | null; outputTokens: number | null },
): PaneFailure | null {
  if (providerId !== "google" && providerId !== "vertex") return null;
  if (finish.finishReason !== "other" || finish.rawFinishReason || (finish.outputTokens ?? 0) > 0) return null;
  return {
    code: "stream_error",
    message: `${provider} ended the answer with no output and no usage (no finish reason): an error inside the stream that the AI SDK does not pass on.`,
  };
}

function clean(message: string): string {
  const oneLine = message.replace(/\s+/g, " ").trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}

/**
 * Turns whatever the AI SDK reported (an APICallError, a RetryError, a bare `{message}` object
 * from a Bedrock stream exception or `{type, message}` from an Anthropic stream error event, a
 * socket TypeError) into one plain sentence such as
 * "Rate limited by Azure OpenAI (429) after 3 attempts."
 */
export function describeError(error: unknown, provider: string, attempts = 1): PaneFailure {
  if (RetryError.isInstance(error)) {
    const count = Math.max(attempts, error.errors.length);
    return describeError(error.lastError, provider, count);
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const requestId = requestIdOf(error.responseHeaders);
    const tail = attemptsSuffix(attempts);
    const body = typeof error.responseBody === "string" ? error.responseBody : "";
    const googleMessage = googleBodyMessage(body);
    // a parser that could not read the body leaves only the status text: prefer the body's own message
    const detail = clean(
      googleMessage && !error.message.includes(googleMessage) && error.message.length < 40 ? googleMessage : error.message,
    );
    if (status === 200 || /Failed to process successful response/i.test(error.message))
      return { code: "connection_dropped", message: `The connection to ${provider} dropped mid-answer.`, requestId };
    if (status === undefined) return { code: "network", message: `Could not reach ${provider}${tail}: ${detail}`, requestId };
    if (status === 429)
      return {
        code: "rate_limited",
        statusCode: status,
        requestId,
        message: `Rate limited by ${provider} (429)${tail}${retryAfterNote(error.responseHeaders)}.`,
      };
    // Anthropic answers 529 overloaded_error when its whole service is busy (not this account's limit)
    if (status === 529 || anthropicErrorType(error.data) === "overloaded_error")
      return {
        code: "overloaded",
        statusCode: status,
        requestId,
        message: `${provider} is overloaded (${status})${tail}: its API is temporarily overloaded (not your rate limit); try again shortly.`,
      };
    if (status === 401)
      return { code: "unauthorized", statusCode: status, requestId, message: `${provider} rejected the credentials (401): ${detail}` };
    if (status === 403) return { code: "forbidden", statusCode: status, requestId, message: `${provider} denied access (403): ${detail}` };
    if (status === 404)
      return {
        code: "not_found",
        statusCode: status,
        requestId,
        message: `${provider} does not know this model or deployment (404): ${detail}`,
      };
    if (status === 400 && /content_filter|content management policy/i.test(body + detail))
      return { code: "content_filter", statusCode: status, requestId, message: `Blocked by ${provider}'s content filter (400).` };
    if (status >= 500)
      return {
        code: "provider_error",
        statusCode: status,
        requestId,
        message: `${provider} failed with a server error (${status})${tail}: ${detail}`,
      };
    return { code: "rejected", statusCode: status, requestId, message: `${provider} rejected the request (${status}): ${detail}` };
  }
  if (error instanceof TypeError && /terminated|socket|other side closed/i.test(error.message))
    return { code: "connection_dropped", message: `The connection to ${provider} dropped mid-answer.` };
  if (error instanceof Error) return { code: "error", message: `${provider}: ${clean(error.message)}` };
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") {
    // in-stream errors arrive as plain objects: OpenAI/Azure `{message, code, statusCode}`, Bedrock `{message}`,
    // Anthropic `{type, message}` (type `overloaded_error`, `rate_limit_error`, `api_error`...)
    const e = error as { message: string; statusCode?: number; code?: string };
    const anthropicType = anthropicErrorType(error);
    if (anthropicType === "overloaded_error")
      return {
        code: "overloaded",
        statusCode: 529,
        message: `${provider} became overloaded mid-answer (overloaded_error): ${clean(e.message)}`,
      };
    if (anthropicType && anthropicType !== "rate_limit_error")
      return { code: "stream_error", message: `${provider} reported an error mid-stream (${anthropicType}): ${clean(e.message)}` };
    if (e.statusCode === 429 || anthropicType === "rate_limit_error" || /throttl|rate limit|too many/i.test(e.message))
      return {
        code: "rate_limited",
        statusCode: e.statusCode ?? 429,
        message: `Rate limited by ${provider} mid-stream: ${clean(e.message)}`,
      };
    return { code: "stream_error", statusCode: e.statusCode, message: `${provider} reported an error mid-stream: ${clean(e.message)}` };
  }
  return { code: "error", message: `${provider} failed: ${clean(String(error))}` };
}
