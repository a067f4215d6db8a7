// Environment, checked once with zod. `getEnv()` reads `process.env` (cached); `parseEnv(raw)` is the
// pure core the tests drive. Everything else in the app reads configuration from the typed `Env`
// this returns, never from `process.env`, so one bad value fails at start with one clear sentence.
// No `import "server-only"` here: next.config.ts imports this module to check the environment at
// start-up, and Next loads its config outside the react-server condition. Keys stay server-side
// because only server modules (lib/providers, lib/auth) read the parsed values.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { providerIds } from "./providers/types";

// ---------------------------------------------------------------------------------------------
// Public types

/** An operator price override, USD per 1M tokens. */
export type PriceOverride = { input: number; cachedInput?: number | undefined; output: number };

/** `id` or `id=logical-model` from a comma-separated model list. */
export type ModelEntry = { id: string; logicalModel?: string | undefined };

/** `deployment` or `deployment=model` from AZURE_OPENAI_DEPLOYMENTS. */
export type AzureDeployment = { deployment: string; model?: string | undefined };

export type OpenAIConfig = {
  /** true when OPENAI_API_KEY is set */
  configured: boolean;
  apiKey?: string | undefined;
  baseURL?: string | undefined;
};

export type AzureConfig = {
  /** true when a key, an endpoint (or resource name) and at least one deployment (of either list) are set */
  configured: boolean;
  apiKey?: string | undefined;
  /** derived: `<endpoint>/openai/v1`, or `https://<resource>.openai.azure.com/openai/v1` */
  baseURL?: string | undefined;
  /** the resource name (first label of an *.azure.com host) or the endpoint's host */
  resource?: string | undefined;
  deployments: AzureDeployment[];
  /**
   * AZURE_FOUNDRY_DEPLOYMENTS: Microsoft Foundry models (Phi, Llama, DeepSeek, Mistral...) deployed on
   * the same resource, served through Chat Completions on the same v1 endpoint and key
   */
  foundryDeployments: AzureDeployment[];
};

export type BedrockAuth =
  | { kind: "bearer"; token: string }
  | { kind: "keys"; accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined }
  /** the standard AWS credential chain (`fromNodeProviderChain`): profile, web identity, container, instance role */
  | { kind: "chain"; profile?: string | undefined; reason: "profile" | "web-identity" | "container" | "flag" };

export type BedrockConfig = {
  /** true when a region and some credentials are set */
  configured: boolean;
  region?: string | undefined;
  auth?: BedrockAuth | undefined;
  /** AWS_ENDPOINT_URL_BEDROCK_RUNTIME, else AWS_ENDPOINT_URL */
  baseURL?: string | undefined;
  /** the control plane (model lists, Discover): AWS_ENDPOINT_URL_BEDROCK, else AWS_ENDPOINT_URL, else https://bedrock.<region>.amazonaws.com */
  controlURL?: string | undefined;
  /** BEDROCK_MODELS; undefined means "the built-in default list" */
  models?: ModelEntry[] | undefined;
  /** BEDROCK_OPENAI_MODELS (Bedrock's OpenAI-compatible Chat Completions API); undefined means the default list */
  openaiModels?: ModelEntry[] | undefined;
};

export type AnthropicConfig = {
  /** true when ANTHROPIC_API_KEY is set */
  configured: boolean;
  apiKey?: string | undefined;
  /** ANTHROPIC_BASE_URL as @ai-sdk/anthropic takes it, with `/v1` (the package posts to `<baseURL>/messages`) */
  baseURL?: string | undefined;
  /** ANTHROPIC_MODELS; undefined means "the built-in default list" */
  models?: ModelEntry[] | undefined;
};

export type GoogleConfig = {
  /** true when GOOGLE_GENERATIVE_AI_API_KEY is set */
  configured: boolean;
  apiKey?: string | undefined;
  /** GOOGLE_GENERATIVE_AI_BASE_URL, e.g. https://generativelanguage.googleapis.com/v1beta */
  baseURL?: string | undefined;
  /** GOOGLE_MODELS; undefined means "the built-in list" */
  models?: ModelEntry[] | undefined;
};

/** How Vertex AI gets OAuth tokens (Application Default Credentials, resolved from our env only). */
export type VertexAdc =
  /** GOOGLE_APPLICATION_CREDENTIALS: a service-account, external-account or gcloud user file, read at start */
  | { kind: "file"; path: string; type: string; credentials: Record<string, unknown> }
  /** GCE_METADATA_HOST: a metadata server at this host[:port] (google-auth-library reads it only from process.env) */
  | { kind: "metadata"; host: string }
  /** google-auth-library's own search: gcloud's ADC file, then the metadata server of the machine */
  | { kind: "default" };

export type VertexConfig = {
  /** true when Gemini models can run: an express-mode key, or a project, a location and ADC */
  configured: boolean;
  project?: string | undefined;
  location?: string | undefined;
  /** GOOGLE_VERTEX_API_KEY: express mode, Gemini models only */
  apiKey?: string | undefined;
  /** ADC for Claude and open (MaaS) models, and for Gemini without an express key */
  adc?: VertexAdc | undefined;
  /** GOOGLE_VERTEX_ENDPOINT: an origin replacing https://<location>-aiplatform.googleapis.com */
  endpoint?: string | undefined;
  /** VERTEX_MODELS; undefined means "the built-in list" */
  models?: ModelEntry[] | undefined;
};

export type CompatibleEndpoint = {
  /** lowercase name from OPENAI_COMPATIBLE_ENDPOINTS, e.g. "ollama" */
  name: string;
  /** `OPENAI_COMPATIBLE_<NAME>_` */
  envPrefix: string;
  label: string;
  baseURL: string;
  apiKey?: string | undefined;
  models: ModelEntry[];
};

/** Sign-in: each provider is switched on by its variables; none -> local single-user mode. */
export type AuthConfig = {
  /** true when at least one sign-in provider is configured */
  enabled: boolean;
  secret?: string | undefined;
  url?: string | undefined;
  github?: { clientId: string; clientSecret: string } | undefined;
  entra?: { clientId: string; clientSecret: string; tenantId: string } | undefined;
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string } | undefined;
  email?: { server: string; from: string } | undefined;
};

export type Env = {
  databaseUrl?: string | undefined;
  /**
   * REDIS_URL: live events and control messages (stop, retry, reveal, typed-in tool results) of
   * comparisons cross instances through this Redis (lib/live); unset: one instance, in memory
   */
  redisUrl?: string | undefined;
  /** REDIS_PREFIX: the prefix of every Redis key and channel Juxta uses (default "juxta") */
  redisPrefix: string;
  port?: number | undefined;
  dataDir: string;
  maxRetries: number;
  /** JUXTA_IDLE_TIMEOUT_MS: a provider call that sends no byte for this long ends as "timed out" */
  idleTimeoutMs: number;
  /** JUXTA_WARM_UP: warm every configured provider up at start-up (lib/calls/warm-up.ts; default on) */
  warmUp: boolean;
  /** JUXTA_STATS_THREADS: worker threads for leaderboard / results statistics (lib/workers/pool.ts; 0 = in the request thread) */
  statsThreads: number;
  /** JUXTA_EMULATED: every configured provider points at Juxta's local emulator */
  emulated: boolean;
  openai: OpenAIConfig;
  azure: AzureConfig;
  bedrock: BedrockConfig;
  anthropic: AnthropicConfig;
  google: GoogleConfig;
  vertex: VertexConfig;
  compatible: CompatibleEndpoint[];
  /** operator price overrides keyed by model id or logical model */
  prices: Record<string, PriceOverride>;
  /** which variable the overrides came from */
  pricesSource?: "JUXTA_PRICES" | "JUXTA_PRICES_FILE" | undefined;
  auth: AuthConfig;
  /** JUXTA_SIGNUP: who may create an account when sign-in is on (lib/auth/signup.ts) */
  signup: "open" | "approval" | "invite";
  /** AUTH_ALLOWED_EMAILS: addresses (lower case) and `@domain` entries that get an account at once */
  allowedEmails: string[];
  /** JUXTA_LIMIT_*: the instance's default limits per person and per API token (lib/limits); 0 = off */
  limits: LimitDefaults;
  /** JUXTA_SIGNIN_EMAILS_PER_ADDRESS / _PER_CLIENT: sign-in links per 10 minutes (lib/auth/email-throttle.ts; 0 = no limit) */
  signinEmails: { perAddress: number; perClient: number };
  /** metrics, traces and logs (lib/observability) */
  observability: ObservabilityConfig;
};

export type ObservabilityConfig = {
  /** JUXTA_METRICS_TOKEN: the bearer token of GET /api/metrics; unset -> the route is 404 */
  metricsToken?: string | undefined;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: traces of each provider call go there over OTLP/HTTP; unset -> no tracing */
  otlpEndpoint?: string | undefined;
  /** OTEL_SERVICE_NAME: the traces' service.name (default "juxta") */
  serviceName: string;
  /** JUXTA_LOG_FORMAT: json (default when NODE_ENV=production) or pretty */
  logFormat: "json" | "pretty";
};

export type LimitDefaults = {
  requestsPerMinute: number;
  concurrentPanes: number;
  dailyUsd: number;
  monthlyUsd: number;
};

/** The defaults when sign-in is on and a variable is not set (README: Limits). */
export const DEFAULT_LIMITS: LimitDefaults = { requestsPerMinute: 30, concurrentPanes: 24, dailyUsd: 50, monthlyUsd: 500 };

export type EnvIssue = { variable: string; message: string };

export class EnvError extends Error {
  readonly issues: EnvIssue[];
  constructor(issues: EnvIssue[]) {
    super(`Invalid environment: ${issues.map((i) => i.message).join(" ")}`);
    this.name = "EnvError";
    this.issues = issues;
  }
}

export type ParseEnvOptions = {
  /** reads JUXTA_PRICES_FILE; defaults to `fs.readFileSync(path, "utf8")` relative to the cwd */
  readFile?: (path: string) => string;
};

// ---------------------------------------------------------------------------------------------
// Small validators (each message is the part of the sentence after the variable's name)

/** names reserved for built-in providers, so `<name>:<model>` ids never collide with them */
export const reservedEndpointNames = providerIds;

const endpointNamePattern = /^[a-z][a-z0-9-]*$/;
// Azure deployment names: letters, digits, `-`, `_`, `.`
const deploymentPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// model ids as providers spell them: `gpt-oss:120b`, `openai/gpt-oss-120b`, `openai.gpt-oss-120b-1:0`,
// inference-profile ARNs `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x.y-v1:0`
const modelIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;
const logicalModelPattern = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
// us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5, cn-north-1, eu-isoe-west-1
const regionPattern = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const azureResourcePattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
// Vertex AI locations: us-central1, europe-west4, asia-northeast1, and the multi-regions global, us, eu
const vertexLocationPattern = /^(global|us|eu|[a-z]+-[a-z]+\d+)$/;
// Google Cloud project ids: 6-30 lowercase letters, digits and hyphens, starting with a letter
const gcpProjectPattern = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const googleCredentialTypes = [
  "service_account",
  "external_account",
  "authorized_user",
  "impersonated_service_account",
  "external_account_authorized_user",
];

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
}

const httpUrl = (example: string) => z.string().refine(isHttpUrl, { error: `must be a URL like ${example}` });

const booleanFlag = z
  .string()
  .regex(/^(true|false|1|0|yes|no|on|off)$/i, { error: "must be true or false" })
  .transform((v) => /^(true|1|yes|on)$/i.test(v));

const intInRange = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be a whole number from ${min} to ${max}` });

/**
 * Parses a comma-separated list of `id` or `id=logical` entries. Reports an issue (and returns
 * z.NEVER) for an empty entry, spaces inside an entry, more than one `=`, a bad character or a
 * duplicate. `what` names the entries in messages ("deployment", "model").
 */
function modelList(what: string, example: string, idPattern: RegExp) {
  return z.string().transform((value, ctx) => {
    const fail = (detail: string) => {
      ctx.issues.push({
        code: "custom",
        message: `must be a comma-separated list of ${what} or ${what}=model entries like ${example}; ${detail}`,
        input: value,
      });
      return z.NEVER;
    };
    const entries: ModelEntry[] = [];
    const seen = new Set<string>();
    for (const rawEntry of value.split(",")) {
      const entry = rawEntry.trim();
      if (entry === "") return fail("an entry is empty");
      if (/\s/.test(entry)) return fail(`"${entry}" contains a space`);
      const parts = entry.split("=");
      if (parts.length > 2) return fail(`"${entry}" has more than one "="`);
      const [id, logical] = parts as [string, string | undefined];
      if (id === "" || logical === "") return fail(`"${entry}" has an empty side of "="`);
      if (!idPattern.test(id)) return fail(`"${id}" is not a valid ${what} name`);
      if (logical !== undefined && !logicalModelPattern.test(logical)) {
        return fail(`"${logical}" is not a valid model name`);
      }
      if (seen.has(id)) return fail(`"${id}" is listed twice`);
      seen.add(id);
      entries.push(logical === undefined ? { id } : { id, logicalModel: logical.toLowerCase() });
    }
    return entries;
  });
}

const priceOverrideSchema = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  output: z.number().nonnegative(),
});
const priceOverridesSchema = z.record(z.string().min(1), priceOverrideSchema);
const priceShape =
  'must be a JSON object mapping a model id or logical model to {"input": number, "cachedInput"?: number, "output": number} in USD per 1M tokens';

function parsePrices(json: string, ctx: z.RefinementCtx, inFile: boolean): Record<string, PriceOverride> {
  const shape = inFile ? priceShape.replace("must be a JSON object", "must be the path of a JSON file holding an object") : priceShape;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    ctx.issues.push({
      code: "custom",
      message: `${shape}; ${inFile ? "the file is not" : "it is not"} valid JSON (${(error as Error).message})`,
      input: json,
    });
    return z.NEVER;
  }
  const result = priceOverridesSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0]!;
    const where = [inFile ? "the file" : "", first.path.length > 0 ? `at "${first.path.join(".")}"` : ""].filter(Boolean).join(" ");
    ctx.issues.push({
      code: "custom",
      message: `${shape}; ${where ? `${where}: ` : ""}${first.message}`,
      input: json,
    });
    return z.NEVER;
  }
  return result.data;
}

/** `OPENAI_COMPATIBLE_<NAME>_` for an endpoint name: upper-cased, `-` becomes `_`. */
export function compatibleEnvPrefix(name: string): string {
  return `OPENAI_COMPATIBLE_${name.toUpperCase().replace(/-/g, "_")}_`;
}

const knownEndpointLabels: Record<string, string> = {
  ollama: "Ollama",
  vllm: "vLLM",
  lmstudio: "LM Studio",
  "lm-studio": "LM Studio",
  llamacpp: "llama.cpp",
  "llama-cpp": "llama.cpp",
  sglang: "SGLang",
  tgi: "TGI",
  litellm: "LiteLLM",
};

/** `<endpoint without trailing slash>/openai/v1` (kept as is when it already ends so). */
export function azureBaseURLFromEndpoint(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, "");
  if (/\/openai\/v1$/i.test(trimmed)) return trimmed;
  if (/\/openai$/i.test(trimmed)) return `${trimmed}/v1`;
  return `${trimmed}/openai/v1`;
}

/**
 * A Foundry model name as the Foundry catalog spells it (`Phi-4`, `Llama-3.3-70B-Instruct`,
 * `DeepSeek-R1`, `Mistral-Large-2411`, `Meta-Llama-3.1-8B-Instruct`, `Llama-4-Maverick-17B-128E-Instruct-FP8`)
 * as Juxta's logical model (`phi-4`, `llama-3.3-70b-instruct`, ...): lower case, without Meta's
 * `meta-` prefix and the quantisation suffix, which do not change which model it is.
 */
export function normalizeFoundryModel(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^meta-(?=llama)/, "")
    .replace(/-(fp8|fp16|bf16|int4|int8)$/, "");
}

function azureResourceFromEndpoint(endpoint: string): string {
  const host = new URL(endpoint).hostname;
  return /\.azure\.com$/i.test(host) ? host.split(".")[0]! : host;
}

// Variables whose values are never echoed back in an error message.
const secretVariables = new Set([
  "DATABASE_URL",
  "REDIS_URL",
  "AUTH_SECRET",
  "NEXTAUTH_SECRET",
  "AUTH_GITHUB_SECRET",
  "AUTH_MICROSOFT_ENTRA_ID_SECRET",
  "AUTH_OIDC_CLIENT_SECRET",
  "EMAIL_SERVER",
  "OPENAI_API_KEY",
  "AZURE_OPENAI_API_KEY",
  "AZURE_API_KEY",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_BEARER_TOKEN_BEDROCK",
  "ANTHROPIC_API_KEY",
  "GOOGLE_GENERATIVE_AI_API_KEY",
  "GOOGLE_VERTEX_API_KEY",
  "JUXTA_METRICS_TOKEN",
]);
const isSecret = (variable: string) => secretVariables.has(variable) || /_API_KEY$/.test(variable);

// ---------------------------------------------------------------------------------------------
// The schema

function buildSchema(endpointNames: string[], readFile: (path: string) => string) {
  const shape = {
    DATABASE_URL: z
      .string()
      .refine((v) => URL.canParse(v) && /^postgres(ql)?:$/.test(new URL(v).protocol), {
        error: "must be a PostgreSQL URL like postgresql://user:password@localhost:5432/juxta",
      })
      .optional(),
    REDIS_URL: z
      .string()
      .refine((v) => URL.canParse(v) && /^rediss?:$/.test(new URL(v).protocol), {
        error: "must be a Redis URL like redis://localhost:6379 (rediss:// for TLS)",
      })
      .optional(),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, { error: "must be 1 to 64 letters, digits or _ . : -" })
      .default("juxta"),
    PORT: intInRange(1, 65535).optional(),
    JUXTA_DATA_DIR: z.string().default(".data"),
    JUXTA_EMULATED: booleanFlag.default(false),
    JUXTA_MAX_RETRIES: intInRange(0, 5).default(2),
    JUXTA_IDLE_TIMEOUT_MS: intInRange(1000, 3_600_000).default(60_000),
    JUXTA_WARM_UP: booleanFlag.default(true),
    JUXTA_SIGNUP: z.enum(["open", "approval", "invite"], { error: "must be open, approval or invite" }).default("approval"),
    AUTH_ALLOWED_EMAILS: z
      .string()
      .transform((v, ctx) => {
        const entries = v
          .split(",")
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean);
        const bad = entries.find((e) => !/^(@[a-z0-9.-]+\.[a-z0-9-]+|[^@\s]+@[a-z0-9.-]+\.[a-z0-9-]+)$/.test(e));
        if (bad) {
          ctx.issues.push({ code: "custom", message: `has "${bad}", which is neither an address nor an @domain entry`, input: v });
          return z.NEVER;
        }
        return entries;
      })
      .optional(),
    JUXTA_LIMIT_REQUESTS_PER_MINUTE: intInRange(0, 1_000_000).optional(),
    JUXTA_SIGNIN_EMAILS_PER_ADDRESS: intInRange(0, 1_000_000).default(3),
    JUXTA_SIGNIN_EMAILS_PER_CLIENT: intInRange(0, 1_000_000).default(10),
    JUXTA_LIMIT_CONCURRENT_PANES: intInRange(0, 1_000_000).optional(),
    JUXTA_LIMIT_DAILY_USD: z.coerce.number({ error: "must be a number of US dollars (0 = no limit)" }).min(0).max(1e9).optional(),
    JUXTA_LIMIT_MONTHLY_USD: z.coerce.number({ error: "must be a number of US dollars (0 = no limit)" }).min(0).max(1e9).optional(),
    JUXTA_STATS_THREADS: intInRange(0, 16).default(1),
    JUXTA_METRICS_TOKEN: z.string().min(16, { error: "must be at least 16 characters (openssl rand -hex 32)" }).optional(),
    JUXTA_LOG_FORMAT: z.enum(["json", "pretty"], { error: "must be json or pretty" }).optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl("http://otel-collector:4318").optional(),
    OTEL_SERVICE_NAME: z.string().max(200).default("juxta"),
    JUXTA_PRICES: z
      .string()
      .transform((v, ctx) => parsePrices(v, ctx, false))
      .optional(),
    JUXTA_PRICES_FILE: z
      .string()
      .transform((path, ctx) => {
        let text: string;
        try {
          text = readFile(path);
        } catch (error) {
          ctx.issues.push({
            code: "custom",
            message: `must be the path of a readable JSON file; ${(error as Error).message}`,
            input: path,
          });
          return z.NEVER;
        }
        return parsePrices(text, ctx, true);
      })
      .optional(),

    AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters (openssl rand -base64 32)" }).optional(),
    NEXTAUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters (openssl rand -base64 32)" }).optional(),
    NEXTAUTH_URL: httpUrl("https://juxta.example.com").optional(),
    AUTH_GITHUB_ID: z.string().optional(),
    AUTH_GITHUB_SECRET: z.string().optional(),
    AUTH_MICROSOFT_ENTRA_ID_ID: z.string().optional(),
    AUTH_MICROSOFT_ENTRA_ID_SECRET: z.string().optional(),
    AUTH_MICROSOFT_ENTRA_ID_TENANT_ID: z
      .string()
      .regex(/^([0-9a-f-]{36}|common|organizations|consumers|[A-Za-z0-9.-]+\.[A-Za-z]{2,})$/i, {
        error: "must be a tenant id (a GUID), a domain like contoso.onmicrosoft.com, or common/organizations",
      })
      .optional(),
    AUTH_OIDC_ISSUER: httpUrl("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123").optional(),
    AUTH_OIDC_CLIENT_ID: z.string().optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().optional(),
    AUTH_OIDC_NAME: z.string().max(60).optional(),
    EMAIL_SERVER: z
      .string()
      .refine((v) => URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol), {
        error: "must be an SMTP URL like smtp://user:password@smtp.example.com:587",
      })
      .optional(),
    EMAIL_FROM: z
      .string()
      .regex(/^(.+<)?[^@\s<>]+@[^@\s<>]+\.?[^@\s<>]*>?$/, { error: "must be an address like Juxta <juxta@example.com>" })
      .optional(),

    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: httpUrl("https://api.openai.com/v1").optional(),

    AZURE_OPENAI_API_KEY: z.string().optional(),
    AZURE_API_KEY: z.string().optional(),
    AZURE_OPENAI_ENDPOINT: httpUrl("https://myres.openai.azure.com")
      .refine((v) => !URL.canParse(v) || (new URL(v).search === "" && new URL(v).hash === ""), {
        error: "must be a URL like https://myres.openai.azure.com without a query string",
      })
      .optional(),
    AZURE_RESOURCE_NAME: z
      .string()
      .regex(azureResourcePattern, { error: "must be an Azure resource name like myres (letters, digits and -)" })
      .optional(),
    AZURE_OPENAI_DEPLOYMENTS: modelList("deployment", "prod-mini=gpt-4o-mini,gpt-4o", deploymentPattern).optional(),
    AZURE_FOUNDRY_DEPLOYMENTS: modelList("deployment", "phi-4=Phi-4,llama-70b=Llama-3.3-70B-Instruct", deploymentPattern).optional(),

    AWS_REGION: z.string().regex(regionPattern, { error: "must be an AWS region like us-east-1" }).optional(),
    AWS_DEFAULT_REGION: z.string().regex(regionPattern, { error: "must be an AWS region like us-east-1" }).optional(),
    AWS_ACCESS_KEY_ID: z.string().optional(),
    AWS_SECRET_ACCESS_KEY: z.string().optional(),
    AWS_SESSION_TOKEN: z.string().optional(),
    AWS_BEARER_TOKEN_BEDROCK: z.string().optional(),
    AWS_PROFILE: z.string().optional(),
    AWS_WEB_IDENTITY_TOKEN_FILE: z.string().optional(),
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: z.string().optional(),
    AWS_CONTAINER_CREDENTIALS_FULL_URI: z.string().optional(),
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: httpUrl("https://bedrock-runtime.us-east-1.amazonaws.com").optional(),
    AWS_ENDPOINT_URL: httpUrl("https://bedrock-runtime.us-east-1.amazonaws.com").optional(),
    AWS_ENDPOINT_URL_BEDROCK: httpUrl("https://bedrock.us-east-1.amazonaws.com").optional(),
    BEDROCK_MODELS: modelList("model", "openai.gpt-oss-120b-1:0,amazon.nova-pro-v1:0", modelIdPattern).optional(),
    BEDROCK_USE_CREDENTIAL_CHAIN: booleanFlag.default(false),
    BEDROCK_OPENAI_MODELS: modelList("model", "openai.gpt-oss-120b-1:0,openai.gpt-oss-20b-1:0", modelIdPattern).optional(),

    ANTHROPIC_API_KEY: z.string().optional(),
    ANTHROPIC_BASE_URL: httpUrl("https://api.anthropic.com/v1")
      .transform((v) => v.replace(/\/+$/, ""))
      // Anthropic's own SDKs take this variable without /v1; @ai-sdk/anthropic appends /messages to
      // it as given (only the bare https://api.anthropic.com gets its /v1), so a gateway URL
      // without /v1 would fail on every call: say so at start-up instead.
      .refine((v) => !URL.canParse(v) || v === "https://api.anthropic.com" || /\/v1$/.test(new URL(v).pathname), {
        error: "must be the API base URL including /v1, like https://api.anthropic.com/v1 (Juxta posts to <base URL>/messages)",
      })
      .transform((v) => (v === "https://api.anthropic.com" ? `${v}/v1` : v))
      .optional(),
    ANTHROPIC_MODELS: modelList("model", "claude-sonnet-4-5,claude-sonnet-4-5-20250929=claude-sonnet-4.5", modelIdPattern).optional(),

    GOOGLE_GENERATIVE_AI_API_KEY: z.string().optional(),
    GOOGLE_GENERATIVE_AI_BASE_URL: httpUrl("https://generativelanguage.googleapis.com/v1beta").optional(),
    GOOGLE_MODELS: modelList("model", "gemini-2.5-flash,gemini-2.5-pro", modelIdPattern).optional(),
    GOOGLE_VERTEX_PROJECT: z
      .string()
      .regex(gcpProjectPattern, { error: "must be a Google Cloud project id like my-project-123" })
      .optional(),
    GOOGLE_VERTEX_LOCATION: z
      .string()
      .regex(vertexLocationPattern, { error: "must be a Vertex AI location like us-central1, europe-west4 or global" })
      .optional(),
    GOOGLE_VERTEX_API_KEY: z.string().optional(),
    GOOGLE_VERTEX_ENDPOINT: httpUrl("https://us-central1-aiplatform.googleapis.com")
      .refine((v) => !URL.canParse(v) || (["", "/"].includes(new URL(v).pathname) && new URL(v).search === ""), {
        error: "must be an origin like https://us-central1-aiplatform.googleapis.com (no path: the API paths are added)",
      })
      .optional(),
    GOOGLE_APPLICATION_CREDENTIALS: z
      .string()
      .transform((path, ctx) => {
        const fail = (detail: string) => {
          ctx.issues.push({
            code: "custom",
            message: `must be the path of a Google credentials JSON file (service account, external account or gcloud ADC); ${detail}`,
            input: path,
          });
          return z.NEVER;
        };
        let data: unknown;
        try {
          data = JSON.parse(readFile(path));
        } catch (error) {
          return fail((error as Error).message);
        }
        if (!data || typeof data !== "object" || Array.isArray(data)) return fail("the file does not hold a JSON object");
        const type = (data as Record<string, unknown>).type;
        if (typeof type !== "string" || !googleCredentialTypes.includes(type)) {
          return fail(`its "type" must be one of ${googleCredentialTypes.join(", ")}`);
        }
        return { path, type, credentials: data as Record<string, unknown> };
      })
      .optional(),
    GCE_METADATA_HOST: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, { error: "must be a host[:port] like 169.254.169.254 or metadata.google.internal" })
      .optional(),
    VERTEX_MODELS: modelList("model", "gemini-2.5-flash,claude-sonnet-4-5@20250929,openai/gpt-oss-120b-maas", modelIdPattern).optional(),

    OPENAI_COMPATIBLE_ENDPOINTS: z
      .string()
      .transform((value, ctx) => {
        const names = value.split(",").map((n) => n.trim());
        const fail = (detail: string) => {
          ctx.issues.push({
            code: "custom",
            message: `must be a comma-separated list of endpoint names like ollama,vllm; ${detail}`,
            input: value,
          });
          return z.NEVER;
        };
        const seen = new Set<string>();
        for (const name of names) {
          if (name === "") return fail("an entry is empty");
          if (!endpointNamePattern.test(name)) {
            return fail(`"${name}" must start with a lowercase letter and use only a-z, 0-9 and -`);
          }
          if ((reservedEndpointNames as readonly string[]).includes(name)) {
            return fail(`"${name}" is reserved`);
          }
          if (seen.has(name)) return fail(`"${name}" is listed twice`);
          seen.add(name);
        }
        return names;
      })
      .optional(),
  };

  // One group of variables per OpenAI-compatible endpoint named in OPENAI_COMPATIBLE_ENDPOINTS.
  const dynamic: Record<string, z.ZodType> = {};
  for (const name of endpointNames) {
    const prefix = compatibleEnvPrefix(name);
    const required = (schema: z.ZodType<unknown, string>) =>
      z.string({ error: `is required because OPENAI_COMPATIBLE_ENDPOINTS lists "${name}"` }).pipe(schema);
    dynamic[`${prefix}BASE_URL`] = required(httpUrl("http://127.0.0.1:11434/v1"));
    dynamic[`${prefix}API_KEY`] = z.string().optional();
    dynamic[`${prefix}MODELS`] = required(modelList("model", "gpt-oss:120b=gpt-oss-120b,llama3.3", modelIdPattern));
    dynamic[`${prefix}LABEL`] = z.string().optional();
  }

  return z.object({ ...shape, ...dynamic }).superRefine((v, ctx) => {
    const add = (variable: string, message: string) => ctx.issues.push({ code: "custom", path: [variable], message, input: undefined });
    if (v.AWS_ACCESS_KEY_ID && !v.AWS_SECRET_ACCESS_KEY) {
      add("AWS_SECRET_ACCESS_KEY", "must be set together with AWS_ACCESS_KEY_ID");
    }
    if (v.AWS_SECRET_ACCESS_KEY && !v.AWS_ACCESS_KEY_ID) {
      add("AWS_ACCESS_KEY_ID", "must be set together with AWS_SECRET_ACCESS_KEY");
    }
    // one catalog id `azure:<deployment>` per deployment: it cannot be both an OpenAI and a Foundry one
    const inBoth = (v.AZURE_FOUNDRY_DEPLOYMENTS ?? []).filter((f) => (v.AZURE_OPENAI_DEPLOYMENTS ?? []).some((d) => d.id === f.id));
    if (inBoth.length > 0) {
      add(
        "AZURE_FOUNDRY_DEPLOYMENTS",
        `must not list a deployment that AZURE_OPENAI_DEPLOYMENTS also lists (${inBoth.map((e) => `"${e.id}"`).join(", ")}); ` +
          "keep each deployment in one list: Azure OpenAI models there, Foundry models (Phi, Llama, DeepSeek, Mistral...) here",
      );
    }
    if (v.JUXTA_PRICES !== undefined && v.JUXTA_PRICES_FILE !== undefined) {
      add("JUXTA_PRICES_FILE", "cannot be used together with JUXTA_PRICES (set only one)");
    }
  });
}

type Raw = Record<string, string | undefined>;

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Parses an environment (usually `process.env`). Pure apart from reading JUXTA_PRICES_FILE through
 * `options.readFile`. Empty and whitespace-only values count as unset; values are trimmed.
 * Throws `EnvError` naming every malformed variable.
 */
export function parseEnv(raw: Raw, options: ParseEnvOptions = {}): Env {
  const readFile = options.readFile ?? ((path: string) => readFileSync(resolve(path), "utf8"));
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string" && value.trim() !== "") clean[key] = value.trim();
  }

  // Endpoint names decide which OPENAI_COMPATIBLE_<NAME>_* variables exist. A malformed list is
  // reported by the schema alone (no extra noise about the variables of its entries).
  const listed = clean.OPENAI_COMPATIBLE_ENDPOINTS?.split(",").map((n) => n.trim()) ?? [];
  const listIsValid =
    new Set(listed).size === listed.length &&
    listed.every((n) => endpointNamePattern.test(n) && !(reservedEndpointNames as readonly string[]).includes(n));

  const result = buildSchema(listIsValid ? listed : [], readFile).safeParse(clean);
  if (!result.success) {
    const issues: EnvIssue[] = [];
    const named = new Set<string>();
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0] ?? "environment");
      if (named.has(variable)) continue; // one sentence per variable
      named.add(variable);
      const value = clean[variable];
      const got =
        value === undefined || isSecret(variable) ? "" : ` (got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)})`;
      issues.push({ variable, message: `${variable} ${issue.message}${got}.` });
    }
    throw new EnvError(issues);
  }
  const v = result.data as z.infer<ReturnType<typeof buildSchema>> & Record<string, unknown>;

  // OpenAI
  const openai: OpenAIConfig = {
    configured: v.OPENAI_API_KEY !== undefined,
    apiKey: v.OPENAI_API_KEY,
    baseURL: v.OPENAI_BASE_URL?.replace(/\/+$/, ""),
  };

  // Azure OpenAI: the endpoint wins over the resource name when both are set.
  const azureKey = v.AZURE_OPENAI_API_KEY ?? v.AZURE_API_KEY;
  const azureBaseURL = v.AZURE_OPENAI_ENDPOINT
    ? azureBaseURLFromEndpoint(v.AZURE_OPENAI_ENDPOINT)
    : v.AZURE_RESOURCE_NAME
      ? `https://${v.AZURE_RESOURCE_NAME}.openai.azure.com/openai/v1`
      : undefined;
  const deployments: AzureDeployment[] = (v.AZURE_OPENAI_DEPLOYMENTS ?? []).map((e) =>
    e.logicalModel === undefined ? { deployment: e.id } : { deployment: e.id, model: e.logicalModel },
  );
  // Foundry model names as Foundry spells them (`Llama-3.3-70B-Instruct`) become logical models
  const foundryDeployments: AzureDeployment[] = (v.AZURE_FOUNDRY_DEPLOYMENTS ?? []).map((e) =>
    e.logicalModel === undefined ? { deployment: e.id } : { deployment: e.id, model: normalizeFoundryModel(e.logicalModel) },
  );
  const azure: AzureConfig = {
    configured: azureKey !== undefined && azureBaseURL !== undefined && deployments.length + foundryDeployments.length > 0,
    apiKey: azureKey,
    baseURL: azureBaseURL,
    resource: v.AZURE_OPENAI_ENDPOINT ? azureResourceFromEndpoint(v.AZURE_OPENAI_ENDPOINT) : v.AZURE_RESOURCE_NAME,
    deployments,
    foundryDeployments,
  };

  // Amazon Bedrock. Auth precedence follows the AI SDK (a bearer key wins), then explicit keys,
  // then the AWS credential chain when something tells us it will find credentials.
  const region = v.AWS_REGION ?? v.AWS_DEFAULT_REGION;
  let auth: BedrockAuth | undefined;
  if (v.AWS_BEARER_TOKEN_BEDROCK) {
    auth = { kind: "bearer", token: v.AWS_BEARER_TOKEN_BEDROCK };
  } else if (v.AWS_ACCESS_KEY_ID && v.AWS_SECRET_ACCESS_KEY) {
    auth = {
      kind: "keys",
      accessKeyId: v.AWS_ACCESS_KEY_ID,
      secretAccessKey: v.AWS_SECRET_ACCESS_KEY,
      ...(v.AWS_SESSION_TOKEN ? { sessionToken: v.AWS_SESSION_TOKEN } : {}),
    };
  } else if (v.AWS_PROFILE) {
    auth = { kind: "chain", profile: v.AWS_PROFILE, reason: "profile" };
  } else if (v.AWS_WEB_IDENTITY_TOKEN_FILE) {
    auth = { kind: "chain", reason: "web-identity" };
  } else if (v.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || v.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    auth = { kind: "chain", reason: "container" };
  } else if (v.BEDROCK_USE_CREDENTIAL_CHAIN) {
    auth = { kind: "chain", reason: "flag" };
  }
  const bedrock: BedrockConfig = {
    configured: region !== undefined && auth !== undefined,
    region,
    auth,
    baseURL: (v.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? v.AWS_ENDPOINT_URL)?.replace(/\/+$/, ""),
    controlURL: (v.AWS_ENDPOINT_URL_BEDROCK ?? v.AWS_ENDPOINT_URL)?.replace(/\/+$/, ""),
    models: v.BEDROCK_MODELS,
    openaiModels: v.BEDROCK_OPENAI_MODELS,
  };

  // Anthropic API
  const anthropic: AnthropicConfig = {
    configured: v.ANTHROPIC_API_KEY !== undefined,
    apiKey: v.ANTHROPIC_API_KEY,
    baseURL: v.ANTHROPIC_BASE_URL,
    models: v.ANTHROPIC_MODELS,
  };

  // Google Gemini API
  const google: GoogleConfig = {
    configured: v.GOOGLE_GENERATIVE_AI_API_KEY !== undefined,
    apiKey: v.GOOGLE_GENERATIVE_AI_API_KEY,
    baseURL: v.GOOGLE_GENERATIVE_AI_BASE_URL?.replace(/\/+$/, ""),
    models: v.GOOGLE_MODELS,
  };

  // Google Vertex AI: an express-mode key runs Gemini; ADC (a credentials file, a metadata server,
  // or the library's own search when a project and location are set) runs every model.
  const vertexProject = v.GOOGLE_VERTEX_PROJECT;
  const vertexLocation = v.GOOGLE_VERTEX_LOCATION;
  let adc: VertexAdc | undefined;
  if (v.GOOGLE_APPLICATION_CREDENTIALS) adc = { kind: "file", ...v.GOOGLE_APPLICATION_CREDENTIALS };
  else if (v.GCE_METADATA_HOST) adc = { kind: "metadata", host: v.GCE_METADATA_HOST };
  else if (vertexProject && vertexLocation && !v.GOOGLE_VERTEX_API_KEY) adc = { kind: "default" };
  const vertex: VertexConfig = {
    configured: v.GOOGLE_VERTEX_API_KEY !== undefined || (vertexProject !== undefined && vertexLocation !== undefined && adc !== undefined),
    project: vertexProject,
    location: vertexLocation,
    apiKey: v.GOOGLE_VERTEX_API_KEY,
    // ADC needs a project and a location to build its URLs
    adc: vertexProject && vertexLocation ? adc : undefined,
    endpoint: v.GOOGLE_VERTEX_ENDPOINT ? new URL(v.GOOGLE_VERTEX_ENDPOINT).origin : undefined,
    models: v.VERTEX_MODELS,
  };

  // OpenAI-compatible endpoints
  const compatible: CompatibleEndpoint[] = (v.OPENAI_COMPATIBLE_ENDPOINTS ?? []).map((name) => {
    const prefix = compatibleEnvPrefix(name);
    const apiKey = v[`${prefix}API_KEY`] as string | undefined;
    return {
      name,
      envPrefix: prefix,
      label: (v[`${prefix}LABEL`] as string | undefined) ?? knownEndpointLabels[name] ?? name,
      baseURL: (v[`${prefix}BASE_URL`] as string).replace(/\/+$/, ""),
      ...(apiKey ? { apiKey } : {}),
      models: v[`${prefix}MODELS`] as ModelEntry[],
    };
  });

  // Sign-in: a provider is on when all of its variables are set; half a set is an error, since
  // an operator who set one clearly meant to switch it on.
  const pairs: [string, string[]][] = [
    ["GitHub sign-in", ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"]],
    ["Microsoft Entra ID sign-in", ["AUTH_MICROSOFT_ENTRA_ID_ID", "AUTH_MICROSOFT_ENTRA_ID_SECRET", "AUTH_MICROSOFT_ENTRA_ID_TENANT_ID"]],
    ["OpenID Connect sign-in", ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"]],
    ["email sign-in", ["EMAIL_SERVER", "EMAIL_FROM"]],
  ];
  const authIssues: EnvIssue[] = [];
  for (const [what, names] of pairs) {
    const set = names.filter((n) => v[n] !== undefined);
    if (set.length > 0 && set.length < names.length) {
      const missing = names.filter((n) => v[n] === undefined);
      authIssues.push({
        variable: missing[0]!,
        message: `${missing.join(" and ")} must be set too, to switch on ${what} (${set.join(", ")} is set).`,
      });
    }
  }
  const github = v.AUTH_GITHUB_ID && v.AUTH_GITHUB_SECRET ? { clientId: v.AUTH_GITHUB_ID, clientSecret: v.AUTH_GITHUB_SECRET } : undefined;
  const entra =
    v.AUTH_MICROSOFT_ENTRA_ID_ID && v.AUTH_MICROSOFT_ENTRA_ID_SECRET && v.AUTH_MICROSOFT_ENTRA_ID_TENANT_ID
      ? {
          clientId: v.AUTH_MICROSOFT_ENTRA_ID_ID,
          clientSecret: v.AUTH_MICROSOFT_ENTRA_ID_SECRET,
          tenantId: v.AUTH_MICROSOFT_ENTRA_ID_TENANT_ID,
        }
      : undefined;
  const oidc =
    v.AUTH_OIDC_ISSUER && v.AUTH_OIDC_CLIENT_ID && v.AUTH_OIDC_CLIENT_SECRET
      ? {
          issuer: v.AUTH_OIDC_ISSUER.replace(/\/+$/, ""),
          clientId: v.AUTH_OIDC_CLIENT_ID,
          clientSecret: v.AUTH_OIDC_CLIENT_SECRET,
          name: v.AUTH_OIDC_NAME ?? "Single sign-on",
        }
      : undefined;
  const email = v.EMAIL_SERVER && v.EMAIL_FROM ? { server: v.EMAIL_SERVER, from: v.EMAIL_FROM } : undefined;
  const authEnabled = Boolean(github || entra || oidc || email);
  const secret = v.AUTH_SECRET ?? v.NEXTAUTH_SECRET;
  if (authEnabled && !secret && authIssues.length === 0)
    authIssues.push({
      variable: "AUTH_SECRET",
      message: "AUTH_SECRET must be set (at least 32 random characters, e.g. openssl rand -base64 32) when sign-in is switched on.",
    });
  if (authIssues.length > 0) throw new EnvError(authIssues);

  return {
    auth: { enabled: authEnabled, secret, url: v.NEXTAUTH_URL, github, entra, oidc, email },
    signup: v.JUXTA_SIGNUP,
    allowedEmails: v.AUTH_ALLOWED_EMAILS ?? [],
    // local mode (one person on their own machine): only the limits the environment sets
    limits: {
      requestsPerMinute: v.JUXTA_LIMIT_REQUESTS_PER_MINUTE ?? (authEnabled ? DEFAULT_LIMITS.requestsPerMinute : 0),
      concurrentPanes: v.JUXTA_LIMIT_CONCURRENT_PANES ?? (authEnabled ? DEFAULT_LIMITS.concurrentPanes : 0),
      dailyUsd: v.JUXTA_LIMIT_DAILY_USD ?? (authEnabled ? DEFAULT_LIMITS.dailyUsd : 0),
      monthlyUsd: v.JUXTA_LIMIT_MONTHLY_USD ?? (authEnabled ? DEFAULT_LIMITS.monthlyUsd : 0),
    },
    signinEmails: { perAddress: v.JUXTA_SIGNIN_EMAILS_PER_ADDRESS, perClient: v.JUXTA_SIGNIN_EMAILS_PER_CLIENT },
    databaseUrl: v.DATABASE_URL,
    redisUrl: v.REDIS_URL,
    redisPrefix: v.REDIS_PREFIX,
    port: v.PORT,
    dataDir: v.JUXTA_DATA_DIR,
    maxRetries: v.JUXTA_MAX_RETRIES,
    idleTimeoutMs: v.JUXTA_IDLE_TIMEOUT_MS,
    warmUp: v.JUXTA_WARM_UP,
    statsThreads: v.JUXTA_STATS_THREADS,
    observability: {
      metricsToken: v.JUXTA_METRICS_TOKEN,
      otlpEndpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: v.OTEL_SERVICE_NAME,
      logFormat: v.JUXTA_LOG_FORMAT ?? (clean.NODE_ENV === "production" ? "json" : "pretty"),
    },
    emulated: v.JUXTA_EMULATED,
    openai,
    azure,
    bedrock,
    anthropic,
    google,
    vertex,
    compatible,
    prices: v.JUXTA_PRICES ?? v.JUXTA_PRICES_FILE ?? {},
    pricesSource: v.JUXTA_PRICES ? "JUXTA_PRICES" : v.JUXTA_PRICES_FILE ? "JUXTA_PRICES_FILE" : undefined,
  };
}

let cached: Env | undefined;

/** The process environment, parsed once. Throws `EnvError` on a malformed value. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forget the cached environment (tests that change `process.env`). */
export function resetEnvCache(): void {
  cached = undefined;
}
