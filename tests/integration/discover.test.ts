// Discover models through the emulator: each cloud's list call with its pagination and error
// bodies, one account failing while the others list, catalog marks and env lines, the cache, the
// API route's validation; and GET /api/v1/models' limits and capabilities.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { EMULATOR_CREDENTIALS as C, startEmulator, type Emulator } from "../emulator/server";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { parseEnv } from "@/lib/env";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { clearDiscoverCache, discoverModels, type DiscoverAccount } from "@/lib/providers/discover";
import { listAnthropicModels } from "@/lib/providers/list-models/anthropic";
import { listBedrockModels } from "@/lib/providers/list-models/bedrock";
import { listGoogleModels } from "@/lib/providers/list-models/google";
import { listOpenAIModels } from "@/lib/providers/list-models/openai";
import { ListError } from "@/lib/providers/list-models/shared";

let emulator: Emulator;
let api: { discover: typeof import("@/app/api/v1/discover/route"); models: typeof import("@/app/api/v1/models/route") };
let DEAD: string; // a loopback port nobody listens on: connection refused

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  DEAD = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));
  emulator = await startEmulator({ scripts: {} });
  Object.assign(process.env, emulatorEnv(emulator.url), {
    DATABASE_URL: inject("databaseUrl"),
    // one model model-info does not know, to see how the API says "unknown"
    OPENAI_COMPATIBLE_LOCAL_MODELS: "gpt-oss:20b,gpt-oss-120b,mystery-model",
  });
  (await import("@/lib/env")).resetEnvCache();
  const db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
  api = { discover: await import("@/app/api/v1/discover/route"), models: await import("@/app/api/v1/models/route") };
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => clearDiscoverCache());

async function rejection(p: Promise<unknown>): Promise<ListError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ListError);
  return error as ListError;
}

const bedrockKeys = () =>
  parseEnv({
    AWS_REGION: C.aws.region,
    AWS_ACCESS_KEY_ID: C.aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: C.aws.secretAccessKey,
    AWS_ENDPOINT_URL_BEDROCK: emulator.url,
  }).bedrock;

describe("listers, each against its emulated cloud", () => {
  it("OpenAI: GET /v1/models with the Bearer key; a wrong key is the cloud's 401 sentence without the key", async () => {
    const models = await listOpenAIModels({ cloud: "OpenAI", baseURL: `${emulator.url}/v1`, apiKey: C.openaiKey });
    expect(models.map((m) => m.providerModelId)).toEqual(expect.arrayContaining(["gpt-4o-mini", "gpt-5", "whisper-1"]));
    expect(models.every((m) => m.kind === "model" && m.contextWindow === undefined)).toBe(true);
    const badKey = "sk-wrong-key-0123456789";
    const error = await rejection(listOpenAIModels({ cloud: "OpenAI", baseURL: `${emulator.url}/v1`, apiKey: badKey }));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^OpenAI answered 401: Incorrect API key provided.*Check the API key\.$/);
    expect(error.message).not.toContain(badKey);
  });

  it("OpenAI-compatible: no key needed; a vLLM max_model_len is the context window", async () => {
    const models = await listOpenAIModels({ cloud: "Local vLLM", baseURL: `${emulator.url}/compatible/v1` });
    expect(models).toContainEqual({ providerModelId: "qwen3:8b", label: "qwen3:8b", kind: "model", contextWindow: 40_960 });
  });

  it("Anthropic: follows after_id while has_more; a bad key is authentication_error", async () => {
    const config = { baseURL: `${emulator.url}/anthropic/v1`, apiKey: C.anthropicKey };
    const all = await listAnthropicModels(config);
    const paged = await listAnthropicModels(config, { pageSize: 3 });
    expect(all).toHaveLength(8);
    expect(paged).toEqual(all); // three pages of 3, 3 and 2, same order
    expect(all[1]).toEqual({ providerModelId: "claude-sonnet-4-5-20250929", label: "Claude Sonnet 4.5", kind: "model" });
    // the same route as ANTHROPIC_BASE_URL=<emulator>/v1 reaches, told from OpenAI's by the Anthropic headers
    expect(await listAnthropicModels({ ...config, baseURL: `${emulator.url}/v1` }, { pageSize: 5 })).toEqual(all);
    const error = await rejection(listAnthropicModels({ ...config, apiKey: "sk-ant-wrong-0000" }));
    expect(error.message).toBe("Anthropic answered 401: invalid x-api-key. Check the API key.");
  });

  it("Gemini: follows nextPageToken, keeps generateContent models with the cloud's token limits", async () => {
    const config = { baseURL: `${emulator.url}/v1beta`, apiKey: C.google.geminiKey };
    const paged = await listGoogleModels(config, { pageSize: 3 });
    expect(paged).toEqual(await listGoogleModels(config));
    expect(paged.map((m) => m.providerModelId)).toEqual([
      "gemini-2.5-pro",
      "gemini-2.5-flash",
      "gemini-2.5-flash-lite",
      "gemini-2.0-flash",
      "gemini-2.0-flash-001",
      "gemma-3-27b-it",
    ]); // the embedding models (page 3) are left out
    expect(paged[1]).toEqual({
      providerModelId: "gemini-2.5-flash",
      label: "Gemini 2.5 Flash",
      kind: "model",
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
    });
    const error = await rejection(listGoogleModels({ ...config, apiKey: "AIza-wrong" }));
    expect(error.message).toBe("Google Gemini API answered 400: API key not valid. Please pass a valid API key.");
  });

  it("Bedrock: SigV4-signed ListFoundationModels (text output) and ListInferenceProfiles (nextToken pages)", async () => {
    const all = await listBedrockModels(bedrockKeys());
    const paged = await listBedrockModels(bedrockKeys(), { pageSize: 4 });
    expect(paged).toEqual(all);
    const ids = all.map((m) => m.providerModelId);
    expect(ids).toContain("openai.gpt-oss-120b-1:0");
    expect(ids).not.toContain("amazon.titan-embed-text-v2:0"); // EMBEDDING output: filtered by the cloud
    expect(ids).not.toContain("stability.sd3-5-large-v1:0");
    expect(all.filter((m) => m.kind === "inference-profile")).toHaveLength(10);
    expect(all.find((m) => m.providerModelId === "us.anthropic.claude-sonnet-4-5-20250929-v1:0")).toEqual({
      providerModelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      label: "US Anthropic Claude Sonnet 4.5",
      kind: "inference-profile",
      inputModalities: ["text", "image"],
    });
    expect(all.find((m) => m.providerModelId === "anthropic.claude-sonnet-4-5-20250929-v1:0")?.note).toMatch(/inference profiles/);
    expect(all.find((m) => m.providerModelId === "anthropic.claude-v2:1")?.note).toMatch(/^Legacy/);
  });

  it("Bedrock: the API key as Bearer works; a wrong secret is InvalidSignatureException, the secret never shown", async () => {
    const bearer = parseEnv({
      AWS_REGION: "us-east-1",
      AWS_BEARER_TOKEN_BEDROCK: C.aws.bearerToken,
      AWS_ENDPOINT_URL_BEDROCK: emulator.url,
    });
    expect((await listBedrockModels(bearer.bedrock)).length).toBeGreaterThan(10);
    const wrong = parseEnv({
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: C.aws.accessKeyId,
      AWS_SECRET_ACCESS_KEY: "not-the-secret-at-all",
      AWS_ENDPOINT_URL_BEDROCK: emulator.url,
    });
    const error = await rejection(listBedrockModels(wrong.bedrock));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/^Amazon Bedrock answered 403: InvalidSignatureException: The request signature we calculated/);
    expect(error.message).not.toContain("not-the-secret-at-all");
    const badBearer = parseEnv({
      AWS_REGION: "us-east-1",
      AWS_BEARER_TOKEN_BEDROCK: "bedrock-key-wrong",
      AWS_ENDPOINT_URL_BEDROCK: emulator.url,
    });
    expect((await rejection(listBedrockModels(badBearer.bedrock))).message).toBe(
      "Amazon Bedrock answered 403: AccessDeniedException: Authentication failed: Please make sure your API Key is valid. Check the credentials and that they may list models.",
    );
  });

  it("a redirect is not followed with the key (it could lead to another host)", async () => {
    let reachedWithKey = 0;
    const target = createServer((req, res) => {
      if (req.headers["x-api-key"]) reachedWithKey++;
      res.writeHead(200, { "content-type": "application/json" }).end('{"data":[],"has_more":false}');
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    const redirector = createServer((_req, res) => res.writeHead(302, { location: `${targetUrl}/v1/models` }).end());
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/v1`;
      const error = await rejection(listAnthropicModels({ baseURL: base, apiKey: "sk-ant-secret-0000" }));
      expect(error.message).toBe(
        `Anthropic answered 302, a redirect to ${targetUrl}; Juxta does not follow redirects with credentials. Check the base URL.`,
      );
      expect(reachedWithKey).toBe(0);
    } finally {
      await new Promise((resolve) => redirector.close(resolve));
      await new Promise((resolve) => target.close(resolve));
    }
  });

  it("a host that is down is a network sentence naming the URL", async () => {
    const error = await rejection(listOpenAIModels({ cloud: "Ollama", baseURL: `${DEAD}/v1` }));
    expect(error.message).toBe(`Could not reach Ollama at ${DEAD}/v1/models (connection refused).`);
  });
});

describe("discoverModels: every account on its own", () => {
  const env = (extra: Record<string, string> = {}) =>
    parseEnv({ ...emulatorEnv(emulator.url), OPENAI_COMPATIBLE_LOCAL_MODELS: "gpt-oss:20b,gpt-oss-120b", ...extra });
  const byProvider = (accounts: DiscoverAccount[], provider: string) => accounts.find((a) => a.provider === provider)!;

  it("marks what is in the catalog and gives the env line for the rest", async () => {
    const accounts = await discoverModels(env());
    expect(accounts.map((a) => [a.provider, a.status])).toEqual([
      ["openai", "ok"],
      ["anthropic", "ok"],
      ["google", "ok"],
      ["bedrock", "ok"],
      ["compatible", "ok"],
    ]);
    const openai = byProvider(accounts, "openai");
    expect(openai.account).toEqual({ label: "OpenAI", location: new URL(emulator.url).host });
    expect(openai.models.find((m) => m.providerModelId === "gpt-4o-mini")).toEqual({
      providerModelId: "gpt-4o-mini",
      label: "gpt-4o-mini",
      kind: "model",
      inCatalog: true,
      catalogId: "openai:gpt-4o-mini",
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
    });
    // OpenAI's catalog is Juxta's built-in list: no variable adds a model, so no env line
    expect(openai.models.find((m) => m.providerModelId === "whisper-1")).toEqual({
      providerModelId: "whisper-1",
      label: "whisper-1",
      kind: "model",
      inCatalog: false,
    });

    const bedrock = byProvider(accounts, "bedrock");
    expect(bedrock.account).toEqual({ label: "Amazon Bedrock", location: "us-east-1" });
    const inCatalog = bedrock.models.filter((m) => m.inCatalog).map((m) => m.catalogId);
    expect(inCatalog.sort()).toEqual(
      [
        "bedrock:amazon.nova-pro-v1:0",
        "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0",
        "bedrock:meta.llama3-3-70b-instruct-v1:0",
        "bedrock:openai.gpt-oss-120b-1:0",
        "bedrock:openai.gpt-oss-20b-1:0",
        "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0",
        "bedrock:us.meta.llama3-3-70b-instruct-v1:0",
      ].sort(),
    );
    expect(bedrock.models.slice(0, 9).every((m) => m.inCatalog)).toBe(true); // catalog models first
    const profile = bedrock.models.find((m) => m.providerModelId === "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")!;
    expect(profile).toMatchObject({ kind: "inference-profile", inCatalog: false, inputModalities: ["text", "image"] });
    expect(profile.envLine).toBe(`BEDROCK_MODELS=${emulatorEnv(emulator.url).BEDROCK_MODELS},eu.anthropic.claude-sonnet-4-5-20250929-v1:0`);
    // facts of a model outside the catalog come from model-info where its id says which model it is
    expect(bedrock.models.find((m) => m.providerModelId === "amazon.nova-lite-v1:0")).toMatchObject({
      inCatalog: false,
      contextWindow: 300_000,
      maxOutputTokens: 10_000,
    });

    // Anthropic lists dated snapshots, newest first: the catalog's aliases mark the newest of each
    const anthropic = byProvider(accounts, "anthropic");
    expect(anthropic.models).toHaveLength(8);
    expect(anthropic.models.filter((m) => m.inCatalog).map((m) => [m.providerModelId, m.catalogId])).toEqual([
      ["claude-haiku-4-5-20251001", "anthropic:claude-haiku-4-5"],
      ["claude-opus-4-1-20250805", "anthropic:claude-opus-4-1"],
      ["claude-sonnet-4-5-20250929", "anthropic:claude-sonnet-4-5"],
    ]);
    expect(anthropic.models.find((m) => m.providerModelId === "claude-sonnet-4-5-20250929")).toEqual({
      providerModelId: "claude-sonnet-4-5-20250929",
      label: "Claude Sonnet 4.5",
      kind: "model",
      inCatalog: true,
      catalogId: "anthropic:claude-sonnet-4-5",
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      note: "In the catalog as claude-sonnet-4-5, the alias that follows the newest snapshot (this one today).",
    });
    // the line keeps the built-in aliases ANTHROPIC_MODELS replaces; the dated id names its logical model
    expect(anthropic.models.find((m) => m.providerModelId === "claude-sonnet-4-20250514")).toEqual({
      providerModelId: "claude-sonnet-4-20250514",
      label: "Claude Sonnet 4",
      kind: "model",
      inCatalog: false,
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      envLine: "ANTHROPIC_MODELS=claude-sonnet-4-5,claude-haiku-4-5,claude-opus-4-1,claude-sonnet-4-20250514",
    });
    // Gemini: the cloud's own limits
    const google = byProvider(accounts, "google");
    expect(google.models.find((m) => m.providerModelId === "gemini-2.5-flash")).toMatchObject({
      inCatalog: true,
      catalogId: "google:gemini-2.5-flash",
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
    });
    expect(google.models.find((m) => m.providerModelId === "gemma-3-27b-it")).toMatchObject({
      inCatalog: false,
      contextWindow: 131_072,
      maxOutputTokens: 8_192,
      envLine: "GOOGLE_MODELS=gemini-2.5-pro,gemini-2.5-flash,gemini-2.5-flash-lite,gemma-3-27b-it",
    });

    const local = byProvider(accounts, "compatible");
    expect(local.account).toEqual({ label: "Local vLLM", location: "local" });
    expect(local.models.find((m) => m.providerModelId === "gpt-oss:20b")).toMatchObject({
      inCatalog: true,
      catalogId: "local:gpt-oss:20b",
    });
    expect(local.models.find((m) => m.providerModelId === "qwen3:8b")).toEqual({
      providerModelId: "qwen3:8b",
      label: "qwen3:8b",
      kind: "model",
      inCatalog: false,
      contextWindow: 40_960,
      envLine: "OPENAI_COMPATIBLE_LOCAL_MODELS=gpt-oss:20b,gpt-oss-120b,qwen3:8b",
    });
  });

  it("without BEDROCK_MODELS the env line carries the built-in defaults (the variable replaces them)", async () => {
    const { BEDROCK_MODELS: _omit, ...rest } = emulatorEnv(emulator.url);
    void _omit;
    const accounts = await discoverModels(parseEnv(rest), { provider: "bedrock" });
    const line = accounts[0]!.models.find((m) => m.providerModelId === "deepseek.r1-v1:0")!.envLine!;
    expect(line).toMatch(
      /^BEDROCK_MODELS=openai\.gpt-oss-120b-1:0,openai\.gpt-oss-20b-1:0,.*,mistral\.mistral-large-2407-v1:0,.*,deepseek\.r1-v1:0$/,
    );
  });

  it("one account failing (bad key, host down) leaves the others listing", async () => {
    const accounts = await discoverModels(
      env({
        OPENAI_API_KEY: "sk-this-key-is-wrong-123",
        OPENAI_COMPATIBLE_ENDPOINTS: "local,ollama",
        OPENAI_COMPATIBLE_OLLAMA_BASE_URL: `${DEAD}/v1`,
        OPENAI_COMPATIBLE_OLLAMA_MODELS: "llama3.3",
      }),
    );
    expect(accounts.map((a) => [a.provider, a.account.location, a.status])).toEqual([
      ["openai", new URL(emulator.url).host, "error"],
      ["anthropic", new URL(emulator.url).host, "ok"],
      ["google", new URL(emulator.url).host, "ok"],
      ["bedrock", "us-east-1", "ok"],
      ["compatible", "local", "ok"],
      ["compatible", "ollama", "error"],
    ]);
    expect(accounts[0]).toMatchObject({ models: [], error: expect.stringMatching(/^OpenAI answered 401: Incorrect API key provided/) });
    expect(accounts[5]!.error).toBe(`Could not reach Ollama at ${DEAD}/v1/models (connection refused).`);
    expect(JSON.stringify(accounts)).not.toContain("sk-this-key-is-wrong-123");
    expect(accounts[3]!.models.length).toBeGreaterThan(10);
  });

  it("a cloud error on a later call (Bedrock's profiles throttled) is the account's error in that cloud's words", async () => {
    emulator.setScript("list:bedrock-profiles", { fault: { kind: "http", status: 429 } });
    try {
      const [bedrock] = await discoverModels(env(), { provider: "bedrock" });
      expect(bedrock).toMatchObject({
        status: "error",
        models: [],
        error:
          "Amazon Bedrock answered 429: ThrottlingException: Rate limit reached. Please try again later. Rate limited: try again in a minute.",
      });
    } finally {
      emulator.setScript("list:bedrock-profiles", null);
    }
    const [again] = await discoverModels(env(), { provider: "bedrock" }); // the failure was not cached
    expect(again!.status).toBe("ok");
  });

  it("a provider without credentials is not-configured with the variables to set", async () => {
    const accounts = await discoverModels(parseEnv({ OPENAI_API_KEY: C.openaiKey, OPENAI_BASE_URL: `${emulator.url}/v1` }));
    expect(accounts.map((a) => [a.provider, a.status])).toEqual([
      ["openai", "ok"],
      ["anthropic", "not-configured"],
      ["google", "not-configured"],
      ["bedrock", "not-configured"],
      ["compatible", "not-configured"],
    ]);
    expect(accounts[1]).toMatchObject({ hint: expect.stringContaining("ANTHROPIC_API_KEY") });
    expect(accounts[3]).toMatchObject({ models: [], hint: expect.stringContaining("AWS_REGION") });
  });

  it("no secret in any answer", async () => {
    const e = env();
    const text = JSON.stringify(await discoverModels(e));
    for (const secret of [C.openaiKey, C.aws.secretAccessKey, C.azureKey, C.anthropicKey, C.google.geminiKey])
      expect(text).not.toContain(secret);
  });

  it("caches each account's listing briefly; a failed listing is asked again", async () => {
    const other = await startEmulator({ scripts: {} });
    const e = parseEnv({
      OPENAI_COMPATIBLE_ENDPOINTS: "box",
      OPENAI_COMPATIBLE_BOX_BASE_URL: `${other.url}/compatible/v1`,
      OPENAI_COMPATIBLE_BOX_MODELS: "x",
    });
    const first = await discoverModels(e, { provider: "compatible" });
    await other.close();
    const second = await discoverModels(e, { provider: "compatible" });
    expect(second).toEqual(first); // from the cache, same fetchedAt, though the server is gone
    expect(first[0]!.status).toBe("ok");
    clearDiscoverCache();
    const third = await discoverModels(e, { provider: "compatible" });
    expect(third[0]!.status).toBe("error");
  });
});

describe("GET /api/v1/discover", () => {
  const get = (query: string) => api.discover.GET(new Request(`http://127.0.0.1/api/v1/discover${query}`));

  it("answers every account, or one provider's", async () => {
    const all = (await (await get("")).json()) as { accounts: DiscoverAccount[] };
    expect(all.accounts.map((a) => a.provider)).toEqual(["openai", "anthropic", "google", "bedrock", "compatible"]);
    const res = await get("?provider=bedrock&refresh=true");
    expect(res.status).toBe(200);
    const { accounts } = (await res.json()) as { accounts: DiscoverAccount[] };
    expect(accounts.map((a) => [a.provider, a.status])).toEqual([["bedrock", "ok"]]);
    expect(accounts[0]!.models[0]).toMatchObject({
      providerModelId: expect.any(String),
      label: expect.any(String),
      kind: "model",
      inCatalog: true,
    });
  });

  it.each([
    ["?provider=azure", "provider", "provider must be one of openai, anthropic, google, bedrock, compatible."],
    ["?refresh=yes", "refresh", "refresh must be true or false."],
    ["?provider=openai&provider=bedrock", "provider", "provider is given more than once."],
    ["?limit=5", null, 'Unknown field "limit".'],
  ])("%s is a 400 naming the field", async (query, field, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "validation", message, field } });
  });
});

describe("GET /api/v1/models: limits and capabilities", () => {
  type Row = { id: string; contextWindow: number | null; maxOutputTokens: number | null; capabilities: Record<string, boolean> | null };
  it("gives contextWindow, maxOutputTokens and capabilities where known, null where not", async () => {
    const { models } = (await (await api.models.GET()).json()) as { models: Row[] };
    const row = (id: string) => models.find((m) => m.id === id)!;
    expect(row("openai:gpt-5-mini")).toMatchObject({
      contextWindow: 400_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, structuredOutput: true, images: true, reasoning: true },
    });
    expect(Object.keys(row("openai:gpt-5-mini").capabilities!)).toEqual(["tools", "structuredOutput", "images", "reasoning"]);
    expect(row("bedrock:openai.gpt-oss-120b-1:0")).toMatchObject({
      contextWindow: 128_000,
      maxOutputTokens: null,
      capabilities: { tools: true, structuredOutput: true, images: false, reasoning: true },
    });
    // a self-hosted server sets its own window: capabilities yes, limits unknown
    expect(row("local:gpt-oss-120b")).toMatchObject({ contextWindow: null, maxOutputTokens: null, capabilities: { images: false } });
    // a model model-info does not know: all three null (unknown, never a guess)
    expect(row("local:mystery-model")).toMatchObject({ contextWindow: null, maxOutputTokens: null, capabilities: null });
  });
});
