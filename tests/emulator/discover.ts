// Model-list routes of the emulator, for Juxta's "Discover models" (lib/providers/discover.ts):
// each cloud's list call with realistic fields, its pagination and its error bodies on bad auth.
//   OpenAI              GET /v1/models                       Bearer <openaiKey>
//   OpenAI-compatible   GET /compatible/v1/models            none (vLLM style, with max_model_len)
//   Anthropic           GET /v1/models or /anthropic/v1/models, told from OpenAI by `anthropic-version`
//                       x-api-key + anthropic-version; limit / after_id / before_id; has_more, first_id, last_id
//   Gemini API          GET /v1beta/models (also under a prefix, /google/v1beta/models)
//                       x-goog-api-key; pageSize / pageToken; nextPageToken
//   Bedrock control     GET /foundation-models (byOutputModality, byProvider, byInferenceType)
//                       GET /inference-profiles (maxResults / nextToken, type)
//                       SigV4 (service bedrock, verified) or the Bedrock API key; same origin as the runtime routes
// A script keyed `list:<route>` (`list:openai`, `list:anthropic`, `list:bedrock-foundation`...) with an
// `http` fault makes that list answer the cloud's error body for the status.
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkBedrockAuth } from "./bedrock";
import { sendJson } from "./util";

export type ListRoute = "openai" | "compatible" | "anthropic" | "google" | "bedrock-foundation" | "bedrock-profiles";

/** Which list route a GET is, or null (the other routes, or not a list). */
export function matchListRoute(pathname: string, headers: IncomingMessage["headers"]): ListRoute | null {
  if (pathname === "/compatible/v1/models") return "compatible";
  if (pathname === "/anthropic/v1/models") return "anthropic";
  if (pathname === "/v1/models") return headers["anthropic-version"] != null || headers["x-api-key"] != null ? "anthropic" : "openai";
  if (/^(\/[A-Za-z0-9_-]+)?\/v1beta\/models$/.test(pathname)) return "google";
  if (pathname === "/foundation-models") return "bedrock-foundation";
  if (pathname === "/inference-profiles") return "bedrock-profiles";
  return null;
}

// ---------------------------------------------------------------------------------------------
// data (fields as each cloud documents them; 2025 models)

const created = (iso: string) => Math.floor(Date.parse(iso) / 1000);

const openaiModels = [
  ["gpt-4o-mini", "2024-07-16", "system"],
  ["gpt-4o-mini-2024-07-18", "2024-07-16", "system"],
  ["gpt-4o", "2024-05-10", "system"],
  ["gpt-4.1", "2025-04-10", "system"],
  ["gpt-4.1-mini", "2025-04-10", "system"],
  ["gpt-4.1-nano", "2025-04-10", "system"],
  ["o4-mini", "2025-04-09", "system"],
  ["gpt-5", "2025-08-05", "system"],
  ["gpt-5-mini", "2025-08-05", "system"],
  ["gpt-5-nano", "2025-08-05", "system"],
  ["text-embedding-3-small", "2024-01-22", "system"],
  ["whisper-1", "2023-02-27", "openai-internal"],
  ["tts-1", "2023-04-19", "openai-internal"],
  ["dall-e-3", "2023-10-31", "system"],
].map(([id, day, owner]) => ({ id: id!, object: "model", created: created(day!), owned_by: owner! }));

const compatibleModels = [
  {
    id: "gpt-oss-120b",
    object: "model",
    created: created("2025-08-05"),
    owned_by: "vllm",
    root: "openai/gpt-oss-120b",
    max_model_len: 131_072,
  },
  {
    id: "gpt-oss:20b",
    object: "model",
    created: created("2025-08-05"),
    owned_by: "vllm",
    root: "openai/gpt-oss-20b",
    max_model_len: 32_768,
  },
  { id: "qwen3:8b", object: "model", created: created("2025-04-29"), owned_by: "vllm", root: "Qwen/Qwen3-8B", max_model_len: 40_960 },
  {
    id: "llama3.3:70b",
    object: "model",
    created: created("2024-12-06"),
    owned_by: "vllm",
    root: "meta-llama/Llama-3.3-70B-Instruct",
    max_model_len: 65_536,
  },
];

// newest first, as the API sorts them
const anthropicModels = [
  ["claude-haiku-4-5-20251001", "Claude Haiku 4.5", "2025-10-15T00:00:00Z"],
  ["claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", "2025-09-29T00:00:00Z"],
  ["claude-opus-4-1-20250805", "Claude Opus 4.1", "2025-08-05T00:00:00Z"],
  ["claude-opus-4-20250514", "Claude Opus 4", "2025-05-22T00:00:00Z"],
  ["claude-sonnet-4-20250514", "Claude Sonnet 4", "2025-05-22T00:00:00Z"],
  ["claude-3-7-sonnet-20250219", "Claude Sonnet 3.7", "2025-02-24T00:00:00Z"],
  ["claude-3-5-haiku-20241022", "Claude Haiku 3.5", "2024-10-22T00:00:00Z"],
  ["claude-3-haiku-20240307", "Claude Haiku 3", "2024-03-07T00:00:00Z"],
].map(([id, name, at]) => ({ type: "model", id: id!, display_name: name!, created_at: at! }));

const geminiMethods = ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"];
const geminiModels = [
  ["gemini-2.5-pro", "Gemini 2.5 Pro", 1_048_576, 65_536, geminiMethods, true],
  ["gemini-2.5-flash", "Gemini 2.5 Flash", 1_048_576, 65_536, geminiMethods, true],
  ["gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite", 1_048_576, 65_536, geminiMethods, true],
  ["gemini-2.0-flash", "Gemini 2.0 Flash", 1_048_576, 8_192, geminiMethods, false],
  ["gemini-2.0-flash-001", "Gemini 2.0 Flash 001", 1_048_576, 8_192, geminiMethods, false],
  ["gemma-3-27b-it", "Gemma 3 27B", 131_072, 8_192, ["generateContent", "countTokens"], false],
  ["gemini-embedding-001", "Gemini Embedding 001", 2_048, 1, ["embedContent", "countTextTokens", "countTokens"], false],
  ["text-embedding-004", "Text Embedding 004", 2_048, 1, ["embedContent"], false],
].map(([id, displayName, input, output, methods, thinking]) => ({
  name: `models/${id as string}`,
  version: "001",
  displayName,
  description: `${displayName as string}`,
  inputTokenLimit: input,
  outputTokenLimit: output,
  supportedGenerationMethods: methods,
  ...((methods as string[]).includes("generateContent") ? { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2 } : {}),
  ...(thinking ? { thinking: true } : {}),
}));

type Foundation = { id: string; name: string; provider: string; input: string[]; output: string[]; types: string[]; legacy?: boolean };
const foundationModels: Foundation[] = [
  { id: "openai.gpt-oss-120b-1:0", name: "gpt-oss-120b", provider: "OpenAI", input: ["TEXT"], output: ["TEXT"], types: ["ON_DEMAND"] },
  { id: "openai.gpt-oss-20b-1:0", name: "gpt-oss-20b", provider: "OpenAI", input: ["TEXT"], output: ["TEXT"], types: ["ON_DEMAND"] },
  {
    id: "anthropic.claude-sonnet-4-5-20250929-v1:0",
    name: "Claude Sonnet 4.5",
    provider: "Anthropic",
    input: ["TEXT", "IMAGE"],
    output: ["TEXT"],
    types: ["INFERENCE_PROFILE"],
  },
  {
    id: "anthropic.claude-haiku-4-5-20251001-v1:0",
    name: "Claude Haiku 4.5",
    provider: "Anthropic",
    input: ["TEXT", "IMAGE"],
    output: ["TEXT"],
    types: ["INFERENCE_PROFILE"],
  },
  {
    id: "anthropic.claude-3-5-haiku-20241022-v1:0",
    name: "Claude 3.5 Haiku",
    provider: "Anthropic",
    input: ["TEXT"],
    output: ["TEXT"],
    types: ["ON_DEMAND", "INFERENCE_PROFILE"],
  },
  {
    id: "anthropic.claude-v2:1",
    name: "Claude",
    provider: "Anthropic",
    input: ["TEXT"],
    output: ["TEXT"],
    types: ["ON_DEMAND"],
    legacy: true,
  },
  {
    id: "amazon.nova-pro-v1:0",
    name: "Nova Pro",
    provider: "Amazon",
    input: ["TEXT", "IMAGE", "VIDEO"],
    output: ["TEXT"],
    types: ["ON_DEMAND", "INFERENCE_PROFILE"],
  },
  {
    id: "amazon.nova-lite-v1:0",
    name: "Nova Lite",
    provider: "Amazon",
    input: ["TEXT", "IMAGE", "VIDEO"],
    output: ["TEXT"],
    types: ["ON_DEMAND", "INFERENCE_PROFILE"],
  },
  {
    id: "amazon.nova-micro-v1:0",
    name: "Nova Micro",
    provider: "Amazon",
    input: ["TEXT"],
    output: ["TEXT"],
    types: ["ON_DEMAND", "INFERENCE_PROFILE"],
  },
  {
    id: "meta.llama3-3-70b-instruct-v1:0",
    name: "Llama 3.3 70B Instruct",
    provider: "Meta",
    input: ["TEXT"],
    output: ["TEXT"],
    types: ["ON_DEMAND", "INFERENCE_PROFILE"],
  },
  {
    id: "mistral.mistral-large-2407-v1:0",
    name: "Mistral Large (24.07)",
    provider: "Mistral AI",
    input: ["TEXT"],
    output: ["TEXT"],
    types: ["ON_DEMAND"],
  },
  { id: "deepseek.r1-v1:0", name: "DeepSeek-R1", provider: "DeepSeek", input: ["TEXT"], output: ["TEXT"], types: ["INFERENCE_PROFILE"] },
  {
    id: "amazon.titan-embed-text-v2:0",
    name: "Titan Text Embeddings V2",
    provider: "Amazon",
    input: ["TEXT"],
    output: ["EMBEDDING"],
    types: ["ON_DEMAND"],
  },
  {
    id: "stability.sd3-5-large-v1:0",
    name: "Stable Diffusion 3.5 Large",
    provider: "Stability AI",
    input: ["TEXT", "IMAGE"],
    output: ["IMAGE"],
    types: ["ON_DEMAND"],
  },
];

const PROFILE_REGIONS: Record<string, { name: string; regions: string[] }> = {
  us: { name: "US", regions: ["us-east-1", "us-east-2", "us-west-2"] },
  eu: { name: "EU", regions: ["eu-central-1", "eu-west-1", "eu-west-3"] },
  apac: { name: "APAC", regions: ["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"] },
  global: { name: "Global", regions: ["us-east-1", "eu-west-1", "ap-northeast-1"] },
};
const profileSources: [string, string][] = [
  ["us", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
  ["eu", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
  ["global", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
  ["us", "anthropic.claude-haiku-4-5-20251001-v1:0"],
  ["global", "anthropic.claude-haiku-4-5-20251001-v1:0"],
  ["us", "anthropic.claude-3-5-haiku-20241022-v1:0"],
  ["us", "amazon.nova-pro-v1:0"],
  ["apac", "amazon.nova-lite-v1:0"],
  ["us", "meta.llama3-3-70b-instruct-v1:0"],
  ["us", "deepseek.r1-v1:0"],
];

function profiles(region: string) {
  return profileSources.map(([geo, modelId]) => {
    const m = foundationModels.find((f) => f.id === modelId)!;
    const g = PROFILE_REGIONS[geo]!;
    const id = `${geo}.${modelId}`;
    return {
      inferenceProfileName: `${g.name} ${m.provider} ${m.name}`,
      description: `Routes requests to ${m.provider} ${m.name} in ${geo === "global" ? "all commercial AWS Regions" : `${g.name} Regions`}.`,
      createdAt: "2025-09-29T00:00:00.000Z",
      updatedAt: "2025-09-29T00:00:00.000Z",
      inferenceProfileArn: `arn:aws:bedrock:${region}:123456789012:inference-profile/${id}`,
      models: (geo === "global" ? g.regions : g.regions).map((r) => ({ modelArn: `arn:aws:bedrock:${r}::foundation-model/${modelId}` })),
      inferenceProfileId: id,
      status: "ACTIVE",
      type: "SYSTEM_DEFINED",
    };
  });
}

// ---------------------------------------------------------------------------------------------

type Keys = {
  openaiKey: string;
  anthropicKey: string;
  geminiKey: string;
  aws: { accessKeyId: string; secretAccessKey: string; region: string; bearerToken?: string };
};

const hex = (n: number) => [...crypto.getRandomValues(new Uint8Array(n))].map((b) => b.toString(16).padStart(2, "0")).join("");
const token = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
const untoken = (t: string): number | null => {
  try {
    const o = (JSON.parse(Buffer.from(t, "base64url").toString("utf8")) as { o?: unknown }).o;
    return typeof o === "number" && Number.isInteger(o) && o >= 0 ? o : null;
  } catch {
    return null;
  }
};
const intParam = (v: string | null, min: number, max: number): number | null | undefined => {
  if (v == null) return undefined;
  return /^\d+$/.test(v) && +v >= min && +v <= max ? +v : null;
};

/** An HTTP fault in each cloud's error shape (script key `list:<route>`, e.g. `list:bedrock-profiles`). */
function sendListFault(route: ListRoute, res: ServerResponse, status: number, message?: string): void {
  const text: Record<number, [string, string, string, string]> = {
    // [OpenAI code, Anthropic type, Google status, AWS type]
    400: ["invalid_request_error", "invalid_request_error", "INVALID_ARGUMENT", "ValidationException"],
    401: ["invalid_api_key", "authentication_error", "UNAUTHENTICATED", "UnrecognizedClientException"],
    403: ["insufficient_permissions", "permission_error", "PERMISSION_DENIED", "AccessDeniedException"],
    429: ["rate_limit_exceeded", "rate_limit_error", "RESOURCE_EXHAUSTED", "ThrottlingException"],
    500: ["server_error", "api_error", "INTERNAL", "InternalServerException"],
    503: ["server_error", "overloaded_error", "UNAVAILABLE", "ServiceUnavailableException"],
  };
  const [openai, anthropic, google, aws] = text[status] ?? text[500]!;
  const msg = message ?? (status === 429 ? "Rate limit reached. Please try again later." : `The service answered ${status}.`);
  if (route === "openai" || route === "compatible") {
    return sendJson(
      res,
      status,
      {},
      { error: { message: msg, type: status === 429 ? "requests" : "invalid_request_error", param: null, code: openai } },
    );
  }
  if (route === "anthropic") return sendJson(res, status, {}, { type: "error", error: { type: anthropic, message: msg } });
  if (route === "google") return sendJson(res, status, {}, { error: { code: status, message: msg, status: google } });
  return sendJson(res, status, { "x-amzn-errortype": `${aws}:http://internal.amazon.com/coral/com.amazon.bedrock/` }, { message: msg });
}

/**
 * Answers one list request (auth first, like the clouds). `fault`: an `http` fault scripted for
 * `list:<route>` (other fault kinds do not apply to a list).
 */
export function handleList(
  route: ListRoute,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  keys: Keys,
  fault?: { kind: string; status?: number; message?: string } | null,
): void {
  req.resume();
  if (req.method !== "GET") return sendJson(res, 405, {}, { error: { message: `Method ${req.method} not allowed.` } });
  if (fault?.kind === "http" && fault.status) return sendListFault(route, res, fault.status, fault.message);
  switch (route) {
    case "openai":
    case "compatible":
      return openaiList(route, req, res, keys);
    case "anthropic":
      return anthropicList(req, res, url, keys);
    case "google":
      return googleList(req, res, url, keys);
    case "bedrock-foundation":
    case "bedrock-profiles":
      return bedrockList(route, req, res, url, keys);
  }
}

function openaiList(route: "openai" | "compatible", req: IncomingMessage, res: ServerResponse, keys: Keys) {
  const headers = { "x-request-id": `req_${hex(16)}`, "openai-processing-ms": "28" };
  if (route === "openai") {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
    if (bearer !== keys.openaiKey) {
      const message = bearer
        ? `Incorrect API key provided: ${bearer.length > 8 ? `${bearer.slice(0, 3)}*****${bearer.slice(-4)}` : "*****"}. You can find your API key at https://platform.openai.com/account/api-keys.`
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
      return sendJson(res, 401, headers, {
        error: { message, type: "invalid_request_error", param: null, code: bearer ? "invalid_api_key" : null },
      });
    }
  }
  return sendJson(res, 200, route === "openai" ? headers : {}, {
    object: "list",
    data: route === "openai" ? openaiModels : compatibleModels,
  });
}

function anthropicList(req: IncomingMessage, res: ServerResponse, url: URL, keys: Keys) {
  const requestId = `req_011C${hex(10)}`;
  const headers = { "request-id": requestId, "anthropic-organization-id": "00000000-0000-4000-8000-000000000000" };
  const fail = (status: number, type: string, message: string) =>
    sendJson(res, status, headers, { type: "error", error: { type, message }, request_id: requestId });
  const key = req.headers["x-api-key"];
  if (key == null || key === "") return fail(401, "authentication_error", "x-api-key header is required");
  if (key !== keys.anthropicKey) return fail(401, "authentication_error", "invalid x-api-key");
  if (req.headers["anthropic-version"] == null) return fail(400, "invalid_request_error", "anthropic-version: header is required");
  const limit = intParam(url.searchParams.get("limit"), 1, 1000);
  if (limit === null) return fail(400, "invalid_request_error", "limit: Input should be less than or equal to 1000");
  const after = url.searchParams.get("after_id");
  const before = url.searchParams.get("before_id");
  let start = 0;
  let end = anthropicModels.length;
  if (after) {
    const i = anthropicModels.findIndex((m) => m.id === after);
    if (i < 0) return fail(400, "invalid_request_error", `after_id: model ${after} not found`);
    start = i + 1;
  }
  if (before) {
    const i = anthropicModels.findIndex((m) => m.id === before);
    if (i < 0) return fail(400, "invalid_request_error", `before_id: model ${before} not found`);
    end = i;
    start = Math.max(start, end - (limit ?? 20));
  }
  const data = anthropicModels.slice(start, Math.min(end, start + (limit ?? 20)));
  return sendJson(res, 200, headers, {
    data,
    has_more: start + data.length < end,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  });
}

function googleList(req: IncomingMessage, res: ServerResponse, url: URL, keys: Keys) {
  const fail = (code: number, status: string, message: string, reason?: string) =>
    sendJson(
      res,
      code,
      {},
      {
        error: {
          code,
          message,
          status,
          ...(reason
            ? {
                details: [
                  {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    reason,
                    domain: "googleapis.com",
                    metadata: { service: "generativelanguage.googleapis.com" },
                  },
                ],
              }
            : {}),
        },
      },
    );
  const key = req.headers["x-goog-api-key"] ?? url.searchParams.get("key");
  if (key == null || key === "") {
    return fail(
      403,
      "PERMISSION_DENIED",
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    );
  }
  if (key !== keys.geminiKey) return fail(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "API_KEY_INVALID");
  const size = intParam(url.searchParams.get("pageSize"), 0, 1_000_000);
  if (size === null) return fail(400, "INVALID_ARGUMENT", "Invalid value for pageSize.");
  const pageSize = Math.min(size || 50, 1000);
  const pageToken = url.searchParams.get("pageToken");
  const start = pageToken ? untoken(pageToken) : 0;
  if (start == null || start > geminiModels.length) return fail(400, "INVALID_ARGUMENT", "Invalid page token.");
  const models = geminiModels.slice(start, start + pageSize);
  const next = start + models.length;
  return sendJson(res, 200, {}, { models, ...(next < geminiModels.length ? { nextPageToken: token(next) } : {}) });
}

function bedrockList(route: "bedrock-foundation" | "bedrock-profiles", req: IncomingMessage, res: ServerResponse, url: URL, keys: Keys) {
  const requestId = crypto.randomUUID();
  const fail = (status: number, type: string, message: string) =>
    sendJson(
      res,
      status,
      { "x-amzn-requestid": requestId, "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
      { message },
    );
  const denied = checkBedrockAuth(req, Buffer.alloc(0), keys.aws);
  if (denied) {
    return sendJson(
      res,
      denied.status,
      { "x-amzn-requestid": requestId, "x-amzn-errortype": `${denied.type}:${denied.namespace}` },
      { message: denied.message },
    );
  }
  const ok = (body: unknown) => sendJson(res, 200, { "x-amzn-requestid": requestId }, body);
  const region = keys.aws.region;
  if (route === "bedrock-foundation") {
    const q = url.searchParams;
    const output = q.get("byOutputModality");
    if (output && !["TEXT", "IMAGE", "EMBEDDING"].includes(output)) {
      return fail(
        400,
        "ValidationException",
        `1 validation error detected: Value '${output}' at 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]`,
      );
    }
    const summaries = foundationModels
      .filter((m) => !output || m.output.includes(output))
      .filter((m) => !q.get("byProvider") || m.provider.toLowerCase() === q.get("byProvider")!.toLowerCase())
      .filter((m) => !q.get("byInferenceType") || m.types.includes(q.get("byInferenceType")!))
      .map((m) => ({
        modelArn: `arn:aws:bedrock:${region}::foundation-model/${m.id}`,
        modelId: m.id,
        modelName: m.name,
        providerName: m.provider,
        inputModalities: m.input,
        outputModalities: m.output,
        responseStreamingSupported: m.output.includes("TEXT"),
        customizationsSupported: [],
        inferenceTypesSupported: m.types,
        modelLifecycle: { status: m.legacy ? "LEGACY" : "ACTIVE" },
      }));
    return ok({ modelSummaries: summaries });
  }
  const max = intParam(url.searchParams.get("maxResults"), 1, 1000);
  if (max === null) {
    return fail(
      400,
      "ValidationException",
      "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  }
  const type = url.searchParams.get("type") ?? "SYSTEM_DEFINED";
  const all = type === "SYSTEM_DEFINED" ? profiles(region) : [];
  const nextToken = url.searchParams.get("nextToken");
  const start = nextToken ? untoken(nextToken) : 0;
  if (start == null || start > all.length) return fail(400, "ValidationException", "The provided pagination token is invalid.");
  const page = all.slice(start, start + (max ?? 1000));
  const next = start + page.length;
  return ok({ inferenceProfileSummaries: page, ...(next < all.length ? { nextToken: token(next) } : {}) });
}
