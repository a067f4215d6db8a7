// Google Vertex AI: Gemini (generateContent), Claude (the Anthropic publisher's rawPredict through
// `@ai-sdk/google-vertex/anthropic`) and open models served as MaaS (OpenAI-compatible chat
// completions through `@ai-sdk/google-vertex/maas`), picked by the model id (`vertexModelFamily`).
//
// Credentials come from our parsed env only, never from the library's own reading of process.env:
// - ADC: one OAuth client per configuration, shared by the three APIs, whose tokens come from the
//   credentials file named by GOOGLE_APPLICATION_CREDENTIALS (read at start: service account,
//   external account, gcloud user), from the metadata server at GCE_METADATA_HOST, or from
//   google-auth-library's own search (gcloud's ADC file, the machine's metadata server). The project
//   id is passed so the library never spends a second looking it up.
// - Express mode: GOOGLE_VERTEX_API_KEY in `x-goog-api-key`, Gemini only, used when no ADC is set.
// GOOGLE_VERTEX_ENDPOINT replaces the regional origin (https://<location>-aiplatform.googleapis.com).
import "server-only";
import { createVertex } from "@ai-sdk/google-vertex";
import { createVertexAnthropic } from "@ai-sdk/google-vertex/anthropic";
import { createVertexMaas } from "@ai-sdk/google-vertex/maas";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { GoogleAuth, OAuth2Client, type JWTInput } from "google-auth-library";
import type { VertexAdc, VertexConfig } from "../env";
import { tracedFetch } from "../calls/transport";
import { vertexModelFamily } from "./catalog";
import { vertexNeedsAdcHint } from "./display";
import { cachedProvider, ProviderNotConfiguredError, type FactoryOptions } from "./shared";
import type { CatalogModel } from "./types";

const SCOPES = ["https://www.googleapis.com/auth/cloud-platform"];

type Token = { access_token: string; expiry_date: number };

/** Where fresh access tokens come from, for each kind of ADC. */
function tokenSource(adc: VertexAdc, projectId: string): () => Promise<Token> {
  if (adc.kind === "metadata") {
    // google-auth-library reads GCE_METADATA_HOST from process.env only; ours comes from the parsed env
    const url = `http://${adc.host}/computeMetadata/v1/instance/service-accounts/default/token`;
    return async () => {
      // a bounded wait: the pane's idle clock only starts with the provider request, after the token
      const response = await fetch(url, { headers: { "Metadata-Flavor": "Google" }, signal: AbortSignal.timeout(10_000) }).catch(
        (error: unknown) => {
          throw new Error(`Could not get a token from the metadata server at ${adc.host}: ${(error as Error).message}`);
        },
      );
      if (!response.ok) throw new Error(`The metadata server at ${adc.host} refused a token (${response.status}).`);
      const body = (await response.json()) as { access_token?: string; expires_in?: number };
      if (!body.access_token) throw new Error(`The metadata server at ${adc.host} returned no access token.`);
      return { access_token: body.access_token, expiry_date: Date.now() + (body.expires_in ?? 0) * 1000 };
    };
  }
  const auth = new GoogleAuth({
    scopes: SCOPES,
    projectId,
    ...(adc.kind === "file" ? { credentials: adc.credentials as JWTInput } : {}),
  });
  return async () => {
    // the library's client caches its token and refreshes it before expiry
    const client = await auth.getClient();
    const { token } = await client.getAccessToken();
    if (!token) throw new Error("Google Application Default Credentials returned no access token.");
    const expiry = (client as { credentials?: { expiry_date?: number | null } }).credentials?.expiry_date;
    // without a known expiry, ask again next time (the library's client answers from its cache)
    return { access_token: token, expiry_date: expiry ?? Date.now() };
  };
}

/** The OAuth client the three APIs share, so one token serves them all. */
function sharedAuthClient(adc: VertexAdc, projectId: string): OAuth2Client {
  const client = new OAuth2Client();
  client.refreshHandler = tokenSource(adc, projectId);
  return client;
}

export function vertexLanguageModel(model: CatalogModel, config: VertexConfig, options: FactoryOptions = {}): LanguageModelV3 {
  if (!config.configured) throw new ProviderNotConfiguredError("vertex", model.id);
  const family = vertexModelFamily(model.providerModelId);
  const { project, location, endpoint, adc } = config;
  const fetch = tracedFetch(options.fetch);

  if (!adc || !project || !location) {
    // express mode: Gemini only
    if (family !== "gemini" || !config.apiKey) {
      throw new Error(`${model.label} cannot run on Google Vertex AI with an express-mode key. ${vertexNeedsAdcHint}`);
    }
    const settings = { apiKey: config.apiKey, ...(endpoint ? { baseURL: `${endpoint}/v1/publishers/google` } : {}) };
    const provider = cachedProvider("vertex-express", settings, options, () => createVertex({ ...settings, fetch }));
    return provider(model.providerModelId);
  }

  const key = { project, location, endpoint, adc };
  const authClient = cachedProvider("vertex-auth", key, options, () => sharedAuthClient(adc, project));
  const googleAuthOptions = { authClient, projectId: project };
  const base = endpoint ? `${endpoint}/v1/projects/${project}/locations/${location}` : undefined;
  switch (family) {
    case "anthropic": {
      const provider = cachedProvider("vertex-anthropic", key, options, () =>
        createVertexAnthropic({
          project,
          location,
          ...(base ? { baseURL: `${base}/publishers/anthropic/models` } : {}),
          generateAuthToken: async () => (await authClient.getAccessToken()).token ?? null,
          fetch,
        }),
      );
      return provider(model.providerModelId);
    }
    case "maas": {
      const provider = cachedProvider("vertex-maas", key, options, () =>
        createVertexMaas({ project, location, ...(base ? { baseURL: `${base}/endpoints/openapi` } : {}), googleAuthOptions, fetch }),
      );
      return provider(model.providerModelId);
    }
    case "gemini": {
      const provider = cachedProvider("vertex-gemini", key, options, () =>
        createVertex({
          // an empty key keeps a stray GOOGLE_VERTEX_API_KEY in process.env from switching to express mode
          apiKey: "",
          project,
          location,
          // the package's own path for Gemini is v1beta1
          ...(endpoint ? { baseURL: `${endpoint}/v1beta1/projects/${project}/locations/${location}/publishers/google` } : {}),
          googleAuthOptions,
          fetch,
        }),
      );
      return provider(model.providerModelId);
    }
    default: {
      const unknown: never = family;
      throw new Error(`Unknown Vertex AI model family ${String(unknown)}`);
    }
  }
}
