// Shared types of the provider emulator (see tests/emulator/README.md).
import type { QuirkProfile } from "./quirks";

/** What a model answers and how: pacing, usage and faults. Every field is optional. */
export type EmulatorScript = {
  /** Answer text. Default: a deterministic markdown answer derived from the prompt and model (or, with a response schema, JSON matching it; see tool-plan.ts). */
  text?: string;
  /**
   * Tool calls made when the request offers tools and the conversation has no tool result yet
   * (default: one call to the first tool with arguments made from its schema). `arguments` as raw
   * text can be invalid JSON on purpose; `name` can be a tool the request did not offer.
   */
  toolCalls?: { name: string; arguments: string | Record<string, unknown> }[];
  /**
   * Reasoning text. OpenAI/Azure Responses: a `reasoning` output item with summary deltas.
   * Bedrock: `reasoningContent` deltas in their own content block. Chat Completions: counted in
   * `completion_tokens_details.reasoning_tokens`, streamed as `delta.reasoning_content` only on
   * the `compatible` endpoint (OpenAI/Azure Chat never stream reasoning). Anthropic: a thinking
   * block (`thinking_delta`s, then a `signature_delta`) only when the request turns thinking on.
   * the `compatible` endpoint and Bedrock's OpenAI API (OpenAI/Azure Chat never stream reasoning).
   */
  reasoning?: string;
  /** gpt-oss style: put `<reasoning>...</reasoning>` at the start of the text instead. */
  reasoningInText?: boolean;
  /** the tag of `reasoningInText` (default `reasoning`; DeepSeek-R1 on Foundry writes `think`) */
  reasoningTag?: string;
  /** Delay from request arrival to the first delta (default 30). */
  ttftMs?: number;
  /** Pacing of deltas (default 400). 0 or Infinity: no pacing. */
  tokensPerSecond?: number;
  /** Tokens per delta (default 1 for openai/bedrock/compatible, 4 for azure). */
  chunkTokens?: number;
  /** Reported input tokens, cached ones included (default: prompt characters / 4, min 1). */
  inputTokens?: number;
  /** Reported cached (cache-read) input tokens, part of `inputTokens` (default 0). */
  cachedInputTokens?: number;
  /**
   * The service tier the response says served it (OpenAI/Azure `service_tier`, Bedrock
   * `metadata.serviceTier.type`), e.g. "default" to play "asked for priority, served default"
   * (OpenAI's ramp limit). Default: the tier requested; OpenAI/Azure say "default" for none or
   * "auto". A served priority tier answers faster and flex slower (see `tierPacing` in util.ts).
   */
  serviceTier?: string;
  /** `model` echoed in responses (default: the model/deployment/model id as requested). */
  responseModel?: string;
  /** `null` removes a fault inherited from a less specific script. */
  fault?: Fault | null;
  /** The fault applies to the first N matching requests, then normal behaviour (default: always). */
  faultTimes?: number;
};

export type HttpFaultStatus = 400 | 401 | 403 | 429 | 500 | 503;

export type Fault =
  | {
      kind: "http";
      status: HttpFaultStatus;
      retryAfterSeconds?: number;
      retryAfterMs?: number;
      code?: string;
      message?: string;
    }
  /** OpenAI/Azure: SSE `error` event before any output (the SDK retries it); Bedrock: throttlingException frame. */
  | { kind: "stream-error-before-text"; code?: string; message?: string }
  /** OpenAI/Azure: `response.failed` (Chat: an `error` chunk) after N text tokens; Bedrock: modelStreamErrorException frame. */
  | { kind: "stream-error-after-text"; afterTokens: number; code?: string; message?: string }
  /** OpenAI/Azure: `response.incomplete` reason content_filter; Bedrock: stopReason guardrail_intervened. */
  | { kind: "content-filter"; afterTokens: number }
  /** Destroy the socket after N text tokens. */
  | { kind: "drop"; afterTokens: number }
  /** Stop sending (socket kept open) after N text tokens (default: before any output) until the client aborts or the server closes. */
  | { kind: "hang"; afterTokens?: number };

/** `bedrock-openai`: Bedrock's OpenAI-compatible Chat Completions API (`/openai/v1/chat/completions` with AWS auth) */
export type ProviderKind = "openai" | "azure" | "bedrock" | "compatible" | "anthropic" | "google" | "vertex" | "bedrock-openai";
export type ApiKind = "responses" | "chat" | "converse" | "converse-stream" | "messages" | "generate-content" | "stream-generate-content";

export type RecordedRequest = {
  /** the request id header value sent back (x-request-id / apim-request-id / x-amzn-requestid) */
  id: string;
  method: string;
  /** path without the query string, as received (still URL-encoded) */
  path: string;
  /** parsed query string */
  query: Record<string, string>;
  /** lower-cased request headers */
  headers: Record<string, string>;
  /** parsed JSON body (undefined when absent or not JSON) */
  body: unknown;
  provider: ProviderKind | null;
  api: ApiKind | null;
  /** model / deployment / Bedrock model id (decoded) as the request names it */
  model: string | null;
  stream: boolean;
  /** Date.now() at arrival */
  at: number;
  /** HTTP status sent (set once the headers are written) */
  status?: number;
  /** how the response ended: completed normally, client aborted, or the emulator dropped/hung it */
  outcome?: "completed" | "client-closed" | "dropped" | "hung";
};

export type EmulatorOptions = {
  /** 0 (default) = a random free port */
  port?: number;
  /** default 127.0.0.1; the emulator refuses non-loopback hosts */
  host?: string;
  openaiKey?: string;
  azureKey?: string;
  /** the `x-api-key` the Anthropic Messages API accepts */
  anthropicKey?: string;
  aws?: { accessKeyId: string; secretAccessKey: string; region: string; bearerToken?: string };
  /**
   * Per-model scripts. Key: the model as sent (`gpt-4o-mini`, `prod-mini`,
   * `openai.gpt-oss-120b-1:0`) or provider-qualified (`openai:gpt-4o-mini`, `azure:prod-mini`,
   * `bedrock:openai.gpt-oss-120b-1:0`, `bedrock-openai:openai.gpt-oss-120b-1:0`, `compatible:gpt-oss:20b`).
   * Default: DEFAULT_SCRIPTS.
   */
  scripts?: Record<string, EmulatorScript>;
  /** log one line per request to stderr */
  log?: boolean;
  /**
   * Quirk profiles per deployment (tests/emulator/quirks.ts), keyed like `scripts`: seeded,
   * deterministic misbehaviour for the scorecard detectors (wrong answers, reasoning effort
   * ignored, silent context truncation, broken tool JSON, stop sequences ignored, pacing, 429 bursts).
   */
  quirks?: Record<string, QuirkProfile>;
};

export type Emulator = {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** set (or with undefined/null remove) a script; resets the fault counters of that key */
  setScript(key: string, script: EmulatorScript | undefined | null): void;
  /** set (or with undefined/null remove) a quirk profile; restarts the counters its decisions use */
  setQuirk(key: string, quirk: QuirkProfile | undefined | null): void;
  /** back to the scripts and quirks given at start; clears recorded requests and fault counters */
  reset(): void;
  /** every request received, oldest first (control API calls excluded) */
  requests: RecordedRequest[];
  close(): Promise<void>;
};
