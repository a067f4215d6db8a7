// The model facts table: every built-in catalog model has its facts, and cloud-specific caps apply.
import { describe, expect, it } from "vitest";
import { bedrockDefaultModels, openAIModels } from "@/lib/providers/catalog";
import { modelInfo } from "@/lib/providers/model-info";

describe("model facts", () => {
  it("knows every built-in model", () => {
    for (const m of [...openAIModels, ...bedrockDefaultModels]) {
      expect(modelInfo(m.logicalModel), m.logicalModel).toBeDefined();
    }
  });

  it("says which models take images and tools", () => {
    expect(modelInfo("claude-sonnet-4.5")!.capabilities).toEqual({ tools: true, structuredOutput: true, images: true, reasoning: true });
    expect(modelInfo("gpt-oss-120b")!.capabilities.images).toBe(false);
    expect(modelInfo("claude-3-5-haiku")!.capabilities.images).toBe(false);
    expect(modelInfo("no-such-model")).toBeUndefined();
    expect(modelInfo(null)).toBeUndefined();
  });
});
