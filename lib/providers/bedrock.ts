// Amazon Bedrock through Converse / ConverseStream. Region and credentials come from our parsed env
// only: explicit keys (SigV4), a Bedrock API key (Bearer), or the standard AWS credential chain.
import "server-only";
import { createAmazonBedrock, type AmazonBedrockProviderSettings } from "@ai-sdk/amazon-bedrock";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { BedrockConfig } from "../env";
import { tracedFetch } from "../calls/transport";
import { cachedProvider, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/**
 * The AWS SDK's default Node credential chain (env, SSO, web identity, ini profile, process,
 * container and instance metadata), loaded on first use so tests and non-Bedrock setups never
 * import it. `fromNodeProviderChain` memoizes and refreshes expiring credentials itself.
 */
export function credentialChain(profile: string | undefined, region: string): () => Promise<Credentials> {
  let provider: Promise<() => Promise<Credentials>> | undefined;
  return async () => {
    provider ??= import("@aws-sdk/credential-providers").then(({ fromNodeProviderChain }) =>
      fromNodeProviderChain({ ...(profile ? { profile } : {}), clientConfig: { region } }),
    );
    const { accessKeyId, secretAccessKey, sessionToken } = await (await provider)();
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  };
}

export function bedrockLanguageModel(model: CatalogModel, config: BedrockConfig, options: FactoryOptions = {}): LanguageModelV3 {
  const { region, auth } = config;
  if (!config.configured || !region || !auth) throw new ProviderNotConfiguredError("bedrock", model.id);
  const key = { region, baseURL: config.baseURL, auth };
  const provider = cachedProvider("bedrock", key, options, () => {
    const settings: AmazonBedrockProviderSettings = {
      region,
      ...(config.baseURL ? { baseURL: config.baseURL } : {}),
      fetch: tracedFetch(options.fetch),
      // An empty apiKey keeps a stray AWS_BEARER_TOKEN_BEDROCK in process.env from silently
      // overriding the SigV4 credentials chosen here (the SDK checks that variable first).
      apiKey: auth.kind === "bearer" ? auth.token : "",
    };
    if (auth.kind === "keys") {
      // passing both keys stops the SDK from reading AWS_SESSION_TOKEN from process.env
      settings.accessKeyId = auth.accessKeyId;
      settings.secretAccessKey = auth.secretAccessKey;
      if (auth.sessionToken) settings.sessionToken = auth.sessionToken;
    } else if (auth.kind === "chain") {
      settings.credentialProvider = credentialChain(auth.profile, region);
    }
    return createAmazonBedrock(settings);
  });
  return provider(model.providerModelId);
}
