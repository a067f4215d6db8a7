// Limits on background runs (lib/limits/evals.ts, the evaluation worker's reservation): a run whose
// worst case does not fit in what is left of the month is refused at the start (429 spend_limit),
// as the 5,000-prompt x 8-model evaluation is under the default limits; a run that reaches
// its owner's daily limit pauses with the reason instead of failing answers, and never spends past it.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_LIMITS } from "@/lib/env";
import { estimateCost, getProgress, startRun } from "@/lib/evals/run/service";
import { worstCaseOfCall } from "@/lib/limits";
import { findModel, getCatalog } from "@/lib/providers";
import { createTestSession, startEvalHarness, tagged, VIEWER, waitFor, type EvalHarness } from "../helpers/eval-harness";

let h: EvalHarness;

beforeAll(async () => {
  h = await startEvalHarness(inject("databaseUrl"));
  h.startWorkers();
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ db: h.db, queue: h.queue, env: h.env });

describe("evaluation runs under the limits", () => {
  it(
    "refuses a 5,000-prompt x 8-model run whose estimate passes the default monthly limit, and starts nothing",
    { timeout: 180_000 },
    async () => {
      h.env.limits = { ...DEFAULT_LIMITS };
      const models = getCatalog(h.env)
        .filter((m) => m.available && m.price && m.price.output >= 1)
        .slice(0, 8)
        .map((m) => m.id);
      expect(models).toHaveLength(8);
      const prompts = Array.from({ length: 5000 }, (_, i) => ({ prompt: `Prompt ${i}: write a detailed essay about topic number ${i}.` }));
      const id = await createTestSession({ models, params: { maxOutputTokens: 32_000 }, prompts }, h.db, h.env);
      const estimate = await estimateCost(id, VIEWER, deps());
      expect(estimate.totalUsd).toBeGreaterThan(1000);
      const refused = await startRun(id, VIEWER, deps()).catch((e: { code: string; message: string; retryAfter: number }) => e);
      expect(refused).toMatchObject({
        code: "spend_limit",
        message: expect.stringMatching(/could cost up to \$[\d,.]+, more than the \$500\.00 left of your monthly spend limit of \$500\.00/),
      });
      expect((refused as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
      const session = await h.db.evalSession.findUniqueOrThrow({ where: { id }, select: { status: true } });
      expect(session.status).toBe("draft");
      expect(await h.db.evalAnswer.count({ where: { sessionId: id } })).toBe(0);
    },
  );

  it("pauses at its owner's daily limit with the reason, fails no answer and never spends past it", { timeout: 90_000 }, async () => {
    await h.db.spendLedger.deleteMany();
    const models = ["openai:gpt-4.1-nano", "openai:gpt-4o-mini"];
    for (const m of models) h.emulator.setScript(m, { ttftMs: 50, tokensPerSecond: 400, text: "alpha beta gamma delta" });
    const maxOutputTokens = 40;
    const prompts = Array.from({ length: 12 }, (_, i) => ({ prompt: tagged(i, "One short sentence, please.") }));
    const worst = Math.max(
      ...models.map((m) =>
        worstCaseOfCall(findModel(m, h.env)!, { maxOutputTokens }, null, [{ role: "user", content: prompts[0]!.prompt }]),
      ),
    );
    const daily = Number((worst * 4.5).toFixed(8));
    h.env.limits = { requestsPerMinute: 0, concurrentPanes: 0, dailyUsd: daily, monthlyUsd: 0 };
    const id = await createTestSession({ models, params: { maxOutputTokens }, prompts }, h.db, h.env);
    await startRun(id, VIEWER, deps());
    await waitFor(
      "the run to pause",
      async () => (await h.db.evalSession.findUniqueOrThrow({ where: { id }, select: { status: true } })).status === "paused",
      60_000,
    );
    await waitFor(
      "running answers to end",
      async () => (await h.db.evalAnswer.count({ where: { sessionId: id, status: "running" } })) === 0,
      30_000,
    );
    const progress = await getProgress(id, VIEWER, deps());
    expect(progress.status).toBe("paused");
    expect(progress.pauseReason).toMatch(/^Paused at a spend limit: Your daily spend limit of \$[\d.]+ would be passed/);
    expect(progress.failed).toBe(0);
    expect(progress.done).toBeGreaterThan(0);
    expect(progress.remaining).toBeGreaterThan(0);
    const ledger = await h.db.spendLedger.findUniqueOrThrow({ where: { subject: "user:local" } });
    expect(Number(ledger.dayReservedUsd)).toBe(0);
    expect(Number(ledger.dayChargedUsd)).toBeLessThanOrEqual(daily);
    expect(Number(ledger.dayChargedUsd)).toBeCloseTo(progress.costUsd, 6);
  });
});
