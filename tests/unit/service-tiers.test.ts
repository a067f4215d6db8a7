// Service tiers: the schema's check, which provider and model takes which tier (and how it is
// sent), and the price at each tier. Prices are USD per 1M tokens; each expected cost is worked
// out by hand in the comment.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MetricsRow } from "@/components/compare/metrics-row";
import { priceAtTier } from "@/components/compare/pane-settings";
import {
  callSettings,
  notSentFromWarnings,
  notSentPhrase,
  paramsNotSent,
  serviceTiersOf,
  type ModelTraits,
} from "@/lib/compare/capabilities";
import type { AnswerMetrics } from "@/lib/compare/events";
import { emptyMetrics } from "@/lib/compare/metrics";
import { paramPhrases } from "@/lib/compare/params";
import { createComparisonSchema } from "@/lib/compare/schema";
import { AppError, fromZodError } from "@/lib/errors";
import { priceOfModel } from "@/lib/evals/run/spend";
import { parseEnv } from "@/lib/env";
import { findModel } from "@/lib/providers/catalog";
import { costUsd, pricedTierOf, tierPrice } from "@/lib/providers/prices";
import { metricsLine } from "@/lib/shares/export";
import type { CatalogModel } from "@/lib/providers/types";

const openai = (logicalModel: string): ModelTraits => ({ provider: "openai", providerLabel: "OpenAI", label: logicalModel, logicalModel });
const azure = (label: string, logicalModel: string): ModelTraits => ({
  provider: "azure",
  providerLabel: "Azure OpenAI",
  label,
  logicalModel,
});
const bedrock = (label: string, logicalModel: string): ModelTraits => ({
  provider: "bedrock",
  providerLabel: "Amazon Bedrock",
  label,
  logicalModel,
});

describe("serviceTier in the parameters schema", () => {
  const ok = { prompt: "hi", models: ["openai:gpt-5-mini"] };
  it.each(["auto", "default", "flex", "priority"])("accepts %s, shared and per pane", (tier) => {
    expect(createComparisonSchema.safeParse({ ...ok, params: { serviceTier: tier } }).success).toBe(true);
    expect(createComparisonSchema.safeParse({ ...ok, models: [{ id: "openai:gpt-5-mini", params: { serviceTier: tier } }] }).success).toBe(
      true,
    );
  });

  it.each([
    [{ params: { serviceTier: "fast" } }, "params.serviceTier"],
    [{ params: { serviceTier: "Flex" } }, "params.serviceTier"],
    [{ params: { serviceTier: "" } }, "params.serviceTier"],
    [{ params: { serviceTier: 1 } }, "params.serviceTier"],
    [{ models: [{ id: "openai:gpt-5-mini", params: { serviceTier: "scale" } }] }, "models.0.params.serviceTier"],
  ])("%j is a 400 naming %s with the tiers it takes", (extra, field) => {
    const r = createComparisonSchema.safeParse({ ...ok, ...extra });
    expect(r.success).toBe(false);
    const e = fromZodError(r.error!);
    expect(e).toBeInstanceOf(AppError);
    expect({ status: e.status, field: e.field, message: e.message }).toEqual({
      status: 400,
      field,
      message: "Service tier must be one of auto, default, flex, priority.",
    });
  });
});

describe("service tiers in the capability table", () => {
  it("OpenAI: flex and priority by the SDK's own model rule", () => {
    expect(serviceTiersOf(openai("gpt-5-mini"))).toEqual(["auto", "default", "flex", "priority"]);
    expect(serviceTiersOf(openai("gpt-5"))).toEqual(["auto", "default", "flex", "priority"]);
    expect(serviceTiersOf(openai("o4-mini"))).toEqual(["auto", "default", "flex", "priority"]);
    // gpt-5-nano: flex, no priority; gpt-4.x: priority, no flex; gpt-5-chat: neither
    expect(serviceTiersOf(openai("gpt-5-nano"))).toEqual(["auto", "default", "flex"]);
    expect(serviceTiersOf(openai("gpt-4o-mini"))).toEqual(["auto", "default", "priority"]);
    expect(serviceTiersOf(openai("gpt-4.1"))).toEqual(["auto", "default", "priority"]);
    expect(serviceTiersOf(openai("gpt-5-chat-latest"))).toEqual(["auto", "default"]);
  });

  it("Azure: priority where the model has it, never flex", () => {
    expect(serviceTiersOf(azure("prod-5", "gpt-5-mini"))).toEqual(["auto", "default", "priority"]);
    expect(notSentPhrase(azure("prod-5", "gpt-5-mini"), "serviceTier", { serviceTier: "flex" })).toBe(
      "service tier not sent (Azure OpenAI has no flex tier)",
    );
  });

  it("Bedrock: priority and flex for the models AWS lists, no auto; other providers none", () => {
    expect(serviceTiersOf(bedrock("gpt-oss-120b", "gpt-oss-120b"))).toEqual(["default", "flex", "priority"]);
    expect(serviceTiersOf(bedrock("Amazon Nova Pro", "nova-pro"))).toEqual(["default", "flex", "priority"]);
    expect(serviceTiersOf(bedrock("Claude 3.5 Haiku", "claude-3-5-haiku"))).toEqual([]);
    expect(paramsNotSent(bedrock("gpt-oss-120b", "gpt-oss-120b"), { serviceTier: "auto" })).toEqual([
      { param: "serviceTier", reason: "Amazon Bedrock has no auto tier; standard is its default" },
    ]);
    expect(paramsNotSent(bedrock("Claude 3.5 Haiku", "claude-3-5-haiku"), { serviceTier: "flex" })[0]!.reason).toMatch(
      /^Amazon Bedrock offers priority and flex for some models only .*; Claude 3\.5 Haiku runs on standard$/,
    );
    const local: ModelTraits = { provider: "compatible", providerLabel: "Local vLLM", label: "gpt-oss-20b", logicalModel: "gpt-oss-20b" };
    expect(serviceTiersOf(local)).toEqual([]);
    expect(notSentPhrase(local, "serviceTier", { serviceTier: "priority" })).toBe(
      "service tier not sent (Juxta sends service tiers to OpenAI, Azure OpenAI and Amazon Bedrock only)",
    );
    expect(notSentPhrase(openai("gpt-4o-mini"), "serviceTier", { serviceTier: "flex" })).toBe(
      "service tier not sent (gpt-4o-mini has no flex tier)",
    );
  });

  it("sends the tier as each package takes it, beside the other provider options", () => {
    expect(callSettings(openai("gpt-5-mini"), { serviceTier: "flex", reasoningEffort: "low" })).toEqual({
      settings: {},
      providerOptions: { openai: { reasoningEffort: "low", serviceTier: "flex" } },
      notSent: [],
    });
    expect(callSettings(azure("prod-5", "gpt-5-mini"), { serviceTier: "priority" })).toEqual({
      settings: {},
      providerOptions: { azure: { forceReasoning: true, serviceTier: "priority" } },
      notSent: [],
    });
    expect(callSettings(bedrock("gpt-oss-120b", "gpt-oss-120b"), { serviceTier: "priority", reasoningEffort: "high" })).toEqual({
      settings: {},
      providerOptions: { bedrock: { reasoningConfig: { maxReasoningEffort: "high" }, serviceTier: "priority" } },
      notSent: [],
    });
    // not taken: nothing in the provider options, reported as not sent
    expect(callSettings(openai("gpt-4o-mini"), { serviceTier: "flex" })).toEqual({ settings: {}, notSent: ["serviceTier"] });
    expect(callSettings(bedrock("Claude 3.5 Haiku", "claude-3-5-haiku"), { serviceTier: "priority" })).toEqual({
      settings: {},
      notSent: ["serviceTier"],
    });
  });

  it("a tier the SDK drops with a warning (an Azure deployment name it does not know) counts as not sent", () => {
    const warnings = [
      { type: "unsupported", feature: "serviceTier", details: "priority processing is only available for supported models" },
    ];
    expect(notSentFromWarnings(warnings, { serviceTier: "priority" })).toEqual(["serviceTier"]);
    expect(notSentFromWarnings(warnings, {})).toEqual([]);
  });

  it("names the tier in words", () => {
    expect(paramPhrases({ temperature: 0, serviceTier: "flex" })).toEqual(["temperature 0", "flex tier"]);
  });
});

const env = parseEnv({
  OPENAI_API_KEY: "sk-test",
  AZURE_OPENAI_API_KEY: "k",
  AZURE_RESOURCE_NAME: "myres",
  AZURE_OPENAI_DEPLOYMENTS: "prod-5=gpt-5-mini",
  AWS_REGION: "us-east-1",
  AWS_BEARER_TOKEN_BEDROCK: "key",
});

function model(id: string): CatalogModel {
  const found = findModel(id, env);
  if (!found) throw new Error(`no model ${id}`);
  return found;
}

describe("prices per tier", () => {
  it("OpenAI flex is half the standard price (the Batch API's), cached input included", () => {
    // gpt-5-mini standard (genai-prices): 0.25 input, 0.025 cached, 2 output
    const gpt5mini = model("openai:gpt-5-mini");
    expect(gpt5mini.price).toMatchObject({ input: 0.25, cachedInput: 0.025, output: 2 });
    expect(tierPrice(gpt5mini, gpt5mini.price!, "flex")).toMatchObject({ input: 0.125, cachedInput: 0.0125, output: 1 });
    // 10_000 in (2_000 cached) and 1_000 out at flex: 8_000 * 0.125 + 2_000 * 0.0125 + 1_000 * 1 = 1_000 + 25 + 1_000 -> 0.002025
    expect(costUsd(gpt5mini, { inputTokens: 10_000, cachedInputTokens: 2_000, outputTokens: 1_000 }, "flex")).toBe(0.002025);
    // standard: 8_000 * 0.25 + 2_000 * 0.025 + 1_000 * 2 = 2_000 + 50 + 2_000 -> 0.00405
    expect(costUsd(gpt5mini, { inputTokens: 10_000, cachedInputTokens: 2_000, outputTokens: 1_000 }, "default")).toBe(0.00405);
    expect(costUsd(gpt5mini, { inputTokens: 10_000, cachedInputTokens: 2_000, outputTokens: 1_000 })).toBe(0.00405);
  });

  it("OpenAI priority is OpenAI's own price per model; unknown for a model it does not list", () => {
    // gpt-5: 2.5 input, 0.25 cached, 20 output; 1_000 in, 500 out: 2_500 + 10_000 -> 0.0125
    expect(costUsd(model("openai:gpt-5"), { inputTokens: 1_000, outputTokens: 500 }, "priority")).toBe(0.0125);
    // gpt-5-mini: 0.45 / 3.6; 1_000 in, 500 out: 450 + 1_800 -> 0.00225; "fast" is the same tier
    expect(costUsd(model("openai:gpt-5-mini"), { inputTokens: 1_000, outputTokens: 500 }, "priority")).toBe(0.00225);
    expect(costUsd(model("openai:gpt-5-mini"), { inputTokens: 1_000, outputTokens: 500 }, "fast")).toBe(0.00225);
    const unlisted: CatalogModel = { ...model("openai:gpt-5-mini"), logicalModel: "gpt-9-preview" };
    expect(costUsd(unlisted, { inputTokens: 1_000, outputTokens: 500 }, "priority")).toBeNull();
  });

  it("Bedrock: flex -50%, priority +75% on the standard price", () => {
    // gpt-oss-120b standard: 0.15 / 0.6; priority 0.2625 / 1.05; flex 0.075 / 0.3
    const oss = model("bedrock:openai.gpt-oss-120b-1:0");
    expect(tierPrice(oss, oss.price!, "priority")).toMatchObject({ input: 0.2625, output: 1.05 });
    expect(tierPrice(oss, oss.price!, "flex")).toMatchObject({ input: 0.075, output: 0.3 });
    // 1_000_000 in and out at priority: 0.2625 + 1.05 = 1.3125 USD
    expect(costUsd(oss, { inputTokens: 1_000_000, outputTokens: 1_000_000 }, "priority")).toBe(1.3125);
    expect(costUsd(oss, { inputTokens: 1_000_000, outputTokens: 1_000_000 }, "flex")).toBe(0.375);
    expect(tierPrice(oss, oss.price!, "priority")!.source).toBe("genai-prices, priority tier x1.75");
  });

  it("no price for a tier nobody published (Azure priority, an unknown tier); standard for default and auto", () => {
    const prod5 = model("azure:prod-5");
    expect(prod5.price).toBeDefined();
    expect(tierPrice(prod5, prod5.price!, "priority")).toBeUndefined();
    expect(costUsd(prod5, { inputTokens: 10, outputTokens: 10 }, "priority")).toBeNull();
    expect(tierPrice(prod5, prod5.price!, "auto")).toBe(prod5.price);
    expect(costUsd(model("openai:gpt-5"), { inputTokens: 10, outputTokens: 10 }, "scale")).toBeNull();
    expect([null, undefined, "default", "auto", "standard", "flex", "fast"].map(pricedTierOf)).toEqual([
      "standard",
      "standard",
      "standard",
      "standard",
      "standard",
      "flex",
      "priority",
    ]);
  });
});

describe("the tier under an answer and in exports", () => {
  const render = (metrics: AnswerMetrics) => renderToString(createElement(MetricsRow, { metrics })).replace(/<!-- -->/g, "");

  it("shows the tier that served the answer, and what was asked when another tier served it", () => {
    const flex = { ...emptyMetrics(), requestedTier: "flex", servedTier: "flex" };
    expect(render(flex)).toMatch(/<dt[^>]*>Tier<\/dt><dd[^>]*>flex<\/dd>/);
    expect(metricsLine(flex)).toContain(" · flex tier");
    const downgraded = { ...emptyMetrics(), requestedTier: "priority", servedTier: "default" };
    expect(render(downgraded)).toContain("default (asked priority)");
    expect(render(downgraded)).toContain("the cost is at the default tier&#x27;s price");
    expect(metricsLine(downgraded)).toContain("default tier (asked priority)");
    // Bedrock says nothing when none was asked; OpenAI always says "default": neither is worth a line
    expect(render(emptyMetrics())).not.toContain("Tier");
    expect(render({ ...emptyMetrics(), servedTier: "default" })).not.toContain("Tier");
    expect(metricsLine({ ...emptyMetrics(), servedTier: "default" })).not.toContain("tier");
    // asked, the provider silent: priced at the tier asked for
    expect(render({ ...emptyMetrics(), requestedTier: "priority" })).toContain("priority (asked)");
  });
});

describe("the spend cap's price at the tier sent", () => {
  it("reserves at the tier asked for (the dearest it can be served at); unknown when the tier has no price", () => {
    const gpt5mini = model("openai:gpt-5-mini");
    expect(priceOfModel(gpt5mini)).toEqual(gpt5mini.price);
    expect(priceOfModel(gpt5mini, { serviceTier: "priority" })).toMatchObject({ input: 0.45, output: 3.6 });
    expect(priceOfModel(gpt5mini, { serviceTier: "flex" })).toMatchObject({ input: 0.125, output: 1 });
    // a tier the model is not sent: the standard price
    expect(priceOfModel(model("openai:gpt-4o-mini"), { serviceTier: "flex" })).toEqual(model("openai:gpt-4o-mini").price);
    // Azure priority: no published price here, so no worst case: a capped session refuses it
    expect(priceOfModel(model("azure:prod-5"), { serviceTier: "priority" })).toBeUndefined();
  });
});

describe("a pane's price at its tier", () => {
  it("shows the price of the tier the pane is sent; none for a tier without a published price", () => {
    const price = { input: 0.25, output: 2 };
    expect(priceAtTier(openai("gpt-5-mini"), price, { serviceTier: "flex" })).toEqual({ input: 0.125, output: 1 });
    expect(priceAtTier(openai("gpt-5-mini"), price, { serviceTier: "priority" })).toEqual({ input: 0.45, output: 3.6 });
    expect(priceAtTier(openai("gpt-5-mini"), price, {})).toBe(price);
    // not sent to this model: its standard price
    expect(priceAtTier(openai("gpt-4o-mini"), price, { serviceTier: "flex" })).toBe(price);
    expect(priceAtTier(azure("prod-5", "gpt-5-mini"), price, { serviceTier: "priority" })).toBeNull();
    expect(priceAtTier(openai("gpt-5-mini"), null, { serviceTier: "flex" })).toBeNull();
  });
});
