// The background queue shared between people (issue 13): one person's long run does not make
// another's short run wait behind it, and a 40,000-answer run can be cancelled (it used to fail
// with "too many bind variables"). Real pg-boss, real workers, the provider emulator.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { cancelRun, startRun } from "@/lib/evals/run/service";
import { QUEUE_SCHEMA } from "@/lib/evals/run/queue";
import { getCatalog } from "@/lib/providers";
import { createTestSession, startEvalHarness, tagged, waitFor, waitForEnd, type EvalHarness } from "../helpers/eval-harness";

let h: EvalHarness;
const ALICE = { id: "fair-alice" };
const BOB = { id: "fair-bob" };

beforeAll(async () => {
  // two calls at a time per provider: the long run fills every slot
  h = await startEvalHarness(inject("databaseUrl"), { concurrency: 2, retryLimit: 1, retryDelaySeconds: 1, timeoutMs: 5000, pollMs: 100 });
  for (const u of [ALICE, BOB]) await h.db.user.create({ data: { id: u.id, name: u.id } });
});
afterAll(async () => {
  await h?.close();
});

// the 40,000-answer run's estimate is over the default monthly spend limit (lib/limits): off here
const deps = () => ({ db: h.db, queue: h.queue, env: parseEnv({ ...process.env, JUXTA_LIMIT_MONTHLY_USD: "0" }) });
const ownedSession = async (owner: { id: string }, input: Parameters<typeof createTestSession>[0]) => {
  const id = await createTestSession(input, h.db, h.env);
  await h.db.evalSession.update({ where: { id }, data: { ownerId: owner.id } });
  return id;
};
const count = (sessionId: string, status: "queued" | "done" | "cancelled") => h.db.evalAnswer.count({ where: { sessionId, status } });

describe("cancelling a 40,000-answer run", () => {
  it("succeeds: every queued answer is cancelled and its job removed", { timeout: 240_000 }, async () => {
    const models = getCatalog(h.env)
      .filter((m) => m.available)
      .slice(0, 8)
      .map((m) => m.id);
    expect(models).toHaveLength(8);
    const prompts = Array.from({ length: 5000 }, (_, i) => ({ prompt: `Prompt ${i}: say one word.` }));
    // no workers in this process yet: nothing is generated while the run is cancelled
    const id = await ownedSession(ALICE, { models, prompts });
    const started = await startRun(id, ALICE, deps());
    expect(started.total).toBe(40_000);
    const { rows: before } = await h.queue.boss
      .getDb()
      .executeSql(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE data->>'sessionId' = $1 AND state < 'active'`, [id]);
    expect(before[0].n).toBe(40_000);

    const cancelled = await cancelRun(id, ALICE, deps());
    expect(cancelled).toMatchObject({ status: "cancelled", cancelled: 40_000 });
    expect(await count(id, "queued")).toBe(0);
    const { rows: after } = await h.queue.boss
      .getDb()
      .executeSql(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE data->>'sessionId' = $1 AND state < 'active'`, [id]);
    expect(after[0].n).toBe(0);
  });
});

describe("fairness between people", () => {
  it("a 4-answer run is served while a long run of another person is still queued", { timeout: 120_000 }, async () => {
    const long = Array.from({ length: 200 }, (_, i) => ({ prompt: tagged(i, `Alice's question ${i}.`) }));
    const aliceRun = await ownedSession(ALICE, { models: ["openai:gpt-4o-mini", "openai:gpt-4.1-mini"], prompts: long });
    await startRun(aliceRun, ALICE, deps());
    h.startWorkers();
    // Alice's run is under way, with 400 answers on the one OpenAI queue (2 at a time)
    await waitFor("Alice's first answers", async () => (await count(aliceRun, "done")) >= 4);

    const short = Array.from({ length: 2 }, (_, i) => ({ prompt: tagged(i, `Bob's question ${i}.`) }));
    const bobRun = await ownedSession(BOB, { models: ["openai:gpt-4o-mini", "openai:gpt-4.1-mini"], prompts: short });
    await startRun(bobRun, BOB, deps());
    await waitForEnd(h.db, bobRun, 60_000);

    expect(await count(bobRun, "done")).toBe(4);
    // first come, first served would have finished all of Alice's 400 answers before Bob's 4
    const aliceLeft = await count(aliceRun, "queued");
    expect(aliceLeft).toBeGreaterThan(300);
    await cancelRun(aliceRun, ALICE, deps());
  });

  it("the ranks continue each person's own backlog", async () => {
    const { rankByOwner } = await import("@/lib/evals/run/fair");
    const queue = "eval-openai-rank-test";
    await h.queue.boss.createQueue(queue);
    const ranked = await rankByOwner(h.queue.boss, QUEUE_SCHEMA, queue, [
      { owner: "a" },
      { owner: "a" },
      { owner: "b" },
      { owner: null },
      { owner: "a" },
    ]);
    expect(ranked.map((r) => r.priority)).toEqual([0, -1, 0, 0, -2]);
    await h.queue.boss.insert(ranked.map((r, i) => ({ name: queue, data: { owner: r.item.owner ?? undefined, i }, priority: r.priority })));
    const next = await rankByOwner(h.queue.boss, QUEUE_SCHEMA, queue, [{ owner: "a" }, { owner: "b" }, { owner: "c" }]);
    expect(next.map((r) => r.priority)).toEqual([-3, -1, 0]);
    // fetch order: everyone's first job, then second jobs...
    // one at a time (the rows of one fetch come back in no particular order)
    const order: number[] = [];
    for (let k = 0; k < 5; k++) {
      const [job] = await h.queue.boss.fetch<{ owner?: string; i: number }>(queue);
      order.push(job!.data.i);
    }
    expect(order.slice(0, 3).sort()).toEqual([0, 2, 3]);
    expect(order.slice(3)).toEqual([1, 4]);
  });
});
