// Discover's pure parts: secrets never in a message, the accounts it would list per environment,
// the capabilities sentence a screen reader hears, and the query schema.
import { describe, expect, it } from "vitest";
import { discoverQuerySchema } from "@/app/api/v1/discover/schema";
import { capabilitiesText } from "@/components/compare/capability-badges";
import { parseEnv } from "@/lib/env";
import { discoverAccounts } from "@/lib/providers/discover";
import { scrub, where } from "@/lib/providers/list-models/shared";

describe("scrub", () => {
  it("removes every secret, user:password@ and keeps messages short", () => {
    expect(scrub("bad key sk-abcdef123456 (sk-abcdef123456)", ["sk-abcdef123456"])).toBe("bad key *** (***)");
    expect(scrub("Could not reach http://user:pw@host:1/v1", [])).toBe("Could not reach http://host:1/v1");
    expect(scrub("x".repeat(500), []).length).toBe(300);
    expect(scrub("a\n\n  b", [undefined, ""])).toBe("a b");
    expect(where("https://u:p@api.example.com/v1/models?key=secret")).toBe("https://api.example.com/v1/models");
  });
});

describe("discoverAccounts", () => {
  it("lists each provider with a list call; unconfigured ones with the variables to set", () => {
    const env = parseEnv({
      OPENAI_API_KEY: "sk-test",
      OPENAI_COMPATIBLE_ENDPOINTS: "ollama,vllm",
      OPENAI_COMPATIBLE_OLLAMA_BASE_URL: "http://127.0.0.1:11434/v1",
      OPENAI_COMPATIBLE_OLLAMA_MODELS: "llama3.3",
      OPENAI_COMPATIBLE_VLLM_BASE_URL: "http://127.0.0.1:8000/v1",
      OPENAI_COMPATIBLE_VLLM_MODELS: "openai/gpt-oss-120b",
      // Azure has no list call here: never an account
      AZURE_OPENAI_API_KEY: "k",
      AZURE_OPENAI_ENDPOINT: "https://myres.openai.azure.com",
      AZURE_OPENAI_DEPLOYMENTS: "prod-mini",
    });
    const accounts = discoverAccounts(env);
    expect(accounts.map((a) => [a.provider, a.account.label, a.account.location, a.configured])).toEqual([
      ["openai", "OpenAI", null, true],
      ["anthropic", "Anthropic", null, false],
      ["google", "Google Gemini API", null, false],
      ["bedrock", "Amazon Bedrock", null, false],
      ["compatible", "Ollama", "ollama", true],
      ["compatible", "vLLM", "vllm", true],
    ]);
    expect(accounts[3]!.hint).toMatch(/^Set AWS_REGION and AWS credentials/);
    expect(JSON.stringify(accounts)).not.toContain("sk-test");
  });
});

describe("capabilitiesText", () => {
  it("names what the model can do, and says unknown rather than none", () => {
    expect(capabilitiesText({ tools: true, structuredOutput: true, images: false, reasoning: true })).toBe(
      "Capabilities: tools, structured output (JSON), reasoning.",
    );
    expect(capabilitiesText({ tools: false, structuredOutput: false, images: false, reasoning: false })).toBe("Capabilities: text only.");
    expect(capabilitiesText(null)).toBe("Capabilities unknown.");
  });
});

describe("discoverQuerySchema", () => {
  it("takes a provider and refresh, nothing else", () => {
    expect(discoverQuerySchema.parse({ provider: "bedrock", refresh: "1" })).toEqual({ provider: "bedrock", refresh: true });
    expect(discoverQuerySchema.parse({})).toEqual({});
    expect(discoverQuerySchema.safeParse({ provider: "azure" }).success).toBe(false);
    expect(discoverQuerySchema.safeParse({ other: "x" }).success).toBe(false);
  });
});
