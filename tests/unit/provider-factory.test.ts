// Request shape per provider: the real provider packages, a capturing fetch (nothing leaves the
// process), asserts on URL, headers and body.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { streamText } from "ai";
import { AwsV4Signer } from "aws4fetch";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv, type Env } from "../../lib/env";
import { findModel } from "../../lib/providers/catalog";
import { getLanguageModel, ProviderNotConfiguredError } from "../../lib/providers/index";
import type { CatalogModel } from "../../lib/providers/types";

type Captured = { url: string; method: string; headers: Headers; body: string };

/** A fetch that records the request and answers with an error (or `respond`'s response). */
function capturingFetch(respond?: () => Response) {
  const requests: Captured[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    requests.push({
      url,
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers as HeadersInit),
      body: typeof init?.body === "string" ? init.body : "",
    });
    return (
      respond?.() ??
      new Response(JSON.stringify({ error: { message: "captured", type: "server_error" }, message: "captured" }), {
        status: 500,
        headers: { "content-type": "application/json" },
      })
    );
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const prompt: LanguageModelV3Prompt = [{ role: "user", content: [{ type: "text", text: "Why is the sky blue?" }] }];

/** Calls doStream once (no retries at this level) and returns the captured request. */
async function captureStream(model: CatalogModel, env: Env): Promise<Captured> {
  const { fetch, requests } = capturingFetch();
  const languageModel = getLanguageModel(model, env, { fetch });
  await expect(languageModel.doStream({ prompt })).rejects.toThrow();
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

function model(id: string, env: Env): CatalogModel {
  const found = findModel(id, env);
  if (!found) throw new Error(`no model ${id}`);
  return found;
}

// Safety net: any request that escapes the capturing fetch fails instead of leaving the machine.
beforeAll(() => {
  vi.stubGlobal("fetch", () => Promise.reject(new Error("network disabled in unit tests")));
});
afterAll(() => {
  vi.unstubAllGlobals();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("OpenAI", () => {
  const env = parseEnv({ OPENAI_API_KEY: "sk-test" });

  it("is a Responses API model with the catalog's id", () => {
    const languageModel = getLanguageModel(model("openai:gpt-4o-mini", env), env);
    expect(languageModel.provider).toBe("openai.responses");
    expect(languageModel.modelId).toBe("gpt-4o-mini");
  });

  it("posts to /v1/responses with a Bearer key", async () => {
    const request = await captureStream(model("openai:gpt-4o-mini", env), env);
    expect(request.url).toBe("https://api.openai.com/v1/responses");
    expect(request.method).toBe("POST");
    expect(request.headers.get("authorization")).toBe("Bearer sk-test");
    expect(JSON.parse(request.body)).toMatchObject({ model: "gpt-4o-mini", stream: true });
  });

  it("honours OPENAI_BASE_URL", async () => {
    const local = parseEnv({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "http://127.0.0.1:4010/v1/" });
    const request = await captureStream(model("openai:gpt-5", local), local);
    expect(request.url).toBe("http://127.0.0.1:4010/v1/responses");
  });
});

describe("Azure OpenAI", () => {
  const env = parseEnv({
    AZURE_OPENAI_API_KEY: "azure-key",
    AZURE_OPENAI_ENDPOINT: "https://myres.openai.azure.com/",
    AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini",
  });

  it("is a Responses API model named by the deployment", () => {
    const languageModel = getLanguageModel(model("azure:prod-mini", env), env);
    expect(languageModel.provider).toBe("azure.responses");
    expect(languageModel.modelId).toBe("prod-mini");
  });

  it("posts to <endpoint>/openai/v1/responses with an api-key header", async () => {
    const request = await captureStream(model("azure:prod-mini", env), env);
    expect(request.url).toBe("https://myres.openai.azure.com/openai/v1/responses");
    expect(request.headers.get("api-key")).toBe("azure-key");
    expect(request.headers.get("authorization")).toBeNull();
    expect(JSON.parse(request.body)).toMatchObject({ model: "prod-mini", stream: true });
  });

  it("derives the same path from AZURE_RESOURCE_NAME and from a loopback endpoint", async () => {
    const byName = parseEnv({ AZURE_API_KEY: "k", AZURE_RESOURCE_NAME: "other", AZURE_OPENAI_DEPLOYMENTS: "gpt-4o" });
    expect((await captureStream(model("azure:gpt-4o", byName), byName)).url).toBe("https://other.openai.azure.com/openai/v1/responses");
    const loopback = parseEnv({
      AZURE_API_KEY: "k",
      AZURE_OPENAI_ENDPOINT: "http://127.0.0.1:4010",
      AZURE_OPENAI_DEPLOYMENTS: "gpt-4o",
    });
    expect((await captureStream(model("azure:gpt-4o", loopback), loopback)).url).toBe("http://127.0.0.1:4010/openai/v1/responses");
  });
});

describe("Amazon Bedrock", () => {
  const keys = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDTEST",
    AWS_SECRET_ACCESS_KEY: "secret-test",
  };

  it("is a Converse model with the Bedrock model id", () => {
    const env = parseEnv(keys);
    const languageModel = getLanguageModel(model("bedrock:amazon.nova-pro-v1:0", env), env);
    expect(languageModel.provider).toBe("amazon-bedrock");
    expect(languageModel.modelId).toBe("amazon.nova-pro-v1:0");
  });

  it("posts a SigV4-signed ConverseStream request", async () => {
    const env = parseEnv({ ...keys, AWS_SESSION_TOKEN: "session-test" });
    const request = await captureStream(model("bedrock:openai.gpt-oss-120b-1:0", env), env);
    expect(request.url).toBe("https://bedrock-runtime.us-east-1.amazonaws.com/model/openai.gpt-oss-120b-1%3A0/converse-stream");
    const amzDate = request.headers.get("x-amz-date")!;
    expect(amzDate).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request.headers.get("x-amz-security-token")).toBe("session-test");
    const authorization = request.headers.get("authorization")!;
    expect(authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=AKIDTEST/${amzDate.slice(0, 8)}/us-east-1/bedrock/aws4_request, ` +
          "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$",
      ),
    );
    expect(JSON.parse(request.body)).toMatchObject({
      messages: [{ role: "user", content: [{ text: "Why is the sky blue?" }] }],
    });

    // the signature is the one an AWS verifier computes for these credentials and this request
    const expected = await new AwsV4Signer({
      url: request.url,
      method: "POST",
      headers: { "x-amz-date": amzDate },
      body: request.body,
      region: "us-east-1",
      service: "bedrock",
      accessKeyId: "AKIDTEST",
      secretAccessKey: "secret-test",
      sessionToken: "session-test",
      datetime: amzDate,
    }).sign();
    expect(authorization).toBe(expected.headers.get("authorization"));
  });

  it("is not overridden by a stray AWS_BEARER_TOKEN_BEDROCK in process.env", async () => {
    vi.stubEnv("AWS_BEARER_TOKEN_BEDROCK", "stray-token");
    const env = parseEnv(keys);
    const request = await captureStream(model("bedrock:amazon.nova-lite-v1:0", env), env);
    expect(request.headers.get("authorization")).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it("sends a Bedrock API key as a Bearer token, to AWS_ENDPOINT_URL_BEDROCK_RUNTIME", async () => {
    const env = parseEnv({
      AWS_REGION: "us-west-2",
      AWS_BEARER_TOKEN_BEDROCK: "bedrock-api-key",
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: "http://127.0.0.1:4010/",
    });
    const request = await captureStream(model("bedrock:anthropic.claude-3-5-haiku-20241022-v1:0", env), env);
    expect(request.url).toBe("http://127.0.0.1:4010/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream");
    expect(request.headers.get("authorization")).toBe("Bearer bedrock-api-key");
  });

  it("signs with credentials from the AWS credential chain (a profile in a temporary credentials file)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "juxta-aws-"));
    try {
      const credentials = join(dir, "credentials");
      writeFileSync(credentials, "[juxta-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
      vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", credentials);
      vi.stubEnv("AWS_CONFIG_FILE", join(dir, "config")); // absent on purpose
      vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true"); // never fall through to the instance metadata service
      const env = parseEnv({ AWS_REGION: "eu-west-1", AWS_PROFILE: "juxta-test" });
      expect(env.bedrock.auth).toEqual({ kind: "chain", profile: "juxta-test", reason: "profile" });
      const request = await captureStream(model("bedrock:amazon.nova-pro-v1:0", env), env);
      expect(request.url).toBe("https://bedrock-runtime.eu-west-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse-stream");
      expect(request.headers.get("authorization")).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDPROFILE\/\d{8}\/eu-west-1\/bedrock\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds a model for the credential chain without resolving credentials", () => {
    const env = parseEnv({ AWS_REGION: "us-east-1", BEDROCK_USE_CREDENTIAL_CHAIN: "true" });
    expect(getLanguageModel(model("bedrock:amazon.nova-pro-v1:0", env), env).modelId).toBe("amazon.nova-pro-v1:0");
  });
});

describe("OpenAI-compatible endpoints", () => {
  const env = parseEnv({
    OPENAI_COMPATIBLE_ENDPOINTS: "ollama,vllm",
    OPENAI_COMPATIBLE_OLLAMA_BASE_URL: "http://127.0.0.1:11434/v1",
    OPENAI_COMPATIBLE_OLLAMA_MODELS: "gpt-oss:120b,llama3.3",
    OPENAI_COMPATIBLE_VLLM_BASE_URL: "http://127.0.0.1:8000/v1",
    OPENAI_COMPATIBLE_VLLM_API_KEY: "vllm-token",
    OPENAI_COMPATIBLE_VLLM_MODELS: "openai/gpt-oss-120b",
  });

  it("is a chat model named by the endpoint", () => {
    const languageModel = getLanguageModel(model("ollama:llama3.3", env), env);
    expect(languageModel.provider).toBe("ollama.chat");
    expect(languageModel.modelId).toBe("llama3.3");
  });

  it("posts to /chat/completions asking for usage, without auth when no key is set", async () => {
    const request = await captureStream(model("ollama:llama3.3", env), env);
    expect(request.url).toBe("http://127.0.0.1:11434/v1/chat/completions");
    expect(request.headers.get("authorization")).toBeNull();
    expect(JSON.parse(request.body)).toMatchObject({
      model: "llama3.3",
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("sends the endpoint's key as a Bearer token", async () => {
    const request = await captureStream(model("vllm:openai/gpt-oss-120b", env), env);
    expect(request.url).toBe("http://127.0.0.1:8000/v1/chat/completions");
    expect(request.headers.get("authorization")).toBe("Bearer vllm-token");
    expect(JSON.parse(request.body)).toMatchObject({ model: "openai/gpt-oss-120b" });
  });

  it("turns gpt-oss <reasoning> text into reasoning parts", async () => {
    const chunk = (delta: object, extra: object = {}) =>
      `data: ${JSON.stringify({
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1,
        model: "gpt-oss:120b",
        choices: [{ index: 0, delta, finish_reason: null }],
        ...extra,
      })}\n\n`;
    const sse = [
      chunk({ role: "assistant", content: "<reasoning>Rayleigh" }),
      chunk({ content: " scattering.</reasoning>Short wavelengths" }),
      chunk({ content: " scatter more." }),
      chunk({}, { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
      chunk({}, { choices: [], usage: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 } }),
      "data: [DONE]\n\n",
    ].join("");
    const { fetch, requests } = capturingFetch(() => new Response(sse, { status: 200, headers: { "content-type": "text/event-stream" } }));
    const catalogModel = model("ollama:gpt-oss:120b", env);
    expect(catalogModel.reasoningInText).toBe(true);
    const languageModel = getLanguageModel(catalogModel, env, { fetch });
    expect(languageModel.modelId).toBe("gpt-oss:120b");

    const result = streamText({ model: languageModel, prompt: "Why is the sky blue?", maxRetries: 0 });
    let reasoning = "";
    let text = "";
    for await (const part of result.fullStream) {
      if (part.type === "reasoning-delta") reasoning += part.text;
      if (part.type === "text-delta") text += part.text;
      if (part.type === "error") throw part.error;
    }
    expect(reasoning).toBe("Rayleigh scattering.");
    expect(text).toBe("Short wavelengths scatter more.");
    expect((await result.usage).outputTokens).toBe(12);
    expect(requests[0]!.url).toBe("http://127.0.0.1:11434/v1/chat/completions");
  });
});

describe("getLanguageModel", () => {
  it("refuses a model whose provider is not configured, saying what to set", () => {
    const env = parseEnv({});
    const gpt = model("openai:gpt-4o-mini", env);
    expect(() => getLanguageModel(gpt, env)).toThrow(ProviderNotConfiguredError);
    expect(() => getLanguageModel(gpt, env)).toThrow(
      "OpenAI is not configured, so openai:gpt-4o-mini cannot run. Set OPENAI_API_KEY to use OpenAI models.",
    );
    expect(() => getLanguageModel(model("bedrock:amazon.nova-pro-v1:0", env), env)).toThrow(/Set AWS_REGION/);
  });

  it("refuses an unknown provider", () => {
    const env = parseEnv({ OPENAI_API_KEY: "sk-test" });
    const bogus = { ...model("openai:gpt-4o", env), provider: "gemini" } as unknown as CatalogModel;
    expect(() => getLanguageModel(bogus, env)).toThrow("Unknown provider gemini");
  });
});
