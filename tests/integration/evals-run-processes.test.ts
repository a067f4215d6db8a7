// Background runs across OS processes on one database: a worker process killed in the middle of a
// run and a new one started (nothing lost, nothing generated twice), a graceful restart, and two
// worker processes sharing one run.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startRun, getProgress } from "@/lib/evals/run/service";
import type { RecordedRequest } from "../emulator/types";
import {
  createTestSession,
  requestsFor,
  spawnWorkerProcess,
  startEvalHarness,
  tagged,
  tagOf,
  VIEWER,
  waitFor,
  waitForEnd,
  type EvalHarness,
  type WorkerProcess,
} from "../helpers/eval-harness";

let h: EvalHarness;
const processes: WorkerProcess[] = [];

beforeAll(async () => {
  // no workers in this process: only the spawned ones generate answers
  h = await startEvalHarness(inject("databaseUrl"));
});
afterEach(async () => {
  for (const p of processes.splice(0)) {
    p.child.kill("SIGKILL");
    await p.exited;
  }
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ db: h.db, queue: h.queue, env: h.env });
// ~0.5 s per answer: 100 ms to the first token, 40 tokens at 100 tokens/s
const SLOW = { ttftMs: 100, tokensPerSecond: 100, text: Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ") };
const MODELS = ["openai:gpt-4.1-nano", "azure:prod-mini"];
function slow(on: boolean) {
  for (const m of MODELS) h.emulator.setScript(m, on ? SLOW : null);
}
async function spawn(name: string, env: Record<string, string> = {}) {
  const p = await spawnWorkerProcess(name, h.databaseUrl, h.emulator.url, env);
  processes.push(p);
  return p;
}
const answersOf = (sessionId: string) =>
  h.db.evalAnswer.findMany({ where: { sessionId }, include: { prompt: { select: { prompt: true } } } });
const completed = (rs: RecordedRequest[]) => rs.filter((r) => r.status === 200 && r.outcome === "completed");

describe("restart in the middle of a run", () => {
  it(
    "a worker process killed mid-run: a new process takes over; every answer ends once, none is generated twice by live workers",
    { timeout: 120_000 },
    async () => {
      slow(true);
      const id = await createTestSession(
        { models: MODELS, prompts: Array.from({ length: 20 }, (_, i) => ({ prompt: tagged(i) })) },
        h.db,
        h.env,
      );
      const a = await spawn("worker-a");
      await startRun(id, VIEWER, deps());
      await waitFor("8 answers done and some running", async () => {
        const [done, running] = await Promise.all([
          h.db.evalAnswer.count({ where: { sessionId: id, status: "done" } }),
          h.db.evalAnswer.count({ where: { sessionId: id, status: "running" } }),
        ]);
        return done >= 8 && running > 0;
      });
      a.child.kill("SIGKILL"); // a crash: no clean-up at all
      await a.exited;
      const killedAt = Date.now();
      const before = await answersOf(id);
      const doneBefore = new Set(before.filter((x) => x.status === "done").map((x) => x.id));
      const orphaned = before.filter((x) => x.status === "running");
      expect(orphaned.length).toBeGreaterThan(0);
      expect(orphaned.every((x) => x.lockedBy === "worker-a")).toBe(true);

      await spawn("worker-b");
      await waitForEnd(h.db, id, 90_000);
      const after = await answersOf(id);
      expect(after.every((x) => x.status === "done")).toBe(true);
      expect((await getProgress(id, VIEWER, { db: h.db })).status).toBe("completed");
      for (const x of after) {
        const reqs = requestsFor(h.emulator.requests, tagOf(x.prompt.prompt), x.modelId);
        const label = `${x.prompt.prompt.slice(0, 3)} ${x.modelId}`;
        if (doneBefore.has(x.id)) {
          // finished before the crash: never asked again
          expect(reqs, label).toHaveLength(1);
          expect(x.lockedBy, label).toBe("worker-a");
        } else {
          // generated after the crash exactly once; a call cut by the crash may come before it
          expect(completed(reqs.filter((r) => r.at >= killedAt)), label).toHaveLength(1);
          expect(reqs.filter((r) => r.at < killedAt).length, label).toBeLessThanOrEqual(1);
          expect(x.lockedBy, label).toBe("worker-b");
          const wasOrphaned = orphaned.some((o) => o.id === x.id);
          // attempts count claims: a claim cut by the crash may not have reached the provider yet
          if (wasOrphaned) {
            expect(x.attempts, label).toBe(2);
            expect(reqs.length, label).toBeGreaterThanOrEqual(1);
          } else expect(x.attempts, label).toBe(reqs.length);
        }
      }
      slow(false);
    },
  );

  it(
    "a graceful restart (SIGTERM): calls under way finish within the grace time, a hung one is aborted and goes back to the queue; the next process finishes the rest",
    { timeout: 120_000 },
    async () => {
      slow(true);
      // Q30 hangs once per model until the worker gives up on it (the idle timeout is long here)
      const prompts = Array.from({ length: 12 }, (_, i) => ({
        prompt: tagged(30 + i, undefined, i === 0 ? { fault: { kind: "hang" }, faultTimes: 1 } : undefined),
      }));
      const id = await createTestSession({ models: MODELS, prompts }, h.db, h.env);
      const a = await spawn("worker-c", { WORKER_GRACE_MS: "2000", JUXTA_EVAL_TIMEOUT_MS: "60000" });
      await startRun(id, VIEWER, deps());
      // jobs of one enqueue come in any order: wait until both Q30 calls hang and others finished
      await waitFor("Q30 hanging on both models, 4 answers done", async () => {
        const [hanging, done] = await Promise.all([
          h.db.evalAnswer.count({ where: { sessionId: id, status: "running", prompt: { index: 0 } } }),
          h.db.evalAnswer.count({ where: { sessionId: id, status: "done" } }),
        ]);
        return hanging === 2 && done >= 4;
      });
      const stoppedAt = Date.now();
      a.child.kill("SIGTERM");
      expect(await a.exited).toBe(0);
      expect(a.output.join("")).toContain('"stopped"');
      // a clean stop leaves nothing "running"
      expect(await h.db.evalAnswer.count({ where: { sessionId: id, status: "running" } })).toBe(0);
      const hung = await h.db.evalAnswer.findMany({ where: { sessionId: id, prompt: { index: 0 } } });
      for (const x of hung) expect(x).toMatchObject({ status: "queued", attempts: 1, errorCode: "shutdown" });
      await spawn("worker-d");
      await waitForEnd(h.db, id, 90_000);
      const after = await answersOf(id);
      expect(after.every((x) => x.status === "done")).toBe(true);
      for (const x of after) {
        const reqs = requestsFor(h.emulator.requests, tagOf(x.prompt.prompt), x.modelId);
        const label = `${x.prompt.prompt.slice(0, 3)} ${x.modelId}`;
        expect(x.attempts, label).toBe(reqs.length);
        expect(completed(reqs), label).toHaveLength(1);
        if (tagOf(x.prompt.prompt) === 30) {
          expect(
            reqs.map((r) => r.outcome),
            label,
          ).toEqual(["hung", "completed"]);
          expect(x.lockedBy, label).toBe("worker-d");
        } else {
          expect(reqs, label).toHaveLength(1);
          // what was under way at the stop finished in worker-c
          if (reqs[0]!.at < stoppedAt) expect(x.lockedBy, label).toBe("worker-c");
        }
      }
      slow(false);
    },
  );
});

describe("two worker processes on one database", () => {
  it("share the work of one run without generating any answer twice", { timeout: 120_000 }, async () => {
    slow(true);
    const id = await createTestSession(
      { models: MODELS, prompts: Array.from({ length: 30 }, (_, i) => ({ prompt: tagged(50 + i) })) },
      h.db,
      h.env,
    );
    await Promise.all([spawn("worker-1"), spawn("worker-2")]);
    await startRun(id, VIEWER, deps());
    await waitForEnd(h.db, id, 90_000);
    const after = await answersOf(id);
    expect(after).toHaveLength(60);
    expect(after.every((x) => x.status === "done")).toBe(true);
    for (const x of after) {
      const reqs = requestsFor(h.emulator.requests, tagOf(x.prompt.prompt), x.modelId);
      expect(reqs, `${x.prompt.prompt.slice(0, 3)} ${x.modelId}`).toHaveLength(1);
      expect(x.attempts).toBe(1);
    }
    const byWorker = new Map<string, number>();
    for (const x of after) byWorker.set(x.lockedBy!, (byWorker.get(x.lockedBy!) ?? 0) + 1);
    expect([...byWorker.keys()].sort()).toEqual(["worker-1", "worker-2"]);
    // both did a real share (each has 4 slots per provider)
    for (const n of byWorker.values()) expect(n).toBeGreaterThanOrEqual(10);
    slow(false);
  });
});
