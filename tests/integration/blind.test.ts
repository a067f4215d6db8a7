// Blind comparisons end to end on the engine: what readers get before the vote, pacing, the vote
// that stops unfinished panes and reveals the models.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import type { CompareEvent } from "@/lib/compare/events";
import { runs } from "@/lib/compare/hub";
import { getComparisonById, listComparisons } from "@/lib/compare/queries";
import { startComparison } from "@/lib/compare/service";
import { createShare } from "@/lib/shares/service";
import { rerunInput } from "@/lib/shares/rerun";
import { castVote } from "@/lib/votes/service";
import { collect, OWNER, startHarness, textOf, type Harness } from "../helpers/compare-harness";
import { accessTo } from "../helpers/access";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
});
afterAll(async () => h?.close());
beforeEach(() => h.emulator.reset());

const MODELS = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0"];
// every string that would name a model, a cloud or a deployment
const TELLS = ["gpt-4o-mini", "prod-mini", "nova", "openai", "azure", "bedrock", "amazon", "OpenAI", "Azure", "Bedrock", "resp_"];
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

function start(models: string[], blind: boolean, prompt = "Compare blind, please.") {
  const c = collect();
  const { id } = startComparison({ prompt, models, blind }, OWNER, { db: h.db, env: h.env, observe: c.observe });
  return { id, c };
}

const deltas = (events: CompareEvent[], pane: number) =>
  events.filter((e): e is Extract<CompareEvent, { type: "text-delta" }> => e.type === "text-delta" && e.pane === pane).map((e) => e.delta);

describe("blind comparisons", () => {
  it("stream and store nothing that tells the clouds apart until the vote, and pace text word by word", async () => {
    for (const m of MODELS)
      h.emulator.setScript(m, { text: words(40), reasoning: "Secret chain of thought.", chunkTokens: 4, tokensPerSecond: 2000 });
    const { id, c } = start(MODELS, true);
    const events = await c.done;
    const streamed = JSON.stringify(events);
    for (const tell of TELLS) expect(streamed).not.toContain(tell);
    expect(events.some((e) => e.type === "reasoning-delta")).toBe(false);
    for (const e of events)
      if (e.type === "pane-finish") expect(e.metrics).toMatchObject({ ttftMs: null, totalMs: null, outputTokens: null, costUsd: null });
    // word pacing: no delta carries two words, whatever chunk size the cloud sent
    for (const pane of [0, 1, 2]) {
      expect(deltas(events, pane).length).toBeGreaterThanOrEqual(40);
      for (const d of deltas(events, pane)) expect(d.trim().split(/\s+/).length).toBeLessThanOrEqual(1);
      expect(textOf(events, pane)).toBe(words(40));
    }

    const view = (await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env }))!;
    expect(view).toMatchObject({ blind: true, revealed: false });
    expect(view.panes.map((p) => p.model.label)).toEqual(["Model A", "Model B", "Model C"]);
    const viewJson = JSON.stringify(view);
    for (const tell of TELLS) expect(viewJson).not.toContain(tell);
    expect(view.turns[0]!.answers.every((a) => a.reasoning === "" && a.metrics.ttftMs === null && a.responseId === null)).toBe(true);
    const listed = (await listComparisons({ viewer: { id: LOCAL_USER_ID, local: true }, q: "Compare blind" }, { db: h.db })).items.find(
      (i) => i.id === id,
    )!;
    expect(listed).toMatchObject({ blind: true, models: ["Model A", "Model B", "Model C"] });

    // the database has everything: the random assignment, the metrics, the reasoning
    const stored = await h.db.comparison.findUniqueOrThrow({
      where: { id },
      include: { panes: { orderBy: { index: "asc" }, include: { answers: true } } },
    });
    expect(stored.panes.map((p) => p.modelId).sort()).toEqual([...MODELS].sort());
    for (const p of stored.panes)
      expect(p.answers[0]).toMatchObject({
        reasoning: "Secret chain of thought.",
        ttftMs: expect.any(Number),
        responseId: expect.any(String),
      });

    // nothing can be shared or re-run before the reveal
    await expect(createShare(await accessTo(id, { db: h.db }), { expiresAt: null }, { db: h.db, env: h.env })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(() => rerunInput(view, h.env)).toThrow(/Vote first/);

    const vote = await castVote(await accessTo(id, { db: h.db }), { best: 2 }, h.db);
    expect(vote.blind).toBe(true);
    const revealed = (await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env }))!;
    expect(revealed.revealed).toBe(true);
    expect(revealed.panes.map((p) => p.model.id)).toEqual(stored.panes.map((p) => p.modelId));
    expect(revealed.turns[0]!.answers.every((a) => a.metrics.ttftMs !== null && a.reasoning === "Secret chain of thought.")).toBe(true);
    // after the reveal a re-run is blind again (a new random order)
    expect(rerunInput(revealed, h.env)).toMatchObject({ blind: true });
  });

  it("named comparisons stream the cloud's own chunks (the pacing is blind mode's doing)", async () => {
    h.emulator.setScript("azure:prod-mini", { text: words(40), chunkTokens: 4, tokensPerSecond: 2000 });
    const { c } = start(["azure:prod-mini", "openai:gpt-4o-mini"], false);
    const events = await c.done;
    expect(deltas(events, 0).some((d) => d.trim().split(/\s+/).length > 1)).toBe(true);
    expect(events.find((e) => e.type === "pane-start" && e.pane === 0)).toMatchObject({ model: "azure:prod-mini" });
  });

  it("metrics are the cloud's, measured before the pacing", async () => {
    // 150 words at once from the cloud; the pacing spreads them over more than a second
    for (const m of MODELS.slice(0, 2)) h.emulator.setScript(m, { text: words(150), ttftMs: 30, tokensPerSecond: 0 });
    const started = performance.now();
    const { id, c } = start(MODELS.slice(0, 2), true);
    await c.done;
    const wall = performance.now() - started;
    expect(wall).toBeGreaterThan(1000);
    const answers = await h.db.answer.findMany({ where: { turn: { comparisonId: id } } });
    for (const a of answers) {
      expect(a.ttftMs).toBeLessThan(500);
      expect(a.totalMs).toBeLessThan(wall / 2);
    }
  });

  it("a provider failure is worded without naming the cloud", async () => {
    h.emulator.setScript("azure:prod-mini", { fault: { kind: "http", status: 429, retryAfterMs: 10 } });
    const { id, c } = start(["azure:prod-mini", "openai:gpt-4o-mini"], true);
    const events = await c.done;
    const error = events.find((e) => e.type === "pane-error");
    expect(error).toBeDefined();
    expect(JSON.stringify(error)).not.toMatch(/azure|openai|prod-mini/i);
    expect(error).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("(429)") } });
    const stored = await h.db.answer.findFirstOrThrow({ where: { turn: { comparisonId: id }, status: "error" } });
    expect(stored.errorMessage).toContain("Azure OpenAI");
  });

  it("voting before the streams finish stops the unfinished panes, then reveals", async () => {
    // words first (the default answers may open with "###", which word pacing holds back until a space)
    h.emulator.setScript("bedrock:amazon.nova-pro-v1:0", {
      fault: { kind: "hang", afterTokens: 3 },
      text: "Alpha beta gamma delta epsilon.",
    });
    const { id, c } = start(["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"], true);
    const hung = () => {
      const run = runs.get(id);
      return run ? [...run.panes.values()].find((p) => p.status === "streaming" && p.text.length > 0 && !p.ended) : undefined;
    };
    await expect
      .poll(() => runs.get(id) && [...runs.get(id)!.panes.values()].some((p) => p.ended) && hung() !== undefined, { timeout: 10_000 })
      .toBe(true);
    const hungPane = hung()!.pane;
    const vote = await castVote(await accessTo(id, { db: h.db }), { outcome: hungPane === 0 ? "b" : "a" }, h.db);
    expect(vote.blind).toBe(true);
    await c.done;
    const view = (await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env }))!;
    expect(view.revealed).toBe(true);
    expect(view.turns[0]!.answers[hungPane]).toMatchObject({ status: "stopped", metrics: { finishReason: "stopped" } });
    expect(view.panes[hungPane]!.model.id).toBe("bedrock:amazon.nova-pro-v1:0");
  });
});
