// Amazon Bedrock's OpenAI-compatible Chat Completions API (`POST <runtime origin>/openai/v1/chat/completions`):
// a second API surface of the same Bedrock models (gpt-oss), through `@ai-sdk/openai`'s chat model.
// The base URL and key are always passed, so the package never reads OPENAI_BASE_URL / OPENAI_API_KEY,
// which belong to the real OpenAI set-up. Auth as for Converse: a Bedrock API key (Bearer), or SigV4
// (service `bedrock`) with explicit keys or the AWS credential chain, signed over the final URL.
import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { AwsV4Signer } from "aws4fetch";
import type { BedrockConfig } from "../env";
import { tracedFetch } from "../calls/transport";
import { credentialChain, type Credentials } from "./bedrock";
import { reasoningContentAsText } from "./reasoning-content";
import { cachedProvider, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";

/** `<origin>/openai/v1`: AWS_ENDPOINT_URL_BEDROCK_RUNTIME (or AWS_ENDPOINT_URL), else the region's runtime host. */
export function bedrockOpenAIBaseURL(config: Pick<BedrockConfig, "baseURL" | "region">): string | undefined {
  const origin = config.baseURL ?? (config.region ? `https://bedrock-runtime.${config.region}.amazonaws.com` : undefined);
  return origin ? `${origin.replace(/\/+$/, "")}/openai/v1` : undefined;
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

/**
 * Signs each request with SigV4 just before it leaves, over the URL the SDK built (a host rewritten
 * after signing would break the signature). The placeholder bearer key is dropped first.
 */
export function sigV4Fetch(
  region: string,
  credentials: () => Promise<Credentials>,
  inner: typeof globalThis.fetch,
): typeof globalThis.fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.delete("authorization");
    const body = init?.body;
    if (body != null && typeof body !== "string") throw new TypeError("Bedrock SigV4 signing needs a string body");
    const signer = new AwsV4Signer({
      url: urlOf(input),
      method: init?.method ?? "POST",
      headers,
      ...(body != null ? { body } : {}),
      region,
      service: "bedrock",
      ...(await credentials()),
    });
    const signed = await signer.sign();
    return inner(signed.url.toString(), { ...init, headers: signed.headers });
  };
}

export function bedrockOpenAILanguageModel(model: CatalogModel, config: BedrockConfig, options: FactoryOptions = {}): LanguageModelV3 {
  const { region, auth } = config;
  const baseURL = bedrockOpenAIBaseURL(config);
  if (!config.configured || !region || !auth || !baseURL) throw new ProviderNotConfiguredError("bedrock-openai", model.id);
  const key = { region, baseURL, auth };
  const provider = cachedProvider("bedrock-openai", key, options, () => {
    let transport = tracedFetch(options.fetch);
    if (auth.kind === "keys") {
      const { accessKeyId, secretAccessKey, sessionToken } = auth;
      const credentials = async () => ({ accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) });
      transport = sigV4Fetch(region, credentials, transport);
    } else if (auth.kind === "chain") {
      transport = sigV4Fetch(region, credentialChain(auth.profile, region), transport);
    }
    return createOpenAI({
      name: "bedrock-openai",
      baseURL,
      // with SigV4 the key is a placeholder that sigV4Fetch removes (never OPENAI_API_KEY)
      apiKey: auth.kind === "bearer" ? auth.token : "sigv4",
      // gpt-oss's reasoning arrives as `reasoning_content`: into <reasoning> text, read by the middleware
      fetch: reasoningContentAsText("reasoning", transport),
    });
  });
  return provider.chat(model.providerModelId);
}
