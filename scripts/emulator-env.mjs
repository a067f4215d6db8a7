// Shared by `npm run demo`, the tests and the benchmarks.
/** Environment that points every cloud provider at the local emulator (npm run demo, tests). */
export function emulatorEnv(url) {
  return {
    JUXTA_EMULATED: "true",
    OPENAI_API_KEY: "sk-emulator-openai",
    OPENAI_BASE_URL: `${url}/v1`,
    AZURE_OPENAI_API_KEY: "emulator-azure-key",
    AZURE_OPENAI_ENDPOINT: url,
    AZURE_OPENAI_DEPLOYMENTS: "prod-mini=gpt-4o-mini,prod-4o=gpt-4o,prod-41=gpt-4.1",
    AZURE_FOUNDRY_DEPLOYMENTS: "phi-4=Phi-4,llama-70b=Llama-3.3-70B-Instruct,deepseek-r1=DeepSeek-R1",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDEMULATOR",
    AWS_SECRET_ACCESS_KEY: "emulator-secret",
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
    // the control plane (Discover's model lists) shares the emulator's origin with the runtime
    AWS_ENDPOINT_URL_BEDROCK: url,
    BEDROCK_MODELS:
      "openai.gpt-oss-120b-1:0,openai.gpt-oss-20b-1:0,anthropic.claude-3-5-haiku-20241022-v1:0,amazon.nova-pro-v1:0,meta.llama3-3-70b-instruct-v1:0," +
      "us.meta.llama3-3-70b-instruct-v1:0," +
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0,global.anthropic.claude-sonnet-4-5-20250929-v1:0,us.anthropic.claude-haiku-4-5-20251001-v1:0",
    ANTHROPIC_API_KEY: "emulator-anthropic-key",
    ANTHROPIC_BASE_URL: `${url}/v1`,
    BEDROCK_OPENAI_MODELS: "openai.gpt-oss-120b-1:0,openai.gpt-oss-20b-1:0",
    // Gemini API (key) and Vertex AI (ADC: the emulator is also the metadata server that issues tokens)
    GOOGLE_GENERATIVE_AI_API_KEY: "emulator-gemini-key",
    GOOGLE_GENERATIVE_AI_BASE_URL: `${url}/v1beta`,
    GOOGLE_VERTEX_PROJECT: "juxta-emulator",
    GOOGLE_VERTEX_LOCATION: "us-central1",
    GOOGLE_VERTEX_ENDPOINT: url,
    GCE_METADATA_HOST: new URL(url).host,
    OPENAI_COMPATIBLE_ENDPOINTS: "local",
    OPENAI_COMPATIBLE_LOCAL_BASE_URL: `${url}/compatible/v1`,
    OPENAI_COMPATIBLE_LOCAL_MODELS: "gpt-oss:20b,gpt-oss-120b",
    OPENAI_COMPATIBLE_LOCAL_LABEL: "Local vLLM",
  };
}
