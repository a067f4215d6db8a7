// Small helpers shared by the protocol handlers.
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiKind, EmulatorScript, Fault, ProviderKind, RecordedRequest } from "./types";

export const hex = (bytes: number) => randomBytes(bytes).toString("hex");
export const uuid = () => randomUUID();
export const unixSeconds = () => Math.floor(Date.now() / 1000);

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i]! % ALNUM.length];
  return out;
}

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Waits until `signal` aborts (client gone or server closing). */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/**
 * Paces deltas: the first at `ttftMs` after the request arrived, each next one after the
 * previous delta's tokens / tokensPerSecond. Scheduling is absolute, so timer jitter does not
 * accumulate.
 */
export class Pacer {
  private emitted = 0;
  constructor(
    private readonly startedAt: number,
    private readonly ttftMs: number,
    private readonly tokensPerSecond: number,
    private readonly signal: AbortSignal,
  ) {}

  /** wait until a delta of `tokens` tokens is due, then count it */
  async next(tokens: number): Promise<void> {
    const perToken = this.tokensPerSecond > 0 && Number.isFinite(this.tokensPerSecond) ? 1000 / this.tokensPerSecond : 0;
    const due = this.startedAt + this.ttftMs + this.emitted * perToken;
    await sleep(due - Date.now(), this.signal);
    this.emitted += tokens;
  }

  /** total time the whole answer of `tokens` tokens takes (non-streaming responses) */
  async whole(tokens: number): Promise<void> {
    const perToken = this.tokensPerSecond > 0 && Number.isFinite(this.tokensPerSecond) ? 1000 / this.tokensPerSecond : 0;
    await sleep(this.startedAt + this.ttftMs + tokens * perToken - Date.now(), this.signal);
    this.emitted += tokens;
  }
}

/** Script with every default filled in. */
export type ResolvedScript = Required<
  Pick<EmulatorScript, "text" | "ttftMs" | "tokensPerSecond" | "chunkTokens" | "inputTokens" | "cachedInputTokens" | "responseModel">
> & {
  reasoning?: string;
  reasoningInText: boolean;
  /** tag around in-text reasoning (`reasoning`, or `think` for DeepSeek-R1) */
  reasoningTag?: string;
  /** true when the script set `text` (it then wins over a schema-made JSON answer) */
  textScripted: boolean;
  toolCalls?: EmulatorScript["toolCalls"];
  /** differs per request (tool call ids) */
  seq: number;
  /** the scripted served tier, if any (see EmulatorScript.serviceTier) */
  serviceTier?: string;
};

/** The tier a response says served it: the script's, else the one asked for, else `fallback` ("default" on OpenAI). */
export function servedTier(script: Pick<ResolvedScript, "serviceTier">, requested: unknown, fallback: string | null): string | null {
  if (script.serviceTier) return script.serviceTier;
  if (typeof requested === "string" && requested && requested !== "auto") return requested;
  return fallback;
}

/**
 * Pacing at a served tier, so a demo comparison shows the trade: priority starts sooner and
 * streams faster (AWS quotes up to 25% more output tokens per second), flex waits in a queue and
 * streams slower. Illustrative factors, not measurements of any cloud.
 */
export function tierPacing(script: Pick<ResolvedScript, "ttftMs" | "tokensPerSecond">, tier: string | null) {
  const factors: Record<string, { ttft: number; speed: number }> = {
    priority: { ttft: 0.6, speed: 1.25 },
    flex: { ttft: 2.5, speed: 0.6 },
  };
  const f = (tier && factors[tier]) || { ttft: 1, speed: 1 };
  return { ttftMs: Math.round(script.ttftMs * f.ttft), tokensPerSecond: script.tokensPerSecond * f.speed };
}

export type PromptInfo = {
  /** text of the last user message, marker removed */
  lastUser: string;
  /** characters of all message / system texts */
  chars: number;
};

/** Everything a protocol handler needs for one request. */
export type Exchange = {
  req: IncomingMessage;
  res: ServerResponse;
  provider: ProviderKind;
  api: ApiKind;
  model: string;
  stream: boolean;
  body: Record<string, unknown>;
  script: ResolvedScript;
  fault: Fault | undefined;
  requestId: string;
  /** aborts when the client goes away or the server closes */
  signal: AbortSignal;
  startedAt: number;
  record: RecordedRequest;
  /** max output tokens the request allows, if any */
  maxTokens: number | undefined;
};

export function sendJson(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Close the connection mid-response (as a crashed backend or a load balancer would): what was
 * already written reaches the client first, then the socket closes without the end of the body.
 */
export async function drop(ex: Exchange) {
  ex.record.outcome = "dropped";
  const socket = ex.res.socket;
  // let queued writes reach the kernel, or destroy() would discard them
  await new Promise((resolve) => setImmediate(resolve));
  if (socket && !socket.destroyed && socket.writableLength > 0) {
    await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), waitForAbort(ex.signal)]);
  }
  socket?.destroy();
  ex.res.destroy();
}

/** Keep the connection open and silent until the client aborts or the server closes. */
export async function hang(ex: Exchange) {
  ex.record.outcome = "hung";
  await waitForAbort(ex.signal);
}

/**
 * Plan of what to stream: reasoning tokens (provider-native reasoning), text tokens, and where the
 * text stops (a fault, the request's token limit, or its end).
 */
export type Plan = {
  reasoningTokens: string[];
  textTokens: string[];
  /** number of text tokens emitted before stopping */
  stopAt: number;
  /** why the text stops at `stopAt` */
  stop: "end" | "length" | "fault";
  /** reasoning tokens emitted (reasoning may be cut by the token limit too) */
  reasoningEmitted: number;
};

export function makePlan(ex: Pick<Exchange, "script" | "fault" | "maxTokens">, tokenize: (s: string) => string[]): Plan {
  const { script, fault, maxTokens } = ex;
  const native = script.reasoning != null && script.reasoning !== "" && !script.reasoningInText;
  const tag = script.reasoningTag ?? "reasoning";
  const text = script.reasoningInText && script.reasoning ? `<${tag}>${script.reasoning}</${tag}>${script.text}` : script.text;
  const reasoningTokens = native ? tokenize(script.reasoning!) : [];
  const textTokens = tokenize(text);
  const limit = maxTokens ?? Infinity;
  const reasoningEmitted = Math.min(reasoningTokens.length, limit);
  const textLimit = Math.max(0, limit - reasoningEmitted);
  let stopAt = textTokens.length;
  let stop: Plan["stop"] = "end";
  if (textLimit < stopAt) {
    stopAt = textLimit;
    stop = "length";
  }
  if (fault && fault.kind !== "http" && fault.kind !== "stream-error-before-text") {
    // a fault always fires: when afterTokens exceeds the answer, right after its last token
    const after = Math.max(0, Math.floor(fault.afterTokens ?? 0));
    stopAt = Math.min(after, stopAt);
    stop = "fault";
  }
  return { reasoningTokens: reasoningTokens.slice(0, reasoningEmitted), textTokens, stopAt, stop, reasoningEmitted };
}

/**
 * Emit `tokens[from..to)` in chunks of `chunkTokens`, paced. Returns false when the client went
 * away meanwhile.
 */
export async function emitTokens(
  ex: Exchange,
  pacer: Pacer,
  tokens: string[],
  from: number,
  to: number,
  onDelta: (delta: string) => void,
): Promise<boolean> {
  const size = Math.max(1, Math.floor(ex.script.chunkTokens));
  for (let i = from; i < to; i += size) {
    const end = Math.min(to, i + size);
    await pacer.next(end - i);
    if (ex.signal.aborted) return false;
    onDelta(tokens.slice(i, end).join(""));
  }
  return !ex.signal.aborted;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
