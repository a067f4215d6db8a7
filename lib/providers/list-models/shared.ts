// What every cloud's model-list call shares: one GET with a time limit, the cloud's error body
// turned into one sentence, and no secret in any message. Used by ../discover.ts only.
import "server-only";
import type { z } from "zod";

/** One model (or Bedrock inference profile) as a cloud lists it. */
export type ListedModel = {
  providerModelId: string;
  label: string;
  kind: "model" | "inference-profile";
  /** input tokens the cloud says the model takes (Gemini `inputTokenLimit`, vLLM `max_model_len`) */
  contextWindow?: number;
  /** Gemini `outputTokenLimit` */
  maxOutputTokens?: number;
  /** Bedrock `inputModalities`, lower-cased: "text", "image"... */
  inputModalities?: string[];
  /** something an operator must know before adding it (needs an inference profile, legacy...) */
  note?: string;
};

export type ListOptions = {
  /** page size asked of paginated lists (tests make it small to exercise pagination) */
  pageSize?: number;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
};

/** A listing failure; its message is a sentence for the operator with nothing secret in it. */
export class ListError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ListError";
  }
}

export const LIST_TIMEOUT_MS = 10_000;
/** pages followed at most (a cloud that keeps answering has_more stops here) */
export const MAX_PAGES = 50;

export type CloudCall = {
  /** "OpenAI", "Amazon Bedrock"...: names the cloud in messages */
  cloud: string;
  url: string;
  headers?: Record<string, string>;
  /** the cloud's error message out of its error body */
  errorMessage: (body: unknown, headers: Headers) => string | undefined;
  /** values that must never appear in a message (keys, tokens) */
  secrets: (string | undefined)[];
  /** signs or otherwise sends the request (Bedrock SigV4); default: fetch */
  send?: (request: Request) => Promise<Response>;
};

/** the largest list body read (a real cloud's list is well under 1 MB) */
export const MAX_LIST_BYTES = 20 * 1024 * 1024;

/** The body as text, refusing one larger than MAX_LIST_BYTES (counted as it arrives). */
async function readCapped(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_LIST_BYTES) {
        await reader.cancel().catch(() => {});
        throw new ListError(`The model list is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB; not read.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ListError) throw error;
    return "";
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Removes secrets and user:password@ from a message, and keeps it short. */
export function scrub(message: string, secrets: (string | undefined)[]): string {
  let out = message.replace(/\/\/[^/@\s]+@/g, "//");
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("***");
  out = out.replace(/\s+/g, " ").trim();
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}

/** The origin and path of a URL, for messages (no query, no credentials). */
export function where(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

const networkWords: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  CERT_HAS_EXPIRED: "its TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is self-signed",
};

function hintFor(status: number): string {
  if (status === 401) return " Check the API key.";
  if (status === 403) return " Check the credentials and that they may list models.";
  if (status === 404) return " Check the base URL.";
  if (status === 429) return " Rate limited: try again in a minute.";
  return "";
}

/** GET a JSON list page; throws ListError (network, time limit, HTTP error, body not as expected). */
export async function getJson<S extends z.ZodType>(call: CloudCall, schema: S, options: ListOptions = {}): Promise<z.output<S>> {
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(LIST_TIMEOUT_MS)])
    : AbortSignal.timeout(LIST_TIMEOUT_MS);
  // no redirects: a custom key header (x-api-key, x-goog-api-key) would follow one to another host
  const request = new Request(call.url, {
    method: "GET",
    headers: { accept: "application/json", ...call.headers },
    signal,
    redirect: "manual",
  });
  let response: Response;
  try {
    response = call.send ? await call.send(request) : await (options.fetch ?? globalThis.fetch)(request);
  } catch (error) {
    if (signal.aborted && !options.signal?.aborted) {
      throw new ListError(`${call.cloud} did not answer within ${LIST_TIMEOUT_MS / 1000} s (${where(call.url)}).`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? "";
    const detail = networkWords[code] ?? (code || cause?.message || (error as Error).message);
    throw new ListError(scrub(`Could not reach ${call.cloud} at ${where(call.url)} (${detail}).`, call.secrets));
  }
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get("location");
    const to = location && URL.canParse(location, call.url) ? ` to ${new URL(location, call.url).origin}` : "";
    throw new ListError(
      `${call.cloud} answered ${response.status}, a redirect${to}; Juxta does not follow redirects with credentials. Check the base URL.`,
      response.status,
    );
  }
  const text = await readCapped(response);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const raw = call.errorMessage(body, response.headers) ?? (text && !body ? text.slice(0, 200) : response.statusText);
    const message = raw ? scrub(raw, call.secrets).replace(/\.+$/, "") : "";
    throw new ListError(
      `${call.cloud} answered ${response.status}${message ? `: ${message}` : ""}.${hintFor(response.status)}`,
      response.status,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ListError(
      `${call.cloud} answered ${where(call.url)} with a body that is not a model list${issue ? ` (${issue.path.join(".") || "body"}: ${issue.message})` : ""}.`,
    );
  }
  return parsed.data;
}

/** `{"error": {"message"}}` (OpenAI, Anthropic, Gemini) or `{"message"}` / `{"Message"}` (AWS). */
export function commonErrorMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const inner = b.error;
  if (typeof inner === "object" && inner !== null && typeof (inner as Record<string, unknown>).message === "string") {
    return (inner as Record<string, string>).message;
  }
  if (typeof inner === "string") return inner; // Ollama: {"error": "..."}
  if (typeof b.message === "string") return b.message;
  if (typeof b.Message === "string") return b.Message;
  return undefined;
}
