// The provider emulator: one loopback HTTP server that speaks OpenAI, Azure OpenAI, Amazon
// Bedrock and OpenAI-compatible wire protocols, so the real AI SDK provider packages can be
// pointed at it. See tests/emulator/README.md.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
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
import {
  checkOpenAIAuth,
  handleChat,
  handleResponses,
  openaiBadRequest,
  openaiHttpError,
  openaiRequestId,
  sendOpenAIError,
} from "./openai";
import { defaultAnswer, estimateInputTokens } from "./tokens";
import type { ApiKind, Emulator, EmulatorOptions, EmulatorScript, Fault, ProviderKind, RecordedRequest } from "./types";
import { type Exchange, isRecord, type ResolvedScript, sendJson } from "./util";

export type { ApiKind, Emulator, EmulatorOptions, EmulatorScript, Fault, ProviderKind, RecordedRequest } from "./types";
export { BASE_SCRIPT, DEFAULT_SCRIPTS, EMULATOR_CREDENTIALS } from "./defaults";

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
    ttftMs: nonNegative.max(600_000).optional(),
    tokensPerSecond: z.number().nonnegative().optional(), // Infinity is fine in code; JSON cannot carry it
    chunkTokens: z.number().int().positive().max(100_000).optional(),
    inputTokens: z.number().int().nonnegative().optional(),
    cachedInputTokens: z.number().int().nonnegative().optional(),
    responseModel: z.string().max(500).optional(),
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
  | { kind: "api"; provider: ProviderKind; api: ApiKind; pathModel?: string; needsApiVersion?: boolean }
  | { kind: "unknown" };

function route(pathname: string): Route {
  if (pathname.startsWith("/__emulator/")) return { kind: "control", action: pathname.slice("/__emulator/".length) };
  let m = /^(\/v1)?\/(responses|chat\/completions)$/.exec(pathname);
  if (m) return { kind: "api", provider: "openai", api: m[2] === "responses" ? "responses" : "chat" };
  m = /^\/openai\/v1\/(responses|chat\/completions)$/.exec(pathname);
  if (m) return { kind: "api", provider: "azure", api: m[1] === "responses" ? "responses" : "chat" };
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
const PROVIDER_PREFIXES = ["openai:", "azure:", "bedrock:", "compatible:"];

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
  };
  const aws = opts.aws ?? { ...EMULATOR_CREDENTIALS.aws };
  const initialScripts = { ...(opts.scripts ?? DEFAULT_SCRIPTS) };
  let scripts: Record<string, EmulatorScript> = { ...initialScripts };
  const faultCounters = new Map<string, number>();
  const requests: RecordedRequest[] = [];
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

  const reset = () => {
    scripts = { ...initialScripts };
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
      ttftMs: merged.ttftMs ?? BASE_SCRIPT.ttftMs,
      tokensPerSecond: merged.tokensPerSecond ?? BASE_SCRIPT.tokensPerSecond,
      chunkTokens: merged.chunkTokens ?? 1,
      inputTokens: merged.inputTokens ?? estimateInputTokens(prompt.chars),
      cachedInputTokens: merged.cachedInputTokens ?? 0,
      responseModel: merged.responseModel ?? model,
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
      return sendJson(res, 404, {}, { error: `unknown control endpoint ${method} /__emulator/${action}` });
    } catch (e) {
      return sendJson(res, 400, {}, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  async function handleApi(r: Extract<Route, { kind: "api" }>, url: URL, req: IncomingMessage, res: ServerResponse) {
    const startedAt = Date.now();
    const { provider, api } = r;
    const requestId = provider === "bedrock" ? bedrockRequestId() : openaiRequestId(provider);
    const raw = await readBody(req);
    let parsed: unknown;
    try {
      parsed = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
    } catch {
      parsed = undefined;
    }
    const body = isRecord(parsed) ? parsed : {};
    const model = r.pathModel ?? (typeof body.model === "string" ? body.model : "");
    const stream = api === "converse-stream" || (api !== "converse" && body.stream === true);
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
      provider === "bedrock"
        ? sendBedrockError(base, bedrockBadRequest(message))
        : sendOpenAIError(base, openaiBadRequest(provider, message, param));

    // authenticate first, like the clouds
    if (provider === "bedrock") {
      const denied = checkBedrockAuth(req, raw, aws);
      if (denied) return sendBedrockError(base, denied);
    } else {
      const denied = checkOpenAIAuth(provider, req.headers, keys);
      if (denied) return sendOpenAIError(base, denied);
    }
    if (req.method !== "POST") {
      return provider === "bedrock"
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
    if (!isRecord(parsed)) {
      return badRequest(
        provider === "bedrock"
          ? "Malformed input request, please reformat your input and try again."
          : "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      );
    }
    if (!model) return badRequest("Missing required parameter: 'model'.", "model");
    if (provider === "bedrock" ? !Array.isArray(body.messages) : api === "chat" && !Array.isArray(body.messages)) {
      return badRequest(
        provider === "bedrock"
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
    const { script, fault } = resolveScript(provider, model, marker.script, marker.raw, { lastUser: cleaned, chars });

    const ex: Exchange = {
      ...base,
      stream,
      body,
      script,
      fault,
      signal: ac.signal,
      startedAt,
      record,
      maxTokens: maxTokensOf(provider, api, body),
    };
    if (fault?.kind === "http") {
      return provider === "bedrock" ? sendBedrockError(ex, bedrockHttpError(fault)) : sendOpenAIError(ex, openaiHttpError(ex, fault));
    }
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
    if (r.kind === "api") return void done(handleApi(r, url, req, res));
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
