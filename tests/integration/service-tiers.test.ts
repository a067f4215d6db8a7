// Service tiers end to end: the real AI SDK packages against the emulator. The tier reaches the
// wire where the provider takes it, the answer records the tier asked for and the one the
// provider says served it, and the cost is priced at the served tier (lib/providers/prices.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { callModel } from "@/lib/calls/call-model";
import { getComparisonById } from "@/lib/compare/queries";
import { startComparison } from "@/lib/compare/service";
import type { CreateComparisonInput } from "@/lib/compare/schema";
import { findModel, resolvePrice } from "@/lib/providers";
import { toJsonExport, toMarkdown } from "@/lib/shares/export";
import { computeSpeedBoard } from "@/lib/votes/speed-board";
import { accessTo } from "../helpers/access";
import { collect, OWNER, startHarness, type Harness } from "../helpers/compare-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
});
afterAll(async () => h?.close());
beforeEach(() => h.emulator.reset());

type Body = Record<string, unknown>;

function bodiesFor(model: string): Body[] {
  return h.emulator.requests.filter((r) => r.model === model).map((r) => r.body as Body);
}

async function run(input: CreateComparisonInput) {
  const c = collect();
  const { id } = startComparison(input, OWNER, { db: h.db, env: h.env, observe: c.observe });
  const events = await c.done;
  const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
  return { id, events, view: view! };
}

/** USD for the tokens at a price per 1M tokens (no cached input in these answers). */
function usd(price: { input: number; output: number }, input: number, output: number): number {
  return (input * price.input + output * price.output) / 1_000_000;
}

describe(`service tiers (${inject("databaseKind")})`, () => {
  it("gpt-5-mini at default, flex and priority: the tier on the wire, recorded as asked and served, priced per tier", async () => {
    const { view, events, id } = await run({
      prompt: "Name three primes.",
      models: [
        { id: "openai:gpt-5-mini", params: { serviceTier: "default" } },
        { id: "openai:gpt-5-mini", params: { serviceTier: "flex" } },
        { id: "openai:gpt-5-mini", params: { serviceTier: "priority" } },
      ],
    });
    // every request carried its tier (the three run at once, so by value, not by order)
    expect(
      bodiesFor("gpt-5-mini")
        .map((b) => b.service_tier)
        .sort(),
    ).toEqual(["default", "flex", "priority"]);

    const answers = view.turns[0]!.answers;
    expect(answers.map((a) => a.status)).toEqual(["done", "done", "done"]);
    expect(answers.map((a) => [a.metrics.requestedTier, a.metrics.servedTier])).toEqual([
      ["default", "default"],
      ["flex", "flex"],
      ["priority", "priority"],
    ]);
    expect(answers.map((a) => a.metrics.paramsNotSent)).toEqual([[], [], []]);

    // cost: standard from genai-prices; flex half of it; priority OpenAI's own list ($0.45 / $3.60);
    // stored as Decimal(14, 8), so compared to 7 decimals
    const standard = resolvePrice(findModel("openai:gpt-5-mini", h.env)!)!;
    const [def, flex, prio] = answers.map((a) => a.metrics);
    expect(def!.costUsd).toBeCloseTo(usd(standard, def!.inputTokens!, def!.outputTokens!), 7);
    expect(flex!.costUsd).toBeCloseTo(
      usd({ input: standard.input / 2, output: standard.output / 2 }, flex!.inputTokens!, flex!.outputTokens!),
      7,
    );
    expect(prio!.costUsd).toBeCloseTo(usd({ input: 0.45, output: 3.6 }, prio!.inputTokens!, prio!.outputTokens!), 7);
    expect(flex!.costUsd!).toBeLessThan(def!.costUsd!);
    expect(prio!.costUsd!).toBeGreaterThan(def!.costUsd!);

    // the live event carries the tiers too; the rows store them
    expect(events.find((e) => e.type === "pane-finish" && e.pane === 1)).toMatchObject({
      metrics: { requestedTier: "flex", servedTier: "flex" },
    });
    const rows = await h.db.answer.findMany({
      where: { turn: { comparisonId: id } },
      include: { pane: true },
      orderBy: { pane: { index: "asc" } },
    });
    expect(rows.map((r) => [r.requestedTier, r.servedTier])).toEqual([
      ["default", "default"],
      ["flex", "flex"],
      ["priority", "priority"],
    ]);

    // each pane carries the price of its tier (shown in its header)
    expect(view.panes.map((p) => [p.price?.input, p.price?.output])).toEqual([
      [standard.input, standard.output],
      [standard.input / 2, standard.output / 2],
      [0.45, 3.6],
    ]);

    // exports: the JSON has the metrics as stored, the Markdown says the tier
    const md = toMarkdown(view);
    expect(md).toContain(" · flex tier");
    expect(md).toContain(" · priority tier");
    expect(toJsonExport(view).turns[0]!.answers[1]!.metrics).toMatchObject({ requestedTier: "flex", servedTier: "flex" });

    // the speed board does not mix tiers: one row per served tier of the deployment
    const board = await computeSpeedBoard({}, { db: h.db });
    const tiers = board.rows.filter((r) => r.id === "openai:gpt-5-mini").map((r) => r.serviceTier);
    expect(tiers.sort()).toEqual(["flex", "priority", "standard"]);
  });

  it("asked for priority, served default (OpenAI's ramp limit): recorded as such and billed at the standard price", async () => {
    h.emulator.setScript("openai:gpt-5-mini", { serviceTier: "default" });
    const model = findModel("openai:gpt-5-mini", h.env)!;
    const r = await callModel({
      model,
      env: h.env,
      system: null,
      messages: [{ role: "user", content: "Hi." }],
      params: { serviceTier: "priority" },
    });
    expect(r.status).toBe("done");
    expect(bodiesFor("gpt-5-mini")[0]!.service_tier).toBe("priority");
    expect(r).toMatchObject({ requestedTier: "priority", servedTier: "default", paramsNotSent: [] });
    expect(r.costUsd).toBeCloseTo(usd(resolvePrice(model)!, r.usage.inputTokens!, r.usage.outputTokens!), 10);
  });

  it("Bedrock: serviceTier {type} at the top of the Converse body, the stream's metadata says the tier, priced +75%", async () => {
    const model = findModel("bedrock:openai.gpt-oss-120b-1:0", h.env)!;
    const r = await callModel({
      model,
      env: h.env,
      system: null,
      messages: [{ role: "user", content: "Hi." }],
      params: { serviceTier: "priority" },
    });
    expect(r.status).toBe("done");
    const body = bodiesFor("openai.gpt-oss-120b-1:0")[0]!;
    expect(body.serviceTier).toEqual({ type: "priority" });
    expect(JSON.stringify(body.additionalModelRequestFields ?? {})).not.toContain("serviceTier");
    expect(r).toMatchObject({ requestedTier: "priority", servedTier: "priority" });
    const standard = resolvePrice(model)!;
    expect(r.costUsd).toBeCloseTo(
      usd({ input: standard.input * 1.75, output: standard.output * 1.75 }, r.usage.inputTokens!, r.usage.outputTokens!),
      10,
    );
  });

  it("Azure: priority goes out when the SDK knows the deployment's model by its name; it has no published price here", async () => {
    const real = findModel("azure:prod-41", h.env)!;
    const messages = [{ role: "user" as const, content: "Hi." }];
    // a deployment named otherwise: the table sends it, the SDK drops it with a warning, the answer says not sent
    const named = await callModel({ model: real, env: h.env, system: null, messages, params: { serviceTier: "priority" } });
    expect(named.status).toBe("done");
    expect(bodiesFor("prod-41")[0]).not.toHaveProperty("service_tier");
    expect(named).toMatchObject({ requestedTier: null, servedTier: "default", paramsNotSent: ["serviceTier"] });
    expect(named.costUsd).toBeCloseTo(usd(real.price!, named.usage.inputTokens!, named.usage.outputTokens!), 10);
    // a deployment named as its model: sent and served; no cost rather than a guessed one
    const asModel = { ...real, id: "azure:gpt-4.1", providerModelId: "gpt-4.1" };
    const r = await callModel({ model: asModel, env: h.env, system: null, messages, params: { serviceTier: "priority" } });
    expect(r.status).toBe("done");
    expect(bodiesFor("gpt-4.1")[0]!.service_tier).toBe("priority");
    expect(r).toMatchObject({ requestedTier: "priority", servedTier: "priority", paramsNotSent: [], costUsd: null });
  });

  it("a tier the provider or model does not sell is not sent and is reported as not sent; the answer is priced as standard", async () => {
    const { view } = await run({
      prompt: "Hi.",
      params: { serviceTier: "flex" },
      models: ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0", "local:gpt-oss:20b"],
    });
    expect(bodiesFor("gpt-4o-mini")[0]).not.toHaveProperty("service_tier");
    expect(bodiesFor("prod-mini")[0]).not.toHaveProperty("service_tier");
    expect(bodiesFor("anthropic.claude-3-5-haiku-20241022-v1:0")[0]).not.toHaveProperty("serviceTier");
    expect(bodiesFor("gpt-oss:20b")[0]).not.toHaveProperty("service_tier");
    const answers = view.turns[0]!.answers;
    expect(answers.map((a) => a.status)).toEqual(["done", "done", "done", "done"]);
    expect(answers.map((a) => a.metrics.paramsNotSent)).toEqual([["serviceTier"], ["serviceTier"], ["serviceTier"], ["serviceTier"]]);
    expect(answers.map((a) => a.metrics.requestedTier)).toEqual([null, null, null, null]);
    // OpenAI and Azure still say which tier served the answer; Bedrock and the local server say nothing
    expect(answers.map((a) => a.metrics.servedTier)).toEqual(["default", "default", null, null]);
    const mini = findModel("openai:gpt-4o-mini", h.env)!;
    const m = answers[0]!.metrics;
    expect(m.costUsd).toBeCloseTo(usd(resolvePrice(mini)!, m.inputTokens!, m.outputTokens!), 7);
  });
});
