import { afterEach, describe, expect, it, vi } from "vitest";
import { azureBaseURLFromEndpoint, compatibleEnvPrefix, EnvError, getEnv, parseEnv, resetEnvCache } from "../../lib/env";

function errorOf(raw: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(raw, { readFile: () => "{}" });
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error("expected parseEnv to throw");
}

describe("parseEnv: defaults", () => {
  it("gives defaults and no configured provider for an empty environment", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      dataDir: ".data",
      maxRetries: 2,
      emulated: false,
      openai: { configured: false },
      azure: { configured: false, deployments: [] },
      bedrock: { configured: false },
      compatible: [],
      prices: {},
    });
    expect(env.databaseUrl).toBeUndefined();
    expect(env.port).toBeUndefined();
    expect(env.bedrock.models).toBeUndefined();
  });

  it("treats empty and blank values as unset and trims the rest", () => {
    const env = parseEnv({ OPENAI_API_KEY: "   ", PORT: "", AWS_REGION: " us-west-2 ", JUXTA_DATA_DIR: "  /var/juxta " });
    expect(env.openai.configured).toBe(false);
    expect(env.port).toBeUndefined();
    expect(env.bedrock.region).toBe("us-west-2");
    expect(env.dataDir).toBe("/var/juxta");
  });
});

describe("parseEnv: good values", () => {
  it("parses the general settings", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://juxta:secret@127.0.0.1:5432/juxta",
      PORT: "3100",
      JUXTA_DATA_DIR: "/srv/juxta",
      JUXTA_EMULATED: "true",
      JUXTA_MAX_RETRIES: "0",
    });
    expect(env).toMatchObject({
      databaseUrl: "postgresql://juxta:secret@127.0.0.1:5432/juxta",
      port: 3100,
      dataDir: "/srv/juxta",
      emulated: true,
      maxRetries: 0,
    });
    expect(parseEnv({ DATABASE_URL: "postgres://localhost/juxta" }).databaseUrl).toBe("postgres://localhost/juxta");
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["yes", true],
    ["on", true],
    ["false", false],
    ["0", false],
    ["no", false],
    ["Off", false],
  ])("reads JUXTA_EMULATED=%s as %s", (value, expected) => {
    expect(parseEnv({ JUXTA_EMULATED: value }).emulated).toBe(expected);
  });

  it("configures OpenAI from OPENAI_API_KEY, with an optional base URL (trailing slash dropped)", () => {
    expect(parseEnv({ OPENAI_API_KEY: "sk-test" }).openai).toEqual({ configured: true, apiKey: "sk-test" });
    expect(parseEnv({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "http://127.0.0.1:4010/v1/" }).openai.baseURL).toBe(
      "http://127.0.0.1:4010/v1",
    );
  });
});

describe("parseEnv: malformed values name the variable", () => {
  it("uses one sentence per variable, as in the example", () => {
    const error = errorOf({ AZURE_OPENAI_ENDPOINT: "foo" });
    expect(error.message).toBe('Invalid environment: AZURE_OPENAI_ENDPOINT must be a URL like https://myres.openai.azure.com (got "foo").');
    expect(error.issues).toEqual([{ variable: "AZURE_OPENAI_ENDPOINT", message: expect.any(String) }]);
  });

  it.each([
    ["DATABASE_URL", "mysql://localhost/juxta", "must be a PostgreSQL URL"],
    ["DATABASE_URL", "not a url", "must be a PostgreSQL URL"],
    ["PORT", "eighty", "must be a whole number from 1 to 65535"],
    ["PORT", "70000", "must be a whole number from 1 to 65535"],
    ["PORT", "0", "must be a whole number from 1 to 65535"],
    ["JUXTA_MAX_RETRIES", "6", "must be a whole number from 0 to 5"],
    ["JUXTA_MAX_RETRIES", "-1", "must be a whole number from 0 to 5"],
    ["JUXTA_MAX_RETRIES", "1.5", "must be a whole number from 0 to 5"],
    ["JUXTA_EMULATED", "maybe", "must be true or false"],
    ["BEDROCK_USE_CREDENTIAL_CHAIN", "sometimes", "must be true or false"],
    ["OPENAI_BASE_URL", "api.openai.com/v1", "must be a URL like https://api.openai.com/v1"],
    ["OPENAI_BASE_URL", "ftp://example.com", "must be a URL"],
    ["AZURE_OPENAI_ENDPOINT", "https://myres.openai.azure.com/?x=1", "without a query string"],
    ["AZURE_RESOURCE_NAME", "my res", "must be an Azure resource name"],
    ["AZURE_OPENAI_DEPLOYMENTS", "a,,b", "an entry is empty"],
    ["AZURE_OPENAI_DEPLOYMENTS", "a,b,", "an entry is empty"],
    ["AZURE_OPENAI_DEPLOYMENTS", "prod mini=gpt-4o-mini", "contains a space"],
    ["AZURE_OPENAI_DEPLOYMENTS", "prod-mini=gpt-4o=mini", 'has more than one "="'],
    ["AZURE_OPENAI_DEPLOYMENTS", "prod-mini=", 'has an empty side of "="'],
    ["AZURE_OPENAI_DEPLOYMENTS", "=gpt-4o", 'has an empty side of "="'],
    ["AZURE_OPENAI_DEPLOYMENTS", "a,a=gpt-4o", "is listed twice"],
    ["AZURE_OPENAI_DEPLOYMENTS", "prod/mini", "is not a valid deployment name"],
    ["AWS_REGION", "useast1", "must be an AWS region like us-east-1"],
    ["AWS_DEFAULT_REGION", "US-EAST-1", "must be an AWS region like us-east-1"],
    ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "localhost:4010", "must be a URL"],
    ["AWS_ENDPOINT_URL", "nope", "must be a URL"],
    ["BEDROCK_MODELS", "openai.gpt-oss-120b-1:0,,amazon.nova-pro-v1:0", "an entry is empty"],
    ["BEDROCK_MODELS", "a=b=c", 'has more than one "="'],
    ["OPENAI_COMPATIBLE_ENDPOINTS", "Ollama", "must start with a lowercase letter"],
    ["OPENAI_COMPATIBLE_ENDPOINTS", "my_vllm", "must start with a lowercase letter"],
    ["OPENAI_COMPATIBLE_ENDPOINTS", "9host", "must start with a lowercase letter"],
    ["OPENAI_COMPATIBLE_ENDPOINTS", "bedrock", "is reserved"],
    ["OPENAI_COMPATIBLE_ENDPOINTS", "compatible", "is reserved"],
    ["OPENAI_COMPATIBLE_ENDPOINTS", "ollama,,vllm", "an entry is empty"],
    ["JUXTA_PRICES", "{not json", "valid JSON"],
    ["JUXTA_PRICES", "[1,2]", "must be a JSON object mapping a model id or logical model"],
    ["JUXTA_PRICES", '{"gpt-4o":{"input":"2.5","output":10}}', 'at "gpt-4o.input"'],
    ["JUXTA_PRICES", '{"gpt-4o":{"input":2.5}}', 'at "gpt-4o.output"'],
    ["JUXTA_PRICES", '{"gpt-4o":{"input":-1,"output":10}}', 'at "gpt-4o.input"'],
    ["JUXTA_PRICES", '{"gpt-4o":{"input":1,"output":10,"cached":1}}', "gpt-4o"],
  ])("%s=%s", (variable, value, fragment) => {
    const error = errorOf({ [variable]: value });
    expect(error.message.startsWith(`Invalid environment: ${variable} `)).toBe(true);
    expect(error.message).toContain(fragment);
    expect(error.issues.map((i) => i.variable)).toEqual([variable]);
  });

  it("names every malformed variable at once", () => {
    const error = errorOf({ PORT: "x", AWS_REGION: "mars", OPENAI_BASE_URL: "nope" });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(["AWS_REGION", "OPENAI_BASE_URL", "PORT"]);
    expect(error.message).toMatch(/^Invalid environment: .*PORT.*\. .*\.$/);
  });

  it("never echoes a secret back", () => {
    const error = errorOf({ DATABASE_URL: "mysql://root:hunter2@db/juxta" });
    expect(error.message).not.toContain("hunter2");
    expect(error.message).toBe(
      "Invalid environment: DATABASE_URL must be a PostgreSQL URL like postgresql://user:password@localhost:5432/juxta.",
    );
  });

  it("requires both halves of an AWS access key pair", () => {
    expect(errorOf({ AWS_ACCESS_KEY_ID: "AKIDTEST" }).message).toBe(
      "Invalid environment: AWS_SECRET_ACCESS_KEY must be set together with AWS_ACCESS_KEY_ID.",
    );
    expect(errorOf({ AWS_SECRET_ACCESS_KEY: "s" }).issues[0]!.variable).toBe("AWS_ACCESS_KEY_ID");
  });
});

describe("parseEnv: Azure OpenAI", () => {
  const base = { AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini" };

  it("accepts AZURE_API_KEY as a fallback for AZURE_OPENAI_API_KEY", () => {
    const env = parseEnv({ ...base, AZURE_API_KEY: "fallback", AZURE_OPENAI_ENDPOINT: "https://myres.openai.azure.com" });
    expect(env.azure).toMatchObject({ configured: true, apiKey: "fallback" });
    const both = parseEnv({
      ...base,
      AZURE_API_KEY: "fallback",
      AZURE_OPENAI_API_KEY: "primary",
      AZURE_RESOURCE_NAME: "myres",
    });
    expect(both.azure.apiKey).toBe("primary");
  });

  it.each([
    ["https://myres.openai.azure.com", "https://myres.openai.azure.com/openai/v1"],
    ["https://myres.openai.azure.com/", "https://myres.openai.azure.com/openai/v1"],
    ["https://myres.openai.azure.com/openai", "https://myres.openai.azure.com/openai/v1"],
    ["https://myres.openai.azure.com/openai/v1/", "https://myres.openai.azure.com/openai/v1"],
    ["https://myres.cognitiveservices.azure.com/", "https://myres.cognitiveservices.azure.com/openai/v1"],
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010/openai/v1"],
  ])("derives the base URL from AZURE_OPENAI_ENDPOINT=%s", (endpoint, expected) => {
    expect(azureBaseURLFromEndpoint(endpoint)).toBe(expected);
    const env = parseEnv({ ...base, AZURE_OPENAI_API_KEY: "k", AZURE_OPENAI_ENDPOINT: endpoint });
    expect(env.azure.baseURL).toBe(expected);
  });

  it("derives the base URL from AZURE_RESOURCE_NAME, and prefers the endpoint when both are set", () => {
    const env = parseEnv({ ...base, AZURE_OPENAI_API_KEY: "k", AZURE_RESOURCE_NAME: "myres" });
    expect(env.azure).toMatchObject({ baseURL: "https://myres.openai.azure.com/openai/v1", resource: "myres" });
    const both = parseEnv({
      ...base,
      AZURE_OPENAI_API_KEY: "k",
      AZURE_RESOURCE_NAME: "other",
      AZURE_OPENAI_ENDPOINT: "https://myres.openai.azure.com",
    });
    expect(both.azure).toMatchObject({ baseURL: "https://myres.openai.azure.com/openai/v1", resource: "myres" });
  });

  it("parses deployments with and without an underlying model", () => {
    const env = parseEnv({ AZURE_OPENAI_DEPLOYMENTS: " prod-mini=gpt-4o-mini , gpt-4.1,eu.big_1=GPT-4o " });
    expect(env.azure.deployments).toEqual([
      { deployment: "prod-mini", model: "gpt-4o-mini" },
      { deployment: "gpt-4.1" },
      { deployment: "eu.big_1", model: "gpt-4o" },
    ]);
  });

  it("is configured only with a key, an endpoint and deployments", () => {
    const full = { AZURE_OPENAI_API_KEY: "k", AZURE_RESOURCE_NAME: "myres", ...base };
    expect(parseEnv(full).azure.configured).toBe(true);
    expect(parseEnv({ ...full, AZURE_OPENAI_API_KEY: undefined }).azure.configured).toBe(false);
    expect(parseEnv({ ...full, AZURE_RESOURCE_NAME: undefined }).azure.configured).toBe(false);
    expect(parseEnv({ ...full, AZURE_OPENAI_DEPLOYMENTS: undefined }).azure.configured).toBe(false);
  });
});

describe("parseEnv: Amazon Bedrock", () => {
  it("reads AWS_REGION, else AWS_DEFAULT_REGION", () => {
    expect(parseEnv({ AWS_DEFAULT_REGION: "eu-central-1" }).bedrock.region).toBe("eu-central-1");
    expect(parseEnv({ AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "eu-central-1" }).bedrock.region).toBe("us-west-2");
    for (const region of ["us-gov-west-1", "ap-southeast-2", "cn-north-1", "eu-isoe-west-1"]) {
      expect(parseEnv({ AWS_REGION: region }).bedrock.region).toBe(region);
    }
  });

  it("takes access keys, with an optional session token", () => {
    const env = parseEnv({
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_SESSION_TOKEN: "session",
    });
    expect(env.bedrock).toMatchObject({
      configured: true,
      auth: { kind: "keys", accessKeyId: "AKIDTEST", secretAccessKey: "secret", sessionToken: "session" },
    });
  });

  it("prefers a Bedrock API key (bearer) over access keys, as the AI SDK does", () => {
    const env = parseEnv({
      AWS_REGION: "us-east-1",
      AWS_BEARER_TOKEN_BEDROCK: "bedrock-api-key",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "secret",
    });
    expect(env.bedrock.auth).toEqual({ kind: "bearer", token: "bedrock-api-key" });
  });

  it.each([
    [{ AWS_PROFILE: "dev" }, { kind: "chain", profile: "dev", reason: "profile" }],
    [
      { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token", AWS_ROLE_ARN: "arn:aws:iam::1:role/x" },
      { kind: "chain", reason: "web-identity" },
    ],
    [{ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x" }, { kind: "chain", reason: "container" }],
    [{ AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials" }, { kind: "chain", reason: "container" }],
    [{ BEDROCK_USE_CREDENTIAL_CHAIN: "true" }, { kind: "chain", reason: "flag" }],
  ])("uses the credential chain for %j", (extra, auth) => {
    const env = parseEnv({ AWS_REGION: "us-east-1", ...extra });
    expect(env.bedrock.configured).toBe(true);
    expect(env.bedrock.auth).toEqual(auth);
  });

  it("is not configured without a region or without credentials", () => {
    expect(parseEnv({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "S" }).bedrock.configured).toBe(false);
    expect(parseEnv({ AWS_REGION: "us-east-1" }).bedrock.configured).toBe(false);
    expect(parseEnv({ AWS_REGION: "us-east-1", BEDROCK_USE_CREDENTIAL_CHAIN: "false" }).bedrock.configured).toBe(false);
  });

  it("reads the runtime endpoint and the model list", () => {
    const env = parseEnv({
      AWS_ENDPOINT_URL: "http://127.0.0.1:9999",
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: "http://127.0.0.1:4010/",
      BEDROCK_MODELS: "openai.gpt-oss-120b-1:0, us.anthropic.claude-3-5-haiku-20241022-v1:0=claude-3-5-haiku",
    });
    expect(env.bedrock.baseURL).toBe("http://127.0.0.1:4010");
    expect(env.bedrock.models).toEqual([
      { id: "openai.gpt-oss-120b-1:0" },
      { id: "us.anthropic.claude-3-5-haiku-20241022-v1:0", logicalModel: "claude-3-5-haiku" },
    ]);
    expect(parseEnv({ AWS_ENDPOINT_URL: "http://127.0.0.1:9999" }).bedrock.baseURL).toBe("http://127.0.0.1:9999");
  });
});

describe("parseEnv: Gemini API and Vertex AI", () => {
  const serviceAccount = JSON.stringify({
    type: "service_account",
    project_id: "p",
    client_email: "a@p.iam.gserviceaccount.com",
    private_key: "k",
  });

  it("configures the Gemini API from its key, with an optional base URL and model list", () => {
    const env = parseEnv({
      GOOGLE_GENERATIVE_AI_API_KEY: "g-key",
      GOOGLE_GENERATIVE_AI_BASE_URL: "https://generativelanguage.googleapis.com/v1beta/",
      GOOGLE_MODELS: "gemini-2.5-flash,gemini-exp=gemini-2.5-pro",
    });
    expect(env.google).toEqual({
      configured: true,
      apiKey: "g-key",
      baseURL: "https://generativelanguage.googleapis.com/v1beta",
      models: [{ id: "gemini-2.5-flash" }, { id: "gemini-exp", logicalModel: "gemini-2.5-pro" }],
    });
    expect(parseEnv({}).google.configured).toBe(false);
  });

  it("reads a credentials file named by GOOGLE_APPLICATION_CREDENTIALS for ADC, and the endpoint's origin", () => {
    const read: string[] = [];
    const env = parseEnv(
      {
        GOOGLE_VERTEX_PROJECT: "my-project-123",
        GOOGLE_VERTEX_LOCATION: "europe-west4",
        GOOGLE_APPLICATION_CREDENTIALS: "/secrets/sa.json",
        GOOGLE_VERTEX_ENDPOINT: "http://127.0.0.1:4010/",
        VERTEX_MODELS: "gemini-2.5-flash,claude-sonnet-4-5@20250929,openai/gpt-oss-120b-maas",
      },
      { readFile: (path) => (read.push(path), serviceAccount) },
    );
    expect(read).toEqual(["/secrets/sa.json"]);
    expect(env.vertex).toMatchObject({
      configured: true,
      project: "my-project-123",
      location: "europe-west4",
      endpoint: "http://127.0.0.1:4010",
      adc: { kind: "file", path: "/secrets/sa.json", type: "service_account" },
      models: [{ id: "gemini-2.5-flash" }, { id: "claude-sonnet-4-5@20250929" }, { id: "openai/gpt-oss-120b-maas" }],
    });
  });

  it("takes a metadata host, or leaves ADC to google-auth-library's own search when only a project and location are set", () => {
    const vars = { GOOGLE_VERTEX_PROJECT: "my-project-123", GOOGLE_VERTEX_LOCATION: "global" };
    expect(parseEnv({ ...vars, GCE_METADATA_HOST: "127.0.0.1:4010" }).vertex.adc).toEqual({ kind: "metadata", host: "127.0.0.1:4010" });
    expect(parseEnv(vars).vertex).toMatchObject({ configured: true, adc: { kind: "default" } });
  });

  it("runs express mode on GOOGLE_VERTEX_API_KEY alone (Gemini only: no ADC)", () => {
    expect(parseEnv({ GOOGLE_VERTEX_API_KEY: "v-key" }).vertex).toMatchObject({ configured: true, apiKey: "v-key", adc: undefined });
    // an explicit credentials file still gives ADC next to the key
    const both = parseEnv(
      {
        GOOGLE_VERTEX_API_KEY: "v-key",
        GOOGLE_VERTEX_PROJECT: "my-project-123",
        GOOGLE_VERTEX_LOCATION: "us-central1",
        GOOGLE_APPLICATION_CREDENTIALS: "/a.json",
      },
      { readFile: () => serviceAccount },
    );
    expect(both.vertex.adc?.kind).toBe("file");
    expect(parseEnv({ GOOGLE_VERTEX_PROJECT: "my-project-123" }).vertex.configured).toBe(false);
  });

  it("names malformed Google variables, without echoing keys", () => {
    const error = errorOf({
      GOOGLE_VERTEX_PROJECT: "My_Project",
      GOOGLE_VERTEX_LOCATION: "mars",
      GOOGLE_VERTEX_ENDPOINT: "https://us-central1-aiplatform.googleapis.com/v1",
      GOOGLE_APPLICATION_CREDENTIALS: "/a.json",
      GCE_METADATA_HOST: "http://169.254.169.254",
      GOOGLE_GENERATIVE_AI_BASE_URL: "generativelanguage",
      VERTEX_MODELS: "gemini-2.5-flash,,x",
    });
    const byVariable = Object.fromEntries(error.issues.map((i) => [i.variable, i.message]));
    expect(byVariable.GOOGLE_VERTEX_PROJECT).toMatch(/must be a Google Cloud project id like my-project-123/);
    expect(byVariable.GOOGLE_VERTEX_LOCATION).toMatch(/must be a Vertex AI location like us-central1/);
    expect(byVariable.GOOGLE_VERTEX_ENDPOINT).toMatch(/must be an origin like https:\/\/us-central1-aiplatform.googleapis.com \(no path/);
    // errorOf's reader returns "{}": no credential type
    expect(byVariable.GOOGLE_APPLICATION_CREDENTIALS).toMatch(/its "type" must be one of service_account, external_account/);
    expect(byVariable.GCE_METADATA_HOST).toMatch(/must be a host\[:port\]/);
    expect(byVariable.GOOGLE_GENERATIVE_AI_BASE_URL).toMatch(/must be a URL like https:\/\/generativelanguage.googleapis.com\/v1beta/);
    expect(byVariable.VERTEX_MODELS).toMatch(/an entry is empty/);
    const unreadable = (() => {
      try {
        parseEnv(
          { GOOGLE_APPLICATION_CREDENTIALS: "/nope.json" },
          {
            readFile: () => {
              throw new Error("ENOENT: no such file");
            },
          },
        );
      } catch (e) {
        return (e as EnvError).issues[0]!.message;
      }
    })();
    expect(unreadable).toBe(
      'GOOGLE_APPLICATION_CREDENTIALS must be the path of a Google credentials JSON file (service account, external account or gcloud ADC); ENOENT: no such file (got "/nope.json").',
    );
    const secret = errorOf({ GOOGLE_VERTEX_API_KEY: "v-key", GOOGLE_VERTEX_LOCATION: "nowhere-at-all" });
    expect(secret.message).not.toContain("v-key");
  });

  it("reserves google and vertex as endpoint names", () => {
    expect(errorOf({ OPENAI_COMPATIBLE_ENDPOINTS: "vertex" }).issues[0]!.message).toMatch(/"vertex" is reserved/);
  });
});

describe("parseEnv: OpenAI-compatible endpoints", () => {
  it("derives the variable prefix from the name", () => {
    expect(compatibleEnvPrefix("ollama")).toBe("OPENAI_COMPATIBLE_OLLAMA_");
    expect(compatibleEnvPrefix("my-vllm-2")).toBe("OPENAI_COMPATIBLE_MY_VLLM_2_");
  });

  it("parses each listed endpoint", () => {
    const env = parseEnv({
      OPENAI_COMPATIBLE_ENDPOINTS: "ollama, my-vllm",
      OPENAI_COMPATIBLE_OLLAMA_BASE_URL: "http://127.0.0.1:11434/v1/",
      OPENAI_COMPATIBLE_OLLAMA_MODELS: "gpt-oss:120b=gpt-oss-120b,llama3.3",
      OPENAI_COMPATIBLE_MY_VLLM_BASE_URL: "http://10.0.0.5:8000/v1",
      OPENAI_COMPATIBLE_MY_VLLM_API_KEY: "token",
      OPENAI_COMPATIBLE_MY_VLLM_MODELS: "openai/gpt-oss-120b",
      OPENAI_COMPATIBLE_MY_VLLM_LABEL: "Team vLLM",
    });
    expect(env.compatible).toEqual([
      {
        name: "ollama",
        envPrefix: "OPENAI_COMPATIBLE_OLLAMA_",
        label: "Ollama",
        baseURL: "http://127.0.0.1:11434/v1",
        models: [{ id: "gpt-oss:120b", logicalModel: "gpt-oss-120b" }, { id: "llama3.3" }],
      },
      {
        name: "my-vllm",
        envPrefix: "OPENAI_COMPATIBLE_MY_VLLM_",
        label: "Team vLLM",
        baseURL: "http://10.0.0.5:8000/v1",
        apiKey: "token",
        models: [{ id: "openai/gpt-oss-120b" }],
      },
    ]);
  });

  it("requires a base URL and models for every listed endpoint", () => {
    const error = errorOf({ OPENAI_COMPATIBLE_ENDPOINTS: "ollama" });
    expect(error.issues.map((i) => i.variable)).toEqual(["OPENAI_COMPATIBLE_OLLAMA_BASE_URL", "OPENAI_COMPATIBLE_OLLAMA_MODELS"]);
    expect(error.message).toContain('OPENAI_COMPATIBLE_OLLAMA_BASE_URL is required because OPENAI_COMPATIBLE_ENDPOINTS lists "ollama".');
  });

  it("names the endpoint's variable when one is malformed", () => {
    const error = errorOf({
      OPENAI_COMPATIBLE_ENDPOINTS: "lmstudio",
      OPENAI_COMPATIBLE_LMSTUDIO_BASE_URL: "localhost:1234",
      OPENAI_COMPATIBLE_LMSTUDIO_MODELS: "qwen3 8b",
    });
    expect(error.issues.map((i) => i.variable)).toEqual(["OPENAI_COMPATIBLE_LMSTUDIO_BASE_URL", "OPENAI_COMPATIBLE_LMSTUDIO_MODELS"]);
  });

  it("rejects a name listed twice", () => {
    expect(errorOf({ OPENAI_COMPATIBLE_ENDPOINTS: "ollama,ollama" }).message).toContain('"ollama" is listed twice');
  });

  it("ignores variables of endpoints that are not listed", () => {
    expect(parseEnv({ OPENAI_COMPATIBLE_OLLAMA_BASE_URL: "not checked" }).compatible).toEqual([]);
  });
});

describe("parseEnv: prices", () => {
  it("reads JUXTA_PRICES", () => {
    const env = parseEnv({
      JUXTA_PRICES: '{"gpt-oss-120b":{"input":0.1,"output":0.5},"azure:prod-mini":{"input":0.2,"cachedInput":0.1,"output":0.8}}',
    });
    expect(env.prices).toEqual({
      "gpt-oss-120b": { input: 0.1, output: 0.5 },
      "azure:prod-mini": { input: 0.2, cachedInput: 0.1, output: 0.8 },
    });
    expect(env.pricesSource).toBe("JUXTA_PRICES");
  });

  it("reads JUXTA_PRICES_FILE through the injected reader", () => {
    const readFile = vi.fn(() => '{"openai:gpt-4o":{"input":2,"output":8}}');
    const env = parseEnv({ JUXTA_PRICES_FILE: "prices.json" }, { readFile });
    expect(readFile).toHaveBeenCalledWith("prices.json");
    expect(env.prices).toEqual({ "openai:gpt-4o": { input: 2, output: 8 } });
    expect(env.pricesSource).toBe("JUXTA_PRICES_FILE");
  });

  it("names JUXTA_PRICES_FILE when the file is missing or malformed", () => {
    const missing = () => {
      throw new Error("ENOENT: no such file or directory, open 'prices.json'");
    };
    expect(() => parseEnv({ JUXTA_PRICES_FILE: "prices.json" }, { readFile: missing })).toThrow(
      /^Invalid environment: JUXTA_PRICES_FILE must be the path of a readable JSON file; ENOENT/,
    );
    expect(() => parseEnv({ JUXTA_PRICES_FILE: "prices.json" }, { readFile: () => "{}}" })).toThrow(
      /JUXTA_PRICES_FILE .*the file is not valid JSON/,
    );
  });

  it("refuses both JUXTA_PRICES and JUXTA_PRICES_FILE", () => {
    expect(errorOf({ JUXTA_PRICES: "{}", JUXTA_PRICES_FILE: "p.json" }).issues).toEqual([
      { variable: "JUXTA_PRICES_FILE", message: expect.stringContaining("cannot be used together with JUXTA_PRICES") },
    ]);
  });
});

describe("getEnv", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("parses process.env once and caches it", () => {
    resetEnvCache();
    vi.stubEnv("JUXTA_MAX_RETRIES", "4");
    const first = getEnv();
    expect(first.maxRetries).toBe(4);
    vi.stubEnv("JUXTA_MAX_RETRIES", "1");
    expect(getEnv()).toBe(first);
    resetEnvCache();
    expect(getEnv().maxRetries).toBe(1);
  });

  it("throws EnvError for a malformed process.env", () => {
    resetEnvCache();
    vi.stubEnv("PORT", "http");
    expect(() => getEnv()).toThrow(EnvError);
  });
});
