// Request shape of the Gemini API and Vertex AI providers on their real hosts (no endpoint override):
// the real packages, a capturing fetch for the model request, and, for ADC, a metadata server
// answered in-process (GCE_METADATA_HOST). Nothing leaves the process.
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv, type Env } from "../../lib/env";
import { findModel } from "../../lib/providers/catalog";
import { getLanguageModel } from "../../lib/providers/index";
import { clearProviderCache } from "../../lib/providers/shared";

type Captured = { url: string; headers: Headers; body: unknown };
const prompt: LanguageModelV3Prompt = [{ role: "user", content: [{ type: "text", text: "Why is the sky blue?" }] }];
const metadataRequests: { url: string; flavor: string | null }[] = [];

beforeAll(() => {
  // the only request allowed through the global fetch: the metadata server at metadata.test
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith("http://metadata.test/")) throw new Error(`network disabled in unit tests (${url})`);
    metadataRequests.push({ url, flavor: new Headers(init?.headers).get("metadata-flavor") });
    return Response.json({ access_token: "ya29.test-token", expires_in: 3599, token_type: "Bearer" });
  });
});
afterAll(() => vi.unstubAllGlobals());
afterEach(() => {
  vi.unstubAllEnvs();
  clearProviderCache();
  metadataRequests.length = 0;
});

async function capture(id: string, env: Env): Promise<Captured> {
  const requests: Captured[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
    return Response.json({ error: { code: 500, message: "captured", status: "INTERNAL" } }, { status: 500 });
  }) as typeof globalThis.fetch;
  const model = findModel(id, env);
  if (!model) throw new Error(`no model ${id}`);
  await expect(getLanguageModel(model, env, { fetch }).doStream({ prompt })).rejects.toThrow();
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

describe("Gemini API", () => {
  it("posts to generativelanguage.googleapis.com/v1beta with x-goog-api-key", async () => {
    const request = await capture("google:gemini-2.5-flash", parseEnv({ GOOGLE_GENERATIVE_AI_API_KEY: "g-key" }));
    expect(request.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(request.headers.get("x-goog-api-key")).toBe("g-key");
    expect(request.body).toMatchObject({ contents: [{ role: "user", parts: [{ text: "Why is the sky blue?" }] }] });
  });
});

describe("Vertex AI", () => {
  const adc = parseEnv({
    GOOGLE_VERTEX_PROJECT: "my-project-123",
    GOOGLE_VERTEX_LOCATION: "europe-west4",
    GCE_METADATA_HOST: "metadata.test",
  });
  const host = "https://europe-west4-aiplatform.googleapis.com";
  const base = `${host}/v1/projects/my-project-123/locations/europe-west4`;

  it("Gemini with ADC: the v1beta1 regional path and the metadata server's token as a bearer", async () => {
    const request = await capture("vertex:gemini-2.5-flash", adc);
    expect(request.url).toBe(
      `${host}/v1beta1/projects/my-project-123/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
    );
    expect(request.headers.get("authorization")).toBe("Bearer ya29.test-token");
    expect(metadataRequests).toEqual([
      { url: "http://metadata.test/computeMetadata/v1/instance/service-accounts/default/token", flavor: "Google" },
    ]);
  });

  it("Claude with ADC: the Anthropic publisher's streamRawPredict, Messages body without a model", async () => {
    const request = await capture("vertex:claude-sonnet-4-5@20250929", adc);
    expect(request.url).toBe(`${base}/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict`);
    expect(request.headers.get("authorization")).toBe("Bearer ya29.test-token");
    expect(request.body).toMatchObject({ anthropic_version: "vertex-2023-10-16", stream: true });
    expect((request.body as Record<string, unknown>).model).toBeUndefined();
  });

  it("open models with ADC: the OpenAI-compatible MaaS endpoint", async () => {
    const request = await capture("vertex:openai/gpt-oss-120b-maas", adc);
    expect(request.url).toBe(`${base}/endpoints/openapi/chat/completions`);
    expect(request.headers.get("authorization")).toBe("Bearer ya29.test-token");
    expect(request.body).toMatchObject({ model: "openai/gpt-oss-120b-maas", stream: true });
  });

  it("the three APIs share one token", async () => {
    await capture("vertex:gemini-2.5-flash", adc);
    clearProviderCache();
    metadataRequests.length = 0;
    // (a capturing fetch builds fresh instances; without one, the cached client answers from its token)
    const model = findModel("vertex:gemini-2.5-pro", adc)!;
    const claude = findModel("vertex:claude-haiku-4-5@20251001", adc)!;
    const a = getLanguageModel(model, adc);
    const b = getLanguageModel(claude, adc);
    const swallow = (p: PromiseLike<unknown>) => Promise.resolve(p).catch(() => undefined);
    await swallow(a.doStream({ prompt }));
    await swallow(b.doStream({ prompt }));
    expect(metadataRequests).toHaveLength(1);
  });

  it("express mode: the global /v1/publishers/google path with the key, and a stray GOOGLE_VERTEX_API_KEY in process.env does not switch ADC to it", async () => {
    const express = await capture("vertex:gemini-2.5-flash", parseEnv({ GOOGLE_VERTEX_API_KEY: "v-key" }));
    expect(express.url).toBe(
      "https://aiplatform.googleapis.com/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    expect(express.headers.get("x-goog-api-key")).toBe("v-key");
    expect(express.headers.get("authorization")).toBeNull();

    vi.stubEnv("GOOGLE_VERTEX_API_KEY", "stray-key");
    const request = await capture("vertex:gemini-2.5-flash", adc);
    expect(request.headers.get("x-goog-api-key")).toBeNull();
    expect(request.headers.get("authorization")).toBe("Bearer ya29.test-token");
  });

  it("the global location uses the aiplatform.googleapis.com host", async () => {
    const global = parseEnv({
      GOOGLE_VERTEX_PROJECT: "my-project-123",
      GOOGLE_VERTEX_LOCATION: "global",
      GCE_METADATA_HOST: "metadata.test",
    });
    const request = await capture("vertex:claude-sonnet-4-5@20250929", global);
    expect(request.url).toBe(
      "https://aiplatform.googleapis.com/v1/projects/my-project-123/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict",
    );
  });
});
