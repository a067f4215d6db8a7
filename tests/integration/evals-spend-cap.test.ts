// The spend cap holds: each attempt reserves its worst case (input bound + max output tokens at the
// model's prices) in the database before it starts, two workers cannot both reserve past the cap,
// reservations are released when answers end, a dead worker's reservation is charged when its
// answer is taken over, and a model with no price cannot run under a cap.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getProgress, startRun } from "@/lib/evals/run/service";
import { worstCaseUsd } from "@/lib/evals/run/spend";
import { findModel } from "@/lib/providers";
import {
  createTestSession,
  requestsFor,
  startEvalHarness,
  tagged,
  tagOf,
  VIEWER,
  waitFor,
  waitForEnd,
  type EvalHarness,
} from "../helpers/eval-harness";

let h: EvalHarness;

beforeAll(async () => {
  h = await startEvalHarness(inject("databaseUrl"));
  // two workers in this process, each with its own id and 4 slots: up to 8 answers at once
  h.startWorkers();
  h.startWorkers();
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ db: h.db, queue: h.queue, env: h.env });
const ledger = async (id: string) => {
  const s = await h.db.evalSession.findUniqueOrThrow({ where: { id }, select: { chargedUsd: true, reservedUsd: true, status: true } });
  return { status: s.status, charged: Number(s.chargedUsd), reserved: Number(s.reservedUsd) };
};
// ~0.5 s per answer, so many answers are under way at once when the cap comes near
const SLOW = { ttftMs: 150, tokensPerSecond: 80, text: Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ") };
const MODELS = ["openai:gpt-4.1-nano", "openai:gpt-4o-mini", "azure:prod-mini"];

describe("the spend cap with two workers", () => {
  it(
    "is never exceeded: the answers' total cost stays under a tiny cap, and every reservation is released",
    { timeout: 90_000 },
    async () => {
      for (const m of MODELS) h.emulator.setScript(m, SLOW);
      const cap = 0.0002;
      const maxOutputTokens = 30;
      const prompts = Array.from({ length: 16 }, (_, i) => ({ prompt: tagged(i, "Explain one idea in two sentences, please.") }));
      const id = await createTestSession({ models: MODELS, spendCapUsd: cap, params: { maxOutputTokens }, prompts }, h.db, h.env);
      // without the reservation, 8 answers start at once and each sees "spent < cap"
      await startRun(id, VIEWER, deps());
      await waitForEnd(h.db, id, 80_000);

      const answers = await h.db.evalAnswer.findMany({ where: { sessionId: id }, include: { prompt: { select: { prompt: true } } } });
      const done = answers.filter((a) => a.status === "done");
      const notRun = answers.filter((a) => a.status === "cancelled");
      const spent = answers.reduce((s, a) => s + Number(a.costUsd ?? 0), 0);
      expect(done.length).toBeGreaterThan(2);
      expect(notRun.length).toBeGreaterThan(0);
      expect(spent).toBeLessThanOrEqual(cap);
      // both workers generated answers
      expect(new Set(done.map((a) => a.lockedBy)).size).toBe(2);

      // the ledger: everything released, what was charged is what the answers cost
      const l = await ledger(id);
      expect(l).toMatchObject({ status: "capped", reserved: 0 });
      expect(l.charged).toBeCloseTo(spent, 8);
      expect(l.charged).toBeLessThanOrEqual(cap);
      expect(answers.every((a) => a.reservedUsd === null)).toBe(true);

      // the cap was really reached, not stopped early: the next answer's worst case no longer fitted
      const prompt = [{ role: "user" as const, content: prompts[0]!.prompt }];
      const worst = Math.max(...MODELS.map((m) => worstCaseUsd(findModel(m, h.env)!.price!, null, prompt, maxOutputTokens)));
      expect(l.charged + worst).toBeGreaterThan(cap);

      for (const a of notRun) {
        expect(a).toMatchObject({ errorCode: "spend_cap", attempts: 0 });
        expect(a.errorMessage).toMatch(
          /^Not generated: Spend cap reached: \$0\.\d{4} of \$0\.0002 spent or reserved, and the next answer could cost up to \$0\.\d{4}, so it was not started\.$/,
        );
        expect(requestsFor(h.emulator.requests, tagOf(a.prompt.prompt), a.modelId)).toHaveLength(0);
      }
      const p = await getProgress(id, VIEWER, { db: h.db });
      expect(p).toMatchObject({ status: "capped", remaining: 0, running: 0 });
      expect(p.capReason).toMatch(/^Spend cap reached: \$0\.\d{4} of \$0\.0002 spent or reserved, .* so it was not started$/);
      for (const m of MODELS) h.emulator.setScript(m, null);
    },
  );

  it(
    "charges a dead worker's reservation when its answer is taken over, and releases the new one at the end",
    { timeout: 60_000 },
    async () => {
      const cap = 0.01;
      const id = await createTestSession(
        {
          models: ["openai:gpt-4.1-nano", "openai:gpt-4o-mini"],
          spendCapUsd: cap,
          params: { maxOutputTokens: 50 },
          prompts: [{ prompt: tagged(40) }],
        },
        h.db,
        h.env,
      );
      // a session running, one of whose answers was held by a worker that died with $0.001 reserved
      await h.db.evalSession.update({ where: { id }, data: { status: "running", startedAt: new Date(), reservedUsd: 0.001 } });
      const prompt = await h.db.evalPrompt.findFirstOrThrow({ where: { sessionId: id } });
      await h.db.evalAnswer.create({
        data: {
          id: `dead-${id}`,
          sessionId: id,
          promptId: prompt.id,
          modelId: "openai:gpt-4.1-nano",
          status: "running",
          attempts: 1,
          lockedBy: "dead-worker",
          lockedUntil: new Date(Date.now() - 60_000),
          reservedUsd: 0.001,
        },
      });
      await h.db.evalAnswer.create({ data: { id: `next-${id}`, sessionId: id, promptId: prompt.id, modelId: "openai:gpt-4o-mini" } });
      await h.queue.enqueue([
        { answerId: `dead-${id}`, sessionId: id, provider: "openai" },
        { answerId: `next-${id}`, sessionId: id, provider: "openai" },
      ]);
      await waitForEnd(h.db, id, 50_000);
      const a = await h.db.evalAnswer.findUniqueOrThrow({ where: { id: `dead-${id}` } });
      expect(a).toMatchObject({ status: "done", attempts: 2, reservedUsd: null });
      const l = await ledger(id);
      expect(l.reserved).toBe(0);
      const next = await h.db.evalAnswer.findUniqueOrThrow({ where: { id: `next-${id}` } });
      expect(next).toMatchObject({ status: "done", attempts: 1, reservedUsd: null });
      // the dead attempt's worst case, plus what the two answers cost
      expect(l.charged).toBeCloseTo(0.001 + Number(a.costUsd) + Number(next.costUsd), 8);
    },
  );

  it("refuses to start under a cap when a model has no known price, and says which", async () => {
    // the OpenAI-compatible endpoint's models get a price only from an operator override
    expect(findModel("local:gpt-oss-120b", h.env)?.price).toBeUndefined();
    const id = await createTestSession(
      { models: ["openai:gpt-4.1-nano", "local:gpt-oss-120b"], spendCapUsd: 0.01, prompts: [{ prompt: tagged(41) }] },
      h.db,
      h.env,
    );
    const before = h.emulator.requests.length;
    await expect(startRun(id, VIEWER, deps())).rejects.toMatchObject({
      code: "validation",
      field: "spendCapUsd",
      message: expect.stringMatching(
        /^Cannot keep to the spend cap: [^,]*gpt-oss-120b[^,]* has no known price\. Set a price for it \(JUXTA_PRICES\)/,
      ),
    });
    expect((await h.db.evalSession.findUniqueOrThrow({ where: { id } })).status).toBe("draft");
    expect(h.emulator.requests.length).toBe(before);
    // without a cap the same session runs (its unpriced model's cost is unknown, not capped)
    await h.db.evalSession.update({ where: { id }, data: { spendCapUsd: null } });
    await startRun(id, VIEWER, deps());
    await waitForEnd(h.db, id);
    const answers = await waitFor("answers", async () => {
      const rows = await h.db.evalAnswer.findMany({ where: { sessionId: id } });
      return rows.every((r) => r.status === "done") && rows;
    });
    expect(answers).toHaveLength(2);
  });
});
