// The provider emulator: one loopback HTTP server that speaks OpenAI, Azure OpenAI, Amazon
// Bedrock, Anthropic and OpenAI-compatible wire protocols, so the real AI SDK provider packages can be
// pointed at it. See tests/emulator/README.md.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import {
  anthropicBadRequest,
  anthropicHttpError,
  anthropicMaxTokens,
  anthropicPrompt,
  anthropicRequestId,
  checkAnthropicAuth,
  handleMessages,
  sendAnthropicError,
  validateMessagesBody,
} from "./anthropic";
import {
  bedrockBadRequest,
  bedrockHttpError,
  bedrockMaxTokens,
  bedrockRequestId,
  checkBedrockAuth,
  handleBedrock,
  sendBedrockError,
} from "./bedrock";
import { BASE_SCRIPT, DEFAULT_SCRIPTS, EMULATOR_CREDENTIALS } from "./defaults";
import { handleList, matchListRoute } from "./discover";
import {
  checkGoogleAuth,
  googleBadRequest,
  googleHttpError,
  googleMaxTokens,
  googlePrompt,
  googleRequestId,
  googleResponseHeaders,
  googleRoute,
  type GoogleRoute,
  handleGenerateContent,
  sendGoogleError,
} from "./google";
import { type GoogleAuthRoute, googleAuthRoute, GoogleTokens, handleGoogleAuth } from "./google-auth";
import {
  checkOpenAIAuth,
  handleChat,
  handleResponses,
  openaiBadRequest,
  openaiHttpError,
  openaiRequestId,
  sendOpenAIError,
} from "./openai";
import { readProbeRequest, solveProbe } from "./probes";
import { hash32, inRateLimitBurst, parseQuirks, type QuirkProfile, quirkFor, quirkPacing } from "./quirks";
import { defaultAnswer, estimateInputTokens } from "./tokens";
import type { ApiKind, Emulator, EmulatorOptions, EmulatorScript, Fault, ProviderKind, RecordedRequest } from "./types";
import { type Exchange, isRecord, type ResolvedScript, sendJson } from "./util";

export type { ApiKind, Emulator, EmulatorOptions, EmulatorScript, Fault, ProviderKind, RecordedRequest } from "./types";
export { BASE_SCRIPT, DEFAULT_SCRIPTS, EMULATOR_CREDENTIALS } from "./defaults";
export type { QuirkProfile } from "./quirks";

// ---------------------------------------------------------------------------------------------
// script validation (control API and in-prompt markers come from outside the process)

const nonNegative = z.number().finite().nonnegative();
const afterTokens = z.number().int().nonnegative();
const faultSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("http"),
      status: z.union([z.literal(400), z.literal(401), z.literal(403), z.literal(429), z.literal(500), z.literal(503)]),
      retryAfterSeconds: nonNegative.optional(),
      retryAfterMs: nonNegative.optional(),
      code: z.string().max(200).optional(),
      message: z.string().max(5000).optional(),
    })
    .strict(),
  z
    .object({ kind: z.literal("stream-error-before-text"), code: z.string().max(200).optional(), message: z.string().max(5000).optional() })
    .strict(),
  z
    .object({
      kind: z.literal("stream-error-after-text"),
      afterTokens,
      code: z.string().max(200).optional(),
      message: z.string().max(5000).optional(),
    })
    .strict(),
  z.object({ kind: z.literal("content-filter"), afterTokens }).strict(),
  z.object({ kind: z.literal("drop"), afterTokens }).strict(),
  z.object({ kind: z.literal("hang"), afterTokens: afterTokens.optional() }).strict(),
]);

export const emulatorScriptSchema = z
  .object({
    text: z.string().max(1_000_000).optional(),
    toolCalls: z
      .array(
        z
          .object({ name: z.string().min(1).max(200), arguments: z.union([z.string().max(100_000), z.record(z.string(), z.unknown())]) })
          .strict(),
      )
      .max(16)
      .optional(),
    reasoning: z.string().max(1_000_000).optional(),
    reasoningInText: z.boolean().optional(),
    reasoningTag: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,30}$/)
      .optional(),
    ttftMs: nonNegative.max(600_000).optional(),
    tokensPerSecond: z.number().nonnegative().optional(), // Infinity is fine in code; JSON cannot carry it
    chunkTokens: z.number().int().positive().max(100_000).optional(),
    inputTokens: z.number().int().nonnegative().optional(),
    cachedInputTokens: z.number().int().nonnegative().optional(),
    responseModel: z.string().max(500).optional(),
    serviceTier: z.string().min(1).max(40).optional(),
    fault: faultSchema.nullable().optional(),
    faultTimes: z.number().int().nonnegative().optional(),
  })
  .strict();

/** Parse an EmulatorScript from untrusted JSON; throws a readable Error. */
export function parseEmulatorScript(value: unknown): EmulatorScript {
  const r = emulatorScriptSchema.safeParse(value);
  if (!r.success) {
    throw new Error(r.error.issues.map((i) => `${i.path.join(".") || "script"}: ${i.message}`).join("; "));
  }
  return r.data as EmulatorScript;
}

// ---------------------------------------------------------------------------------------------
// in-prompt override marker: [[emulate:{...json EmulatorScript...}]]

const MARKER = "[[emulate:";

/** Finds the marker in `text`. Returns the script, the marker source, or a parse error. */
export function findEmulateMarker(text: string): { script?: EmulatorScript; raw?: string; error?: string } {
  const start = text.indexOf(MARKER);
  if (start < 0) return {};
  let end = text.indexOf("]]", start + MARKER.length);
  let lastError = "missing closing ]]";
  while (end >= 0) {
    const json = text.slice(start + MARKER.length, end);
    try {
      const script = parseEmulatorScript(JSON.parse(json));
      return { script, raw: text.slice(start, end + 2) };
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
    end = text.indexOf("]]", end + 1);
  }
  return { error: `invalid [[emulate:...]] marker: ${lastError}` };
}

// ---------------------------------------------------------------------------------------------
// routing and prompt extraction

type Route =
  | { kind: "control"; action: string }
  | {
      kind: "api";
      provider: ProviderKind;
      api: ApiKind;
      pathModel?: string;
      needsApiVersion?: boolean;
      sharedOpenAIV1?: boolean;
      google?: GoogleRoute;
    }
  | { kind: "google-auth"; route: GoogleAuthRoute }
  | { kind: "unknown" };

function route(pathname: string): Route {
  if (pathname.startsWith("/__emulator/")) return { kind: "control", action: pathname.slice("/__emulator/".length) };
  const auth = googleAuthRoute(pathname);
  if (auth) return { kind: "google-auth", route: auth };
  const google = googleRoute(pathname);
  if (google)
    return {
      kind: "api",
      provider: google.provider,
      api: google.api,
      ...("pathModel" in google ? { pathModel: google.pathModel } : {}),
      google,
    };
  let m = /^(\/v1)?\/(responses|chat\/completions)$/.exec(pathname);
  if (m) return { kind: "api", provider: "openai", api: m[2] === "responses" ? "responses" : "chat" };
  m = /^\/openai\/v1\/(responses|chat\/completions)$/.exec(pathname);
  if (m) {
    // Chat Completions: Azure, or Bedrock's OpenAI-compatible API (decided by the request's auth)
    return m[1] === "responses"
      ? { kind: "api", provider: "azure", api: "responses" }
      : { kind: "api", provider: "azure", api: "chat", sharedOpenAIV1: true };
  }
  m = /^\/openai\/deployments\/([^/]+)\/(responses|chat\/completions)$/.exec(pathname);
  if (m) {
    return {
      kind: "api",
      provider: "azure",
      api: m[2] === "responses" ? "responses" : "chat",
      pathModel: safeDecode(m[1]!),
      needsApiVersion: true,
    };
  }
  m = /^\/compatible\/v1\/(responses|chat\/completions)$/.exec(pathname);
  if (m) return { kind: "api", provider: "compatible", api: m[1] === "responses" ? "responses" : "chat" };
  if (pathname === "/v1/messages") return { kind: "api", provider: "anthropic", api: "messages" };
  m = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(pathname);
  if (m) {
    return {
      kind: "api",
      provider: "bedrock",
      api: m[2] === "converse" ? "converse" : "converse-stream",
      pathModel: safeDecode(m[1]!),
    };
  }
  return { kind: "unknown" };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function partText(part: unknown): string {
  if (typeof part === "string") return part;
  if (isRecord(part) && typeof part.text === "string") return part.text;
  return "";
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map(partText).filter(Boolean).join("\n");
  return "";
}

/**
 * Input tokens counted for each image part (Responses `input_image`, Chat `image_url`, Converse
 * `image`): about what a small image costs at OpenAI (85 base + 170 per 512 px tile) or Anthropic.
 */
export const IMAGE_INPUT_TOKENS = 255;

function isImagePart(part: unknown): boolean {
  return isRecord(part) && (part.type === "input_image" || part.type === "image_url" || isRecord(part.image));
}

/** All prompt texts (for the input token estimate), the last user message's text, and the image parts. */
function extractPrompt(provider: ProviderKind, api: ApiKind, body: Record<string, unknown>) {
  const texts: string[] = [];
  let lastUser = "";
  let images = 0;
  const take = (role: unknown, content: unknown) => {
    const t = contentText(content);
    texts.push(t);
    if (Array.isArray(content)) images += content.filter(isImagePart).length;
    // a Converse tool result travels as a user message without text: the prompt is the one before
    if (role === "user" && (t !== "" || !Array.isArray(content) || !content.some((c) => isRecord(c) && "toolResult" in c))) lastUser = t;
  };
  if (provider === "anthropic" || api === "messages") return anthropicPrompt(body);
  if (provider === "google" || (provider === "vertex" && api !== "chat")) return googlePrompt(body);
  if (provider === "bedrock") {
    if (Array.isArray(body.system)) texts.push(contentText(body.system));
    if (Array.isArray(body.messages)) for (const m of body.messages) if (isRecord(m)) take(m.role, m.content);
  } else if (api === "responses") {
    if (typeof body.instructions === "string") texts.push(body.instructions);
    if (typeof body.input === "string") take("user", body.input);
    else if (Array.isArray(body.input)) for (const m of body.input) if (isRecord(m)) take(m.role, m.content ?? m.output ?? "");
  } else if (Array.isArray(body.messages)) {
    for (const m of body.messages) if (isRecord(m)) take(m.role, m.content);
  }
  return { texts, lastUser, images };
}

function maxTokensOf(provider: ProviderKind, api: ApiKind, body: Record<string, unknown>): number | undefined {
  if (provider === "bedrock") return bedrockMaxTokens(body);
  if (provider === "anthropic" || api === "messages") return anthropicMaxTokens(body);
  if (api === "generate-content" || api === "stream-generate-content") return googleMaxTokens(body);
  const v = api === "responses" ? body.max_output_tokens : (body.max_completion_tokens ?? body.max_tokens);
  return typeof v === "number" && v >= 0 ? v : undefined;
}

function readBody(req: IncomingMessage, limit = 20 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** recorded requests kept (oldest dropped first), so a long demo run does not grow without bound */
const MAX_RECORDED = 5000;
const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
const PROVIDER_PREFIXES = ["openai:", "azure:", "bedrock:", "compatible:", "anthropic:", "google:", "vertex:", "bedrock-openai:"];

/**
 * Azure OpenAI and Bedrock's OpenAI-compatible API share the path `/openai/v1/chat/completions` on
 * this one origin (the real clouds differ by host). Tell them apart the way their clients differ:
 * Bedrock signs with SigV4 or sends its Bedrock API key as a Bearer token; Azure sends `api-key` (or a
 * Bearer Entra token). An unknown Bearer token goes to whichever cloud names models that way:
 * Bedrock ids have a vendor prefix (`openai.gpt-oss-120b-1:0`), Azure deployments are free names.
 */
function openaiV1Cloud(
  headers: IncomingMessage["headers"],
  body: Record<string, unknown>,
  keys: { azureKey: string; bearerToken?: string | undefined },
): "azure" | "bedrock-openai" {
  if (typeof headers["api-key"] === "string") return "azure";
  const auth = headers.authorization ?? "";
  if (/^AWS4-HMAC-SHA256\s/i.test(auth)) return "bedrock-openai";
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (bearer != null && keys.bearerToken != null && bearer === keys.bearerToken) return "bedrock-openai";
  if (bearer === keys.azureKey) return "azure";
  const model = typeof body.model === "string" ? body.model : "";
  return /^((us|us-gov|eu|apac|jp|au|ca|global)\.)?[a-z0-9-]+\.[a-z0-9]/.test(model) && !/^[a-z0-9-]+\.\d/.test(model)
    ? "bedrock-openai"
    : "azure";
}

/** The body without its stop sequences, in every protocol's spelling (a shallow copy). */
function withoutStopSequences(body: Record<string, unknown>): Record<string, unknown> {
  const { stop: _stop, stop_sequences: _stopSequences, ...rest } = body;
  const out: Record<string, unknown> = rest;
  for (const key of ["inferenceConfig", "generationConfig"]) {
    const cfg = body[key];
    if (isRecord(cfg)) {
      const { stopSequences: _s, ...keep } = cfg;
      out[key] = keep;
    }
  }
  return out;
}

function definedOnly(s: EmulatorScript | undefined): EmulatorScript {
  if (!s) return {};
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as EmulatorScript;
}

// ---------------------------------------------------------------------------------------------

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host)) throw new Error(`the emulator only listens on loopback, not ${host}`);
  const keys = {
    openaiKey: opts.openaiKey ?? EMULATOR_CREDENTIALS.openaiKey,
    azureKey: opts.azureKey ?? EMULATOR_CREDENTIALS.azureKey,
    anthropicKey: opts.anthropicKey ?? EMULATOR_CREDENTIALS.anthropicKey,
  };
  const aws = opts.aws ?? { ...EMULATOR_CREDENTIALS.aws };
  const initialScripts = { ...(opts.scripts ?? DEFAULT_SCRIPTS) };
  let scripts: Record<string, EmulatorScript> = { ...initialScripts };
  const faultCounters = new Map<string, number>();
  const initialQuirks = opts.quirks ? parseQuirks(opts.quirks) : {};
  let quirks: Record<string, QuirkProfile> = { ...initialQuirks };
  /** requests per provider:model (quirk pacing and 429 bursts) */
  const modelRequests = new Map<string, number>();
  /** times a provider:model saw a probe prompt (quirk decisions, answers at temperature > 0) */
  const probeOccurrences = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const googleTokens = new GoogleTokens();
  /** seeds the default answers: each request gets a different one */
  let answerSeq = 0;
  /** numbers every request (tool call ids) */
  let requestSeq = 0;
  const active = new Set<AbortController>();

  const clearCounters = (key: string) => {
    const qualified = PROVIDER_PREFIXES.some((p) => key.startsWith(p));
    for (const k of [...faultCounters.keys()]) {
      const base = k.split("#", 1)[0]!;
      const model = base.slice(base.indexOf(":") + 1);
      if (qualified ? base === key : model === key) faultCounters.delete(k);
    }
  };

  const setScript = (key: string, script: EmulatorScript | undefined | null) => {
    if (script == null) delete scripts[key];
    else scripts[key] = script;
    clearCounters(key);
  };

  const setQuirk = (key: string, quirk: QuirkProfile | undefined | null) => {
    if (quirk == null) delete quirks[key];
    else quirks[key] = parseQuirks({ [key]: quirk })[key]!;
    modelRequests.clear();
    probeOccurrences.clear();
  };

  const reset = () => {
    scripts = { ...initialScripts };
    quirks = { ...initialQuirks };
    modelRequests.clear();
    probeOccurrences.clear();
    faultCounters.clear();
    requests.length = 0;
  };

  function resolveScript(
    provider: ProviderKind,
    model: string,
    marker: EmulatorScript | undefined,
    markerRaw: string | undefined,
    prompt: { lastUser: string; chars: number },
  ) {
    const merged: EmulatorScript = {
      ...BASE_SCRIPT,
      chunkTokens: provider === "azure" ? 4 : 1,
      ...definedOnly(scripts[model]),
      ...definedOnly(scripts[`${provider}:${model}`]),
      ...definedOnly(marker),
    };
    let fault: Fault | undefined = merged.fault ?? undefined;
    if (fault) {
      const counterKey = `${provider}:${model}${markerRaw ? `#${markerRaw}` : ""}`;
      const n = (faultCounters.get(counterKey) ?? 0) + 1;
      faultCounters.set(counterKey, n);
      if (merged.faultTimes != null && n > merged.faultTimes) fault = undefined;
    }
    const script: ResolvedScript = {
      text: merged.text ?? defaultAnswer(prompt.lastUser, answerSeq++),
      textScripted: merged.text !== undefined,
      toolCalls: merged.toolCalls,
      seq: requestSeq++,
      reasoning: merged.reasoning,
      reasoningInText: merged.reasoningInText ?? false,
      ...(merged.reasoningTag ? { reasoningTag: merged.reasoningTag } : {}),
      ttftMs: merged.ttftMs ?? BASE_SCRIPT.ttftMs,
      tokensPerSecond: merged.tokensPerSecond ?? BASE_SCRIPT.tokensPerSecond,
      chunkTokens: merged.chunkTokens ?? 1,
      inputTokens: merged.inputTokens ?? estimateInputTokens(prompt.chars),
      cachedInputTokens: merged.cachedInputTokens ?? 0,
      responseModel: merged.responseModel ?? model,
      ...(merged.serviceTier ? { serviceTier: merged.serviceTier } : {}),
    };
    return { script, fault };
  }

  async function handleControl(action: string, req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? "GET";
    try {
      if (action === "health" && method === "GET") {
        return sendJson(res, 200, {}, { status: "ok", url: emulatorUrl(), requests: requests.length });
      }
      if (action === "requests" && method === "GET") return sendJson(res, 200, {}, requests);
      if (action === "scripts" && method === "GET") return sendJson(res, 200, {}, scripts);
      if (action === "reset" && method === "POST") {
        reset();
        return sendJson(res, 200, {}, { ok: true });
      }
      if (action === "scripts" && method === "POST") {
        const raw = (await readBody(req)).toString("utf8");
        const body: unknown = JSON.parse(raw || "null");
        if (!isRecord(body) || typeof body.key !== "string" || body.key === "") {
          return sendJson(res, 400, {}, { error: "body must be {key: string, script: EmulatorScript | null}" });
        }
        const script = body.script == null ? null : parseEmulatorScript(body.script);
        setScript(body.key, script);
        return sendJson(res, 200, {}, { ok: true, key: body.key, script });
      }
      if (action === "quirks" && method === "GET") return sendJson(res, 200, {}, quirks);
      if (action === "quirks" && method === "POST") {
        const raw = (await readBody(req)).toString("utf8");
        const body: unknown = JSON.parse(raw || "null");
        if (!isRecord(body) || typeof body.key !== "string" || body.key === "") {
          return sendJson(res, 400, {}, { error: "body must be {key: string, quirk: QuirkProfile | null}" });
        }
        const quirk = body.quirk == null ? null : parseQuirks({ [body.key]: body.quirk })[body.key]!;
        setQuirk(body.key, quirk);
        return sendJson(res, 200, {}, { ok: true, key: body.key, quirk });
      }
      return sendJson(res, 404, {}, { error: `unknown control endpoint ${method} /__emulator/${action}` });
    } catch (e) {
      return sendJson(res, 400, {}, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  async function handleApi(r: Extract<Route, { kind: "api" }>, url: URL, req: IncomingMessage, res: ServerResponse) {
    const startedAt = Date.now();
    const { api } = r;
    const raw = await readBody(req);
    let parsed: unknown;
    try {
      parsed = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
    } catch {
      parsed = undefined;
    }
    const body = isRecord(parsed) ? parsed : {};
    const provider: ProviderKind = r.sharedOpenAIV1
      ? openaiV1Cloud(req.headers, body, { azureKey: keys.azureKey, bearerToken: aws.bearerToken })
      : r.provider;
    // Bedrock's front end answers both of its APIs' auth, throttling and validation errors alike
    const awsFrontEnd = provider === "bedrock" || provider === "bedrock-openai";
    const google = r.google;
    const requestId = awsFrontEnd
      ? bedrockRequestId()
      : google
        ? googleRequestId()
        : provider === "anthropic"
          ? anthropicRequestId()
          : openaiRequestId(provider as Exclude<ProviderKind, "bedrock" | "bedrock-openai" | "anthropic">);
    const model = r.pathModel ?? (typeof body.model === "string" ? body.model : "");
    const stream =
      api === "converse-stream" ||
      api === "stream-generate-content" ||
      (api !== "converse" && api !== "generate-content" && body.stream === true);
    const record: RecordedRequest = {
      id: requestId,
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")])),
      body: parsed,
      provider,
      api,
      model: model || null,
      stream,
      at: startedAt,
    };
    requests.push(record);
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
    const origWriteHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      record.status = args[0] as number;
      return origWriteHead(...args);
    }) as typeof res.writeHead;

    const ac = new AbortController();
    active.add(ac);
    res.on("close", () => {
      active.delete(ac);
      if (!res.writableFinished) {
        record.outcome ??= "client-closed";
        ac.abort();
      }
      if (opts.log) {
        process.stderr.write(
          `[emulator] ${record.method} ${req.url} ${provider} ${model} -> ${record.status ?? "-"} ${record.outcome ?? ""} ${Date.now() - startedAt}ms\n`,
        );
      }
    });

    const base = { req, res, provider, api, requestId, model };
    const badRequest = (message: string, param: string | null = null) =>
      awsFrontEnd
        ? sendBedrockError(base, bedrockBadRequest(message))
        : google
          ? sendGoogleError(base, googleBadRequest(base, message))
          : provider === "anthropic"
            ? sendAnthropicError(base, anthropicBadRequest(message))
            : sendOpenAIError(base, openaiBadRequest(provider, message, param));

    // authenticate first, like the clouds
    if (google) {
      const denied = checkGoogleAuth(google, req.headers, googleTokens);
      if (denied) return sendGoogleError(base, denied);
    } else if (awsFrontEnd) {
      const denied = checkBedrockAuth(req, raw, aws);
      if (denied) return sendBedrockError(base, denied);
    } else if (provider === "anthropic") {
      const denied = checkAnthropicAuth(req.headers, keys.anthropicKey);
      if (denied) return sendAnthropicError(base, denied);
    } else {
      const denied = checkOpenAIAuth(provider, req.headers, keys);
      if (denied) return sendOpenAIError(base, denied);
    }
    if (req.method !== "POST") {
      if (google) return sendGoogleError(base, { status: 404, body: { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } } });
      if (provider === "anthropic") return sendAnthropicError(base, { status: 404, type: "not_found_error", message: "Not Found" });
      return awsFrontEnd
        ? sendBedrockError(base, { status: 404, type: "UnknownOperationException", namespace: "", message: "Unknown operation" })
        : sendOpenAIError(base, {
            status: 404,
            body: {
              error: { message: `Invalid URL (${req.method} ${url.pathname})`, type: "invalid_request_error", param: null, code: null },
            },
          });
    }
    if (r.needsApiVersion && !url.searchParams.get("api-version")) {
      return sendOpenAIError(base, { status: 404, body: { error: { code: "404", message: "Resource not found" } } });
    }
    if (provider === "anthropic") {
      const invalid = validateMessagesBody(parsed);
      if (invalid) return sendAnthropicError(base, invalid);
    }
    if (google?.api === "messages") {
      // Vertex passes Anthropic's own 400s through
      const invalid = validateMessagesBody(parsed, { vertex: true });
      if (invalid) return sendAnthropicError(base, invalid, { requestIdInBody: false, responseHeaders: googleResponseHeaders(requestId) });
    }
    if (!isRecord(parsed)) {
      return badRequest(
        awsFrontEnd
          ? "Malformed input request, please reformat your input and try again."
          : "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      );
    }
    if (!model) return badRequest("Missing required parameter: 'model'.", "model");
    if ((api === "generate-content" || api === "stream-generate-content") && !Array.isArray(body.contents)) {
      return badRequest("* GenerateContentRequest.contents: contents is not specified");
    }
    if (provider === "bedrock" ? !Array.isArray(body.messages) : api === "chat" && !Array.isArray(body.messages)) {
      return badRequest(
        awsFrontEnd
          ? "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null"
          : "Missing required parameter: 'messages'.",
        "messages",
      );
    }

    const { texts, lastUser, images } = extractPrompt(provider, api, body);
    const marker = findEmulateMarker(lastUser);
    if (marker.error) return badRequest(marker.error);
    const cleaned = marker.raw ? lastUser.replace(marker.raw, "").trim() : lastUser;
    const chars = texts.reduce((n, t) => n + t.length, 0) - (marker.raw?.length ?? 0) + images * IMAGE_INPUT_TOKENS * 4;
    const resolved = resolveScript(provider, model, marker.script, marker.raw, { lastUser: cleaned, chars });
    const { script } = resolved;
    let { fault } = resolved;

    // quirk profiles (pacing, 429 bursts) and the probe solver (tests/emulator/probes.ts)
    const modelKey = `${provider}:${model}`;
    const quirk = quirkFor(quirks, provider, model);
    const nth = modelRequests.get(modelKey) ?? 0;
    modelRequests.set(modelKey, nth + 1);
    if (quirk) {
      Object.assign(script, quirkPacing(quirk, script, model, nth));
      if (!fault && inRateLimitBurst(quirk, nth)) {
        fault = {
          kind: "http",
          status: 429,
          retryAfterMs: quirk.rateLimitBursts?.retryAfterMs ?? 1000,
          message: "Rate limit reached (emulator quirk).",
        };
      }
    }
    if (!script.textScripted && !marker.script?.toolCalls && cleaned !== "") {
      const occurrenceKey = `${modelKey}|${hash32(cleaned)}|${cleaned.length}`;
      const occurrence = probeOccurrences.get(occurrenceKey) ?? 0;
      const solution = solveProbe(readProbeRequest(body, cleaned, model, occurrence), quirk);
      if (solution) {
        probeOccurrences.set(occurrenceKey, occurrence + 1);
        if (solution.text !== undefined) {
          script.text = solution.text;
          script.textScripted = true;
        }
        if (solution.toolCalls) script.toolCalls = solution.toolCalls;
        if (solution.reasoning) script.reasoning = solution.reasoning;
      }
    }

    const ex: Exchange = {
      ...base,
      stream,
      // a quirk that ignores stop sequences: the protocol handlers never see them (the record keeps them)
      body: quirk?.ignoreStopSequences ? withoutStopSequences(body) : body,
      script,
      fault,
      signal: ac.signal,
      startedAt,
      record,
      maxTokens: maxTokensOf(provider, api, body),
    };
    if (fault?.kind === "http") {
      if (google) return sendGoogleError(ex, googleHttpError(ex, fault));
      if (provider === "anthropic") return sendAnthropicError(ex, anthropicHttpError(fault));
      return awsFrontEnd ? sendBedrockError(ex, bedrockHttpError(fault)) : sendOpenAIError(ex, openaiHttpError(ex, fault));
    }
    if (google && google.api === "messages")
      return handleMessages(ex, { responseHeaders: googleResponseHeaders(ex.requestId), requestIdInBody: false });
    if (api === "generate-content" || api === "stream-generate-content") return handleGenerateContent(ex);
    if (provider === "anthropic") return handleMessages(ex);
    if (provider === "bedrock") return handleBedrock(ex);
    if (api === "responses") return handleResponses(ex);
    return handleChat(ex);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const r = route(url.pathname);
    const done = (p: Promise<unknown> | void) =>
      Promise.resolve(p).catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 500, {}, { error: `emulator bug: ${e instanceof Error ? e.message : String(e)}` });
        else res.destroy();
        process.stderr.write(`[emulator] error: ${e instanceof Error ? e.stack : String(e)}\n`);
      });
    if (r.kind === "control") return void done(handleControl(r.action, req, res));
    // model lists (Discover): GET only, so they never shadow a POST route
    const list = req.method === "GET" ? matchListRoute(url.pathname, req.headers) : null;
    if (list)
      return void done(
        handleList(
          list,
          req,
          res,
          url,
          { openaiKey: keys.openaiKey, anthropicKey: keys.anthropicKey, geminiKey: EMULATOR_CREDENTIALS.google.geminiKey, aws },
          scripts[`list:${list}`]?.fault,
        ),
      );
    if (r.kind === "api") return void done(handleApi(r, url, req, res));
    if (r.kind === "google-auth") return void done(handleGoogleAuth(r.route, req, res, googleTokens));
    req.resume();
    sendJson(
      res,
      404,
      {},
      { error: { message: `Invalid URL (${req.method} ${url.pathname})`, type: "invalid_request_error", param: null, code: null } },
    );
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === "::1" ? "[::1]" : host === "localhost" ? "127.0.0.1" : host;
  const emulatorUrl = () => `http://${urlHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: emulatorUrl(),
    port,
    setScript,
    setQuirk,
    reset,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const ac of active) ac.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
