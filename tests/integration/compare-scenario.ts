// The persistence scenario, run on real PostgreSQL and again on PGlite.
import { expect } from "vitest";
import { getComparisonById } from "@/lib/compare/queries";
import { startComparison } from "@/lib/compare/service";
import { collect, OWNER, textOf, type Harness } from "../helpers/compare-harness";
import { accessTo } from "../helpers/access";

export async function streamedComparisonIsPersistedWhole(h: Harness) {
  const c = collect();
  const { id } = startComparison(
    {
      prompt: "Why is the sky blue?",
      system: "Be brief.",
      models: ["openai:gpt-4o-mini", { id: "azure:prod-mini", params: { temperature: 0.2 } }, "bedrock:amazon.nova-pro-v1:0"],
      params: { maxOutputTokens: 300, temperature: 0.7 },
    },
    OWNER,
    { db: h.db, env: h.env, observe: c.observe },
  );
  const events = await c.done;
  expect(events.filter((e) => e.type === "pane-start")).toHaveLength(3);
  expect(events.filter((e) => e.type === "pane-finish")).toHaveLength(3);

  const view = await getComparisonById(await accessTo(id, { db: h.db }), { db: h.db, env: h.env });
  expect(view).not.toBeNull();
  expect(view!.system).toBe("Be brief.");
  expect(view!.panes.map((p) => p.model.id)).toEqual(["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0"]);
  expect(view!.panes[1]!.params).toEqual({ maxOutputTokens: 300, temperature: 0.2 });
  expect(view!.panes[0]!.params).toEqual({ maxOutputTokens: 300, temperature: 0.7 });
  const answers = view!.turns[0]!.answers;
  for (const a of answers) {
    expect(a.status).toBe("done");
    // what was stored is exactly what streamed
    expect(a.text).toBe(textOf(events, a.pane));
    expect(a.text.length).toBeGreaterThan(20);
    expect(a.metrics.outputTokens).toBeGreaterThan(0);
    expect(a.metrics.inputTokens).toBeGreaterThan(0);
    expect(a.metrics.ttftMs).not.toBeNull();
    expect(a.metrics.totalMs).toBeGreaterThanOrEqual(a.metrics.ttftMs!);
    expect(a.metrics.costUsd).toBeGreaterThan(0);
    expect(a.metrics.finishReason).toBe("stop");
    expect(a.responseId).toBeTruthy();
    expect(a.requestId).toBeTruthy();
  }
  // the emulator saw exactly what was asked, per pane
  const bodies = h.emulator.requests.map((r) => ({ model: r.model, body: r.body as Record<string, unknown> }));
  const azure = bodies.find((b) => b.model === "prod-mini")!;
  expect(azure.body.temperature).toBe(0.2);
  expect(azure.body.max_output_tokens).toBe(300);
  return { id, events };
}
