// Default credentials and per-model scripts of the provider emulator.
// These are test doubles: they must never look like real keys (no `sk-` + 20 alphanumerics,
// no `AKIA...`), so secret scanners and humans can tell them apart.
import type { EmulatorScript } from "./types";

export const EMULATOR_CREDENTIALS = {
  openaiKey: "sk-emulator-openai",
  azureKey: "emulator-azure-key",
  /** x-api-key of the Anthropic Messages API (ANTHROPIC_API_KEY) */
  anthropicKey: "emulator-anthropic-key",
  aws: {
    accessKeyId: "AKIDEMULATOR",
    secretAccessKey: "emulator-secret",
    region: "us-east-1",
    /** the value for AWS_BEARER_TOKEN_BEDROCK / `apiKey` (Bedrock API keys) */
    bearerToken: "emulator-bedrock-api-key",
  },
  google: {
    /** x-goog-api-key for the Gemini API (GOOGLE_GENERATIVE_AI_API_KEY) */
    geminiKey: "emulator-gemini-key",
    /** x-goog-api-key for Vertex AI express mode (GOOGLE_VERTEX_API_KEY) */
    vertexKey: "emulator-vertex-express-key",
    project: "juxta-emulator",
    location: "us-central1",
    /** what an external-account credential's `credential_source` file holds; exchanged at POST /token */
    subjectToken: "emulator-subject-token",
    audience: "//iam.googleapis.com/projects/0/locations/global/workloadIdentityPools/emulator/providers/emulator",
  },
} as const;

/** Script used when nothing more specific matches (chunkTokens depends on the provider: 1, or 4 on Azure). */
export const BASE_SCRIPT = { ttftMs: 30, tokensPerSecond: 400 } as const satisfies EmulatorScript;

const GPT_OSS_REASONING = "The user wants a short, well-formatted answer. Plan: a heading, a short list and a tiny code sample.";
const CLAUDE_THINKING =
  "The question is short, so the answer should be too. I will open with a heading, list the key points and add a small code sample.";
const GEMINI_THOUGHTS =
  "**Shaping the answer**\n\nA short question deserves a short answer: a heading, the key points as a list, and one small code sample.";
const O_SERIES_REASONING =
  "**Planning the answer**\n\nI should restate the question as a heading, list the key points, and add a short code sample.";

/**
 * Per-model behaviour for demos (`npm run demo`, `npm run emulator`): different clouds and
 * models answer at visibly different speeds. Keys are provider-qualified model ids as the
 * catalog sends them; a bare key applies to every provider.
 */
export const DEFAULT_SCRIPTS: Record<string, EmulatorScript> = {
  // OpenAI
  "openai:gpt-4o-mini": { ttftMs: 180, tokensPerSecond: 110, responseModel: "gpt-4o-mini-2024-07-18" },
  "openai:gpt-4o": { ttftMs: 320, tokensPerSecond: 70, responseModel: "gpt-4o-2024-08-06" },
  "openai:gpt-4.1": { ttftMs: 420, tokensPerSecond: 60, responseModel: "gpt-4.1-2025-04-14" },
  "openai:gpt-4.1-mini": { ttftMs: 220, tokensPerSecond: 95, responseModel: "gpt-4.1-mini-2025-04-14" },
  "openai:gpt-4.1-nano": { ttftMs: 150, tokensPerSecond: 160, responseModel: "gpt-4.1-nano-2025-04-14" },
  "openai:o4-mini": { ttftMs: 900, tokensPerSecond: 120, reasoning: O_SERIES_REASONING, responseModel: "o4-mini-2025-04-16" },
  "openai:gpt-5-mini": { ttftMs: 1100, tokensPerSecond: 90, reasoning: O_SERIES_REASONING, responseModel: "gpt-5-mini-2025-08-07" },

  // Azure OpenAI: deployment names (Azure streams several tokens per delta)
  "azure:prod-mini": { ttftMs: 240, tokensPerSecond: 130, chunkTokens: 4, responseModel: "gpt-4o-mini" },
  "azure:prod-4o": { ttftMs: 380, tokensPerSecond: 75, chunkTokens: 4, responseModel: "gpt-4o" },
  "azure:prod-41": { ttftMs: 450, tokensPerSecond: 65, chunkTokens: 4, responseModel: "gpt-4.1" },
  "azure:gpt-4o-mini": { ttftMs: 240, tokensPerSecond: 130, chunkTokens: 4 },
  "azure:gpt-4.1": { ttftMs: 450, tokensPerSecond: 65, chunkTokens: 4 },

  // Amazon Bedrock
  "bedrock:openai.gpt-oss-120b-1:0": { ttftMs: 300, tokensPerSecond: 240, reasoning: GPT_OSS_REASONING, reasoningInText: true },
  "bedrock:openai.gpt-oss-20b-1:0": { ttftMs: 200, tokensPerSecond: 320, reasoning: GPT_OSS_REASONING, reasoningInText: true },
  "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0": { ttftMs: 450, tokensPerSecond: 85 },
  "bedrock:us.anthropic.claude-3-5-haiku-20241022-v1:0": { ttftMs: 450, tokensPerSecond: 85 },
  "bedrock:amazon.nova-pro-v1:0": { ttftMs: 350, tokensPerSecond: 100 },
  "bedrock:amazon.nova-lite-v1:0": { ttftMs: 220, tokensPerSecond: 180 },
  "bedrock:meta.llama3-3-70b-instruct-v1:0": { ttftMs: 500, tokensPerSecond: 55 },
  // Claude 4.5 on Bedrock: cross-region inference profiles (the only way Bedrock serves them)
  "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0": { ttftMs: 700, tokensPerSecond: 70 },
  "bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0": { ttftMs: 650, tokensPerSecond: 72 },
  "bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0": { ttftMs: 400, tokensPerSecond: 140 },

  // Anthropic API (thinking shows only when the request turns it on, as on the real API)
  "anthropic:claude-sonnet-4-5": {
    ttftMs: 600,
    tokensPerSecond: 75,
    reasoning: CLAUDE_THINKING,
    responseModel: "claude-sonnet-4-5-20250929",
  },
  "anthropic:claude-haiku-4-5": {
    ttftMs: 350,
    tokensPerSecond: 150,
    reasoning: CLAUDE_THINKING,
    responseModel: "claude-haiku-4-5-20251001",
  },
  "anthropic:claude-opus-4-1": { ttftMs: 950, tokensPerSecond: 40, reasoning: CLAUDE_THINKING, responseModel: "claude-opus-4-1-20250805" },

  // Gemini API and Vertex AI (thoughts stream only when the request sets includeThoughts, as on the real API)
  "google:gemini-2.5-pro": { ttftMs: 1200, tokensPerSecond: 110, reasoning: GEMINI_THOUGHTS, chunkTokens: 6 },
  "google:gemini-2.5-flash": { ttftMs: 450, tokensPerSecond: 230, reasoning: GEMINI_THOUGHTS, chunkTokens: 8 },
  "google:gemini-2.5-flash-lite": { ttftMs: 250, tokensPerSecond: 320, chunkTokens: 8 },
  "vertex:gemini-2.5-pro": { ttftMs: 1100, tokensPerSecond: 115, reasoning: GEMINI_THOUGHTS, chunkTokens: 6 },
  "vertex:gemini-2.5-flash": { ttftMs: 420, tokensPerSecond: 240, reasoning: GEMINI_THOUGHTS, chunkTokens: 8 },
  "vertex:gemini-2.5-flash-lite": { ttftMs: 240, tokensPerSecond: 330, chunkTokens: 8 },
  "vertex:claude-sonnet-4-5@20250929": {
    ttftMs: 750,
    tokensPerSecond: 68,
    reasoning: CLAUDE_THINKING,
    responseModel: "claude-sonnet-4-5-20250929",
  },
  "vertex:claude-haiku-4-5@20251001": {
    ttftMs: 380,
    tokensPerSecond: 145,
    reasoning: CLAUDE_THINKING,
    responseModel: "claude-haiku-4-5-20251001",
  },
  "vertex:openai/gpt-oss-120b-maas": { ttftMs: 280, tokensPerSecond: 260, reasoning: GPT_OSS_REASONING },
  "vertex:meta/llama-4-maverick-17b-128e-instruct-maas": { ttftMs: 420, tokensPerSecond: 120 },

  // OpenAI-compatible endpoints (Ollama / vLLM names)
  "gpt-oss:20b": { ttftMs: 150, tokensPerSecond: 60, reasoning: GPT_OSS_REASONING, reasoningInText: true },
  "gpt-oss-20b": { ttftMs: 150, tokensPerSecond: 60, reasoning: GPT_OSS_REASONING, reasoningInText: true },
  "gpt-oss-120b": { ttftMs: 250, tokensPerSecond: 220, reasoning: GPT_OSS_REASONING, reasoningInText: true },
};
