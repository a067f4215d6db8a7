import { describe, expect, it } from "vitest";
import { callSettings, notSentFromWarnings, notSentPhrase, paramsNotSent, reasoningOf } from "@/lib/compare/capabilities";
import { effectiveSystem, paramPhrases, paramsDiffering } from "@/lib/compare/params";
import { createComparisonSchema, followUpSchema, type Params } from "@/lib/compare/schema";
import { AppError, fromZodError } from "@/lib/errors";

const ok = { prompt: "hi", models: ["openai:gpt-4o-mini"] };

/** What the API answers for a body: "ok", or the 400 envelope's status, field and message. */
function answer(input: unknown) {
  const r = createComparisonSchema.safeParse(input);
  if (r.success) return "ok";
  const e = fromZodError(r.error);
  expect(e).toBeInstanceOf(AppError);
  return { status: e.status, field: e.field, message: e.message };
}

describe("parameters schema", () => {
  it("accepts the new parameters, shared and per pane, with a per-pane system prompt", () => {
    expect(
      answer({
        ...ok,
        params: { reasoningEffort: "minimal", stopSequences: ["END", "\n\n"], seed: 0 },
        models: ["a:b", { id: "c:d", system: "", params: { seed: 2_147_483_647, stopSequences: [] } }, { id: "e:f", system: null }],
      }),
    ).toBe("ok");
  });

  it.each([
    [{ params: { stopSequences: ["a", "b", "c", "d", "e"] } }, "params.stopSequences", "At most 4 stop sequences."],
    [{ params: { stopSequences: ["a", "a"] } }, "params.stopSequences", "Stop sequences must differ from each other."],
    [{ params: { stopSequences: [""] } }, "params.stopSequences.0", "A stop sequence cannot be empty."],
    [{ params: { stopSequences: ["x".repeat(65)] } }, "params.stopSequences.0", "A stop sequence is at most 64 characters."],
    [{ params: { stopSequences: "END" } }, "params.stopSequences", "Stop sequences must be a list of strings."],
    [{ params: { seed: 1.5 } }, "params.seed", "Seed must be a whole number from 0 to 2,147,483,647."],
    [{ params: { seed: -1 } }, "params.seed", "Seed must be a whole number from 0 to 2,147,483,647."],
    [{ params: { seed: "7" } }, "params.seed", "Seed must be a number."],
    [{ params: { reasoningEffort: "extreme" } }, "params.reasoningEffort", "Reasoning effort must be one of minimal, low, medium, high."],
    [{ models: [{ id: "x:y", params: { seed: 0.5 } }] }, "models.0.params.seed", "Seed must be a whole number from 0 to 2,147,483,647."],
    [{ models: ["a:b", { id: "x:y", system: 3 }] }, "models.1.system", "The system prompt must be text."],
    [{ models: [{ id: "x:y", temperature: 1 }] }, "models.0", 'Unknown field "temperature".'],
    [{ models: [""] }, "models.0", "Model id is empty."],
  ])("%j is a 400 naming %s", (extra, field, message) => {
    expect(answer({ ...ok, ...extra })).toEqual({ status: 400, field, message });
  });

  it("a follow-up takes a prompt only (each pane keeps its stored system prompt and parameters)", () => {
    expect(followUpSchema.safeParse({ prompt: "and?", params: { seed: 1 } }).success).toBe(false);
  });
});

describe("capability table", () => {
  const openai = (logicalModel: string) => ({ provider: "openai", providerLabel: "OpenAI", label: logicalModel, logicalModel });
  const bedrock = (label: string, logicalModel: string) => ({ provider: "bedrock", providerLabel: "Amazon Bedrock", label, logicalModel });
  const all: Params = { temperature: 0.2, topP: 0.9, maxOutputTokens: 100, reasoningEffort: "low", stopSequences: ["END"], seed: 3 };

  it("knows which models take a reasoning effort, and which efforts", () => {
    expect(reasoningOf("gpt-5-mini")?.efforts).toEqual(["minimal", "low", "medium", "high"]);
    expect(reasoningOf("gpt-5.1")?.efforts).toEqual(["low", "medium", "high"]);
    expect(reasoningOf("o4-mini")?.efforts).toEqual(["low", "medium", "high"]);
    expect(reasoningOf("gpt-oss-120b")?.efforts).toEqual(["low", "medium", "high"]);
    expect(reasoningOf("gpt-5-chat-latest")).toBeNull();
    expect(reasoningOf("gpt-4o-mini")).toBeNull();
    expect(reasoningOf("nova-pro")).toBeNull();
  });

  it("says what each provider does not take, and why", () => {
    expect(paramsNotSent(openai("gpt-4o-mini"), all).map((n) => n.param)).toEqual(["reasoningEffort", "stopSequences", "seed"]);
    expect(paramsNotSent(openai("o4-mini"), all).map((n) => n.param)).toEqual(["temperature", "topP", "stopSequences", "seed"]);
    expect(paramsNotSent(bedrock("gpt-oss-120b", "gpt-oss-120b"), all)).toEqual([
      { param: "seed", reason: "not supported by Amazon Bedrock" },
    ]);
    expect(paramsNotSent(bedrock("Amazon Nova Pro", "nova-pro"), all).map((n) => n.param)).toEqual(["reasoningEffort", "seed"]);
    expect(
      paramsNotSent({ provider: "compatible", providerLabel: "Local vLLM", label: "gpt-oss-20b", logicalModel: "gpt-oss-20b" }, all),
    ).toEqual([]);
    // only what is set counts
    expect(paramsNotSent(bedrock("Amazon Nova Pro", "nova-pro"), { temperature: 1 })).toEqual([]);
    // an effort the model does not take
    expect(paramsNotSent(openai("o4-mini"), { reasoningEffort: "minimal" })).toEqual([
      { param: "reasoningEffort", reason: "o4-mini takes low, medium or high" },
    ]);
    expect(notSentPhrase(bedrock("Amazon Nova Pro", "nova-pro"), "seed")).toBe("seed not sent (not supported by Amazon Bedrock)");
    expect(notSentPhrase(openai("gpt-4o-mini"), "stopSequences")).toBe(
      "stop sequences not sent (not supported by the OpenAI Responses API)",
    );
  });

  it("builds the AI SDK call: settings sent, provider options for reasoning effort, the rest left out", () => {
    expect(callSettings(openai("gpt-5-mini"), all)).toEqual({
      settings: { maxOutputTokens: 100 },
      providerOptions: { openai: { reasoningEffort: "low" } },
      notSent: ["temperature", "topP", "stopSequences", "seed"],
    });
    expect(callSettings(bedrock("gpt-oss-120b", "gpt-oss-120b"), all)).toEqual({
      settings: { temperature: 0.2, topP: 0.9, maxOutputTokens: 100, stopSequences: ["END"] },
      providerOptions: { bedrock: { reasoningConfig: { maxReasoningEffort: "low" } } },
      notSent: ["seed"],
    });
    // an Azure deployment of a reasoning model: the SDK is told, since the deployment name says nothing
    expect(callSettings({ provider: "azure", providerLabel: "Azure OpenAI", label: "prod-5", logicalModel: "gpt-5-mini" }, {})).toEqual({
      settings: {},
      providerOptions: { azure: { forceReasoning: true } },
      notSent: [],
    });
    expect(callSettings({ provider: "compatible", providerLabel: "Local", label: "gpt-oss", logicalModel: "gpt-oss-20b" }, all)).toEqual({
      settings: { temperature: 0.2, topP: 0.9, maxOutputTokens: 100, seed: 3, stopSequences: ["END"] },
      providerOptions: { openaiCompatible: { reasoningEffort: "low" } },
      notSent: [],
    });
  });

  it("reads the AI SDK's unsupported warnings for parameters that were set (a clamped temperature was still sent)", () => {
    const warnings = [
      { type: "unsupported", feature: "seed" },
      { type: "unsupported", feature: "topK" },
      { type: "unsupported", feature: "temperature", details: "1.5 exceeds bedrock maximum of 1.0. clamped to 1.0" },
      { type: "other", message: "x" },
      { type: "unsupported", feature: "stopSequences" },
    ];
    expect(notSentFromWarnings(warnings, { seed: 1, temperature: 1.5 })).toEqual(["seed"]);
  });
});

describe("capability table: Gemini API and Vertex AI", () => {
  const google = (logicalModel: string) => ({ provider: "google", providerLabel: "Google Gemini API", label: logicalModel, logicalModel });
  const vertex = (logicalModel: string) => ({ provider: "vertex", providerLabel: "Google Vertex AI", label: logicalModel, logicalModel });
  const all: Params = { temperature: 1.5, topP: 0.9, maxOutputTokens: 100, reasoningEffort: "low", stopSequences: ["END"], seed: 3 };

  it("Gemini takes every parameter; reasoning effort becomes a thinking budget, thoughts always included", () => {
    expect(callSettings(google("gemini-2.5-flash"), all)).toEqual({
      settings: { temperature: 1.5, topP: 0.9, maxOutputTokens: 100, seed: 3, stopSequences: ["END"] },
      providerOptions: { google: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } },
      notSent: [],
    });
    // Vertex reads its own key
    expect(callSettings(vertex("gemini-2.5-pro"), { reasoningEffort: "high" }).providerOptions).toEqual({
      vertex: { thinkingConfig: { includeThoughts: true, thinkingBudget: 24576 } },
    });
    // no effort set: thoughts still stream, the model picks its own budget
    expect(callSettings(google("gemini-2.5-pro"), {}).providerOptions).toEqual({ google: { thinkingConfig: { includeThoughts: true } } });
    // Flash can switch thinking off; Pro cannot
    expect(callSettings(google("gemini-2.5-flash-lite"), { reasoningEffort: "minimal" }).providerOptions).toEqual({
      google: { thinkingConfig: { includeThoughts: true, thinkingBudget: 0 } },
    });
    expect(paramsNotSent(google("gemini-2.5-pro"), { reasoningEffort: "minimal" })).toEqual([
      { param: "reasoningEffort", reason: "gemini-2.5-pro takes low, medium or high" },
    ]);
    // Gemini 3 takes a thinking level; Gemini 2.0 does not think
    expect(callSettings(google("gemini-3-pro-preview"), { reasoningEffort: "high" }).providerOptions).toEqual({
      google: { thinkingConfig: { includeThoughts: true, thinkingLevel: "high" } },
    });
    expect(paramsNotSent(google("gemini-2.0-flash"), { reasoningEffort: "low" }).map((n) => n.param)).toEqual(["reasoningEffort"]);
    expect(callSettings(google("gemini-2.0-flash"), {}).providerOptions).toBeUndefined();
  });

  it("Claude on Vertex takes no seed; open models on Vertex (MaaS) take reasoning effort as Chat Completions do", () => {
    expect(paramsNotSent(vertex("claude-sonnet-4.5"), { seed: 1 })).toEqual([
      { param: "seed", reason: "not supported by Claude's Messages API on Google Vertex AI" },
    ]);
    // Claude on Vertex is Anthropic's Messages API: reasoning effort as a thinking budget, no sampling while it thinks
    expect(callSettings(vertex("claude-sonnet-4.5"), { reasoningEffort: "medium", temperature: 0.5 })).toEqual({
      settings: {},
      providerOptions: { anthropic: { thinking: { type: "enabled", budgetTokens: 4096 } } },
      notSent: ["temperature"],
    });
    expect(paramsNotSent(vertex("claude-haiku-4.5"), { temperature: 0.5, topP: 0.9 })).toEqual([
      { param: "topP", reason: "Claude takes temperature or top-p, not both (temperature is sent)" },
    ]);
    expect(callSettings(vertex("gpt-oss-120b"), all)).toEqual({
      settings: { temperature: 1.5, topP: 0.9, maxOutputTokens: 100, seed: 3, stopSequences: ["END"] },
      providerOptions: { openaiCompatible: { reasoningEffort: "low" } },
      notSent: [],
    });
    expect(paramsNotSent(vertex("llama-4-maverick-17b-128e-instruct"), all).map((n) => n.param)).toEqual(["reasoningEffort"]);
  });
});

describe("pane overrides", () => {
  it("a pane's system prompt: its own (\"\" is none), else the comparison's", () => {
    expect(effectiveSystem(undefined, "Shared")).toBe("Shared");
    expect(effectiveSystem(null, "Shared")).toBe("Shared");
    expect(effectiveSystem("", "Shared")).toBeNull();
    expect(effectiveSystem("Own", null)).toBe("Own");
  });

  it("names the parameters in words and which differ from the shared ones", () => {
    expect(paramPhrases({ reasoningEffort: "high", stopSequences: ["END", "\n"], seed: 7, temperature: 0 })).toEqual([
      "temperature 0",
      "high reasoning effort",
      'stop at "END", "\\n"',
      "seed 7",
    ]);
    expect(paramsDiffering({ temperature: 0.1, seed: 1, stopSequences: ["a"] }, { temperature: 0.5, stopSequences: ["a"] })).toEqual([
      "temperature",
      "seed",
    ]);
  });
});
