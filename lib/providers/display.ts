// Display helpers with no provider-package imports, safe for any module (pages, components).
import type { Env } from "../env";
import type { ProviderId } from "./types";

/** "OpenAI", "Azure OpenAI", "Amazon Bedrock", "Anthropic", or an OpenAI-compatible endpoint's label. */
export function providerDisplayName(provider: ProviderId, endpointLabel?: string): string {
  switch (provider) {
    case "openai":
      return "OpenAI";
    case "azure":
      return "Azure OpenAI";
    case "bedrock":
      return "Amazon Bedrock";
    case "compatible":
      return endpointLabel ?? "OpenAI-compatible endpoint";
    case "anthropic":
      return "Anthropic";
    case "google":
      return "Google Gemini API";
    case "vertex":
      return "Google Vertex AI";
    default: {
      const unknown: never = provider;
      throw new Error(`Unknown provider ${String(unknown)}`);
    }
  }
}

/**
 * The sentence telling an operator which variables to set to use a provider. With `env`, names only
 * what is still missing (e.g. a region but no AWS credentials).
 */
export function missingConfigHint(provider: ProviderId, env?: Env): string {
  switch (provider) {
    case "openai":
      return "Set OPENAI_API_KEY to use OpenAI models.";
    case "azure": {
      const missing: string[] = [];
      if (!env?.azure.apiKey) missing.push("AZURE_OPENAI_API_KEY");
      if (!env?.azure.baseURL) missing.push("AZURE_OPENAI_ENDPOINT (or AZURE_RESOURCE_NAME)");
      if (!env || env.azure.deployments.length === 0) missing.push("AZURE_OPENAI_DEPLOYMENTS");
      // with a complete env nothing is missing: name the whole set
      const all = ["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_DEPLOYMENTS"];
      return `Set ${joinAnd(missing.length > 0 ? missing : all)} to use Azure OpenAI models.`;
    }
    case "bedrock": {
      const credentials =
        "AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_BEARER_TOKEN_BEDROCK, AWS_PROFILE, " +
        "or BEDROCK_USE_CREDENTIAL_CHAIN=true for an instance or task role)";
      const missing: string[] = [];
      if (!env?.bedrock.region) missing.push("AWS_REGION");
      if (!env?.bedrock.auth) missing.push(credentials);
      return `Set ${joinAnd(missing.length > 0 ? missing : ["AWS_REGION", credentials])} to use Amazon Bedrock models.`;
    }
    case "compatible":
      return (
        "Set OPENAI_COMPATIBLE_ENDPOINTS (e.g. ollama) and, for each endpoint NAME, " +
        "OPENAI_COMPATIBLE_<NAME>_BASE_URL and OPENAI_COMPATIBLE_<NAME>_MODELS " +
        "to use an OpenAI-compatible server such as Ollama, vLLM or LM Studio."
      );
    case "anthropic":
      return "Set ANTHROPIC_API_KEY (from console.anthropic.com) to use Anthropic models.";
    case "google":
      return "Set GOOGLE_GENERATIVE_AI_API_KEY to use Gemini models through the Gemini API.";
    case "vertex": {
      const v = env?.vertex;
      // an express-mode key runs Gemini; Claude and MaaS models still need ADC
      if (v?.configured && !v.adc) return vertexNeedsAdcHint;
      const missing = [!v?.project && "GOOGLE_VERTEX_PROJECT", !v?.location && "GOOGLE_VERTEX_LOCATION"].filter((m): m is string => !!m);
      const place = joinAnd(missing.length > 0 ? missing : ["GOOGLE_VERTEX_PROJECT", "GOOGLE_VERTEX_LOCATION"]);
      return (
        `Set ${place} with Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS naming a service-account or ` +
        "external-account file, or the machine's service account through the metadata server), or GOOGLE_VERTEX_API_KEY " +
        "(express mode, Gemini only), to use Google Vertex AI models."
      );
    }
    default: {
      const unknown: never = provider;
      throw new Error(`Unknown provider ${String(unknown)}`);
    }
  }
}

/** Claude and open models on Vertex AI take OAuth tokens only: an express-mode key cannot run them. */
export const vertexNeedsAdcHint =
  "Claude and open (MaaS) models on Google Vertex AI need Application Default Credentials: set GOOGLE_VERTEX_PROJECT, " +
  "GOOGLE_VERTEX_LOCATION and GOOGLE_APPLICATION_CREDENTIALS (or run on Google Cloud with a service account); " +
  "GOOGLE_VERTEX_API_KEY (express mode) serves Gemini models only.";

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
