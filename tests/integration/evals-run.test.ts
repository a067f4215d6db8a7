// Background runs (pg-boss) against the provider emulator: faults, retries with backoff, pause,
// resume, cancel, the spend cap, and the estimate / progress numbers.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunConfig } from "@/lib/evals/run/config";
import { cancelRun, estimateCost, getProgress, pauseRun, resumeRun, startRun } from "@/lib/evals/run/service";
import type { EvalWorkers } from "@/lib/evals/run/worker";
import {
  createTestSession,
  MODELS3,
  tagOf,
  requestsFor,
  startEvalHarness,
  tagged,
  TEST_RUN_CONFIG,
  VIEWER,
  waitFor,
  waitForEnd,
  type EvalHarness,
} from "../helpers/eval-harness";

let h: EvalHarness;
let workers: EvalWorkers;
const config = TEST_RUN_CONFIG as RunConfig;

beforeAll(async () => {
  h = await startEvalHarness(inject("databaseUrl"));
  workers = h.startWorkers();
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ db: h.db, queue: h.queue, env: h.env });
const answersOf = (sessionId: string) =>
  h.db.evalAnswer.findMany({
    where: { sessionId },
    include: { prompt: { select: { index: true, prompt: true } } },
    orderBy: [{ prompt: { index: "asc" } }, { modelId: "asc" }],
  });

describe("a run with provider faults", () => {
  it("ends with every answer done or failed with its reason, after the right number of attempts", { timeout: 90_000 }, async () => {
    const markers: Record<number, object> = {
      3: { fault: { kind: "http", status: 500 }, faultTimes: 2 }, // two 500s, then fine
      5: { fault: { kind: "hang" }, faultTimes: 1 }, // a hung stream, aborted after the idle timeout
      7: { fault: { kind: "http", status: 401 } }, // bad credentials: failed at once
      9: { fault: { kind: "http", status: 500 } }, // 500 every time: failed after the last attempt
      11: { fault: { kind: "drop", afterTokens: 3 }, faultTimes: 1 }, // connection dropped mid-answer
      13: { fault: { kind: "http", status: 503 }, faultTimes: 1 },
    };
    const prompts = Array.from({ length: 20 }, (_, i) => ({ prompt: tagged(i, `Say something about topic ${i}.`, markers[i]) }));
    // a burst of 429s on OpenAI across prompts
    h.emulator.setScript("openai:gpt-4o-mini", { fault: { kind: "http", status: 429 }, faultTimes: 6 });
    const id = await createTestSession({ models: MODELS3, prompts, params: { maxOutputTokens: 200 } }, h.db, h.env);

    const started = await startRun(id, VIEWER, deps());
    expect(started).toMatchObject({ status: "running", total: 60, remaining: 60, done: 0 });
    await waitForEnd(h.db, id, 80_000);
    h.emulator.setScript("openai:gpt-4o-mini", null);

    const answers = await answersOf(id);
    expect(answers).toHaveLength(60);
    const maxAttempts = config.retryLimit + 1;
    for (const a of answers) {
      const i = a.prompt.index;
      const reqs = requestsFor(h.emulator.requests, i, a.modelId);
      const label = `Q${i} ${a.modelId}`;
      // every provider call is counted, and no answer was generated twice
      expect(a.attempts, label).toBe(reqs.length);
      expect(reqs.filter((r) => r.status === 200 && r.outcome === "completed").length, label).toBe(a.status === "done" ? 1 : 0);
      expect(a.lockedBy, label).toBe(workers.workerId);
      expect(a.lockedUntil, label).toBeNull();
      if (i === 7) {
        expect(a, label).toMatchObject({ status: "failed", attempts: 1, errorCode: "unauthorized" });
        expect(a.errorMessage).toMatch(/credentials \(401\)/);
      } else if (i === 9) {
        expect(a, label).toMatchObject({ status: "failed", attempts: maxAttempts, errorCode: "provider_error" });
        expect(a.errorMessage).toMatch(new RegExp(`server error \\(500\\) after ${maxAttempts} attempts`));
      } else {
        expect(a.status, `${label}: ${a.errorMessage}`).toBe("done");
        expect(a.text.length, label).toBeGreaterThan(20);
        expect(a.finishReason, label).toBeTruthy();
        expect(a.ttftMs, label).not.toBeNull();
        expect(a.outputTokens, label).toBeGreaterThan(0);
        expect(Number(a.costUsd), label).toBeGreaterThan(0);
        // the same answer fields as a compare pane: ids and the timing split
        expect(a.requestId, label).toBe(reqs.at(-1)!.id);
        expect(a.responseId, label).toBeTruthy();
        expect(a.setupMs, label).not.toBeNull();
        expect(a.responseHeadersMs! + a.headersToFirstTokenMs!, label).toBeGreaterThanOrEqual(a.ttftMs! - 1);
        expect(a.responseHeadersMs! + a.headersToFirstTokenMs!, label).toBeLessThanOrEqual(a.ttftMs! + 1);
      }
      if (i === 3) expect(a.attempts, label).toBeGreaterThanOrEqual(3);
      if ([5, 11, 13].includes(i)) expect(a.attempts, label).toBeGreaterThanOrEqual(2);
    }
    // the hung stream was aborted by the worker, and the 429 burst was retried
    const hung = requestsFor(h.emulator.requests, 5, "azure:prod-mini")[0]!;
    expect(hung.outcome).toBe("hung");
    expect(requestsFor(h.emulator.requests, 5, "azure:prod-mini").length).toBe(2);
    const openai = answers.filter((a) => a.modelId === "openai:gpt-4o-mini");
    const status429 = h.emulator.requests.filter((r) => r.provider === "openai" && r.status === 429).length;
    expect(status429).toBe(6);
    expect(openai.reduce((n, a) => n + a.attempts, 0)).toBe(h.emulator.requests.filter((r) => r.provider === "openai").length);

    const progress = await getProgress(id, VIEWER, { db: h.db });
    expect(progress).toMatchObject({ status: "completed", total: 60, done: 54, failed: 6, cancelled: 0, running: 0, remaining: 0 });
    expect(progress.finishedAt).not.toBeNull();
    expect(progress.costUsd).toBeCloseTo(
      answers.reduce((s, a) => s + Number(a.costUsd ?? 0), 0),
      6,
    );
    expect(progress.byModel.map((m) => [m.modelId, m.done, m.failed])).toEqual(MODELS3.map((m) => [m, 18, 2]));
    expect(progress.recentErrors.length).toBeGreaterThan(0);
  });
});

// ~0.35 s per answer (100 ms to the first token, 25 tokens at 100 tokens/s)
const SLOW = { ttftMs: 100, tokensPerSecond: 100, text: Array.from({ length: 25 }, (_, i) => `word${i}`).join(" ") };
const SLOW_MODELS = ["openai:gpt-4.1-nano", "openai:gpt-4.1-mini"];
function slowScripts(on: boolean) {
  for (const m of SLOW_MODELS) h.emulator.setScript(m, on ? SLOW : null);
}
const requestCount = () => h.emulator.requests.length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("pause, resume and cancel", () => {
  it(
    "pause lets answers under way finish and starts nothing new; resume finishes the rest, each answer once",
    { timeout: 60_000 },
    async () => {
      slowScripts(true);
      const id = await createTestSession(
        { models: SLOW_MODELS, prompts: Array.from({ length: 15 }, (_, i) => ({ prompt: tagged(i) })) },
        h.db,
        h.env,
      );
      await startRun(id, VIEWER, deps());
      await waitFor("4 answers done", async () => (await h.db.evalAnswer.count({ where: { sessionId: id, status: "done" } })) >= 4);
      const paused = await pauseRun(id, VIEWER, deps());
      expect(paused.status).toBe("paused");
      // the answers under way finish...
      await waitFor("nothing running", async () => (await h.db.evalAnswer.count({ where: { sessionId: id, status: "running" } })) === 0);
      const before = requestCount();
      const doneWhilePaused = await h.db.evalAnswer.count({ where: { sessionId: id, status: "done" } });
      // ...and nothing new starts
      await sleep(1500);
      expect(requestCount()).toBe(before);
      const p = await getProgress(id, VIEWER, { db: h.db });
      expect(p).toMatchObject({ status: "paused", done: doneWhilePaused, running: 0, failed: 0 });
      expect(p.remaining).toBeGreaterThan(0);
      expect(p.finishedAt).toBeNull();
      // resuming twice is refused the second time
      expect((await resumeRun(id, VIEWER, deps())).status).toBe("running");
      await expect(resumeRun(id, VIEWER, deps())).rejects.toMatchObject({ code: "conflict" });
      await waitForEnd(h.db, id);
      const answers = await answersOf(id);
      expect(answers.every((a) => a.status === "done")).toBe(true);
      for (const a of answers)
        expect(
          requestsFor(h.emulator.requests, tagOf(a.prompt.prompt), a.modelId).length,
          `${a.prompt.prompt.slice(0, 4)} ${a.modelId}`,
        ).toBe(1);
      expect((await getProgress(id, VIEWER, { db: h.db })).status).toBe("completed");
      slowScripts(false);
    },
  );

  it("cancel marks queued answers cancelled and removes their jobs; answers under way finish", { timeout: 60_000 }, async () => {
    slowScripts(true);
    const id = await createTestSession(
      { models: SLOW_MODELS, prompts: Array.from({ length: 15 }, (_, i) => ({ prompt: tagged(40 + i) })) },
      h.db,
      h.env,
    );
    await startRun(id, VIEWER, deps());
    await waitFor("2 answers done", async () => (await h.db.evalAnswer.count({ where: { sessionId: id, status: "done" } })) >= 2);
    const cancelled = await cancelRun(id, VIEWER, deps());
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelled).toBeGreaterThan(10);
    await waitForEnd(h.db, id);
    const answers = await answersOf(id);
    const { jobIdFor, queueFor } = await import("@/lib/evals/run/queue");
    for (const a of answers) {
      expect(["done", "cancelled"]).toContain(a.status);
      const calls = requestsFor(h.emulator.requests, tagOf(a.prompt.prompt), a.modelId).length;
      if (a.status === "cancelled") {
        expect(a).toMatchObject({ attempts: 0, errorCode: "cancelled" });
        expect(calls).toBe(0);
        expect(await h.queue.boss.getJobById(queueFor("openai"), jobIdFor(a.id))).toBeNull();
      } else expect(calls).toBe(1);
    }
    const p = await getProgress(id, VIEWER, { db: h.db });
    expect(p).toMatchObject({ status: "cancelled", running: 0, remaining: 0, failed: 0 });
    expect(p.done + p.cancelled).toBe(30);
    expect(p.finishedAt).not.toBeNull();
    await expect(cancelRun(id, VIEWER, deps())).rejects.toMatchObject({ code: "conflict" });
    await expect(startRun(id, VIEWER, deps())).rejects.toMatchObject({ code: "conflict" });
    slowScripts(false);
  });
});

describe("the spend cap", () => {
  it(
    "stops the run before an answer could pass the cap: the session is capped, nothing more starts, the cap holds",
    { timeout: 60_000 },
    async () => {
      slowScripts(true);
      // gpt-4.1-nano: $0.10 / $0.40 per 1M tokens; an answer of at most 40 output tokens costs about $0.00002
      const cap = 0.0001;
      const id = await createTestSession(
        {
          models: ["openai:gpt-4.1-nano", "openai:gpt-4.1-mini"],
          spendCapUsd: cap,
          params: { maxOutputTokens: 40 },
          prompts: Array.from({ length: 20 }, (_, i) => ({ prompt: tagged(60 + i) })),
        },
        h.db,
        h.env,
      );
      await startRun(id, VIEWER, deps());
      await waitForEnd(h.db, id);
      const answers = await answersOf(id);
      const done = answers.filter((a) => a.status === "done");
      const stopped = answers.filter((a) => a.status === "cancelled");
      expect(stopped.length).toBeGreaterThan(0);
      expect(done.length).toBeGreaterThan(0);
      for (const a of stopped) {
        expect(a).toMatchObject({ errorCode: "spend_cap", attempts: 0 });
        expect(a.errorMessage).toMatch(/^Not generated: Spend cap reached: \$0\.\d{4} of \$0\.0001 spent or reserved/);
        expect(requestsFor(h.emulator.requests, tagOf(a.prompt.prompt), a.modelId)).toHaveLength(0);
      }
      // never above the cap, answers under way included
      const spent = answers.reduce((s, a) => s + Number(a.costUsd ?? 0), 0);
      expect(spent).toBeLessThanOrEqual(cap);
      const p = await getProgress(id, VIEWER, { db: h.db });
      expect(p).toMatchObject({ status: "capped", spendCapUsd: cap, remaining: 0, running: 0 });
      expect(p.costUsd).toBeCloseTo(spent, 9);
      expect(p.finishedAt).not.toBeNull();
      slowScripts(false);
    },
  );
});

describe("the cost estimate", () => {
  it("counts (system + prompt) / 4 input tokens and max output tokens per answer at each model's prices", async () => {
    const { findModel } = await import("@/lib/providers");
    const prompts = [
      { prompt: "x".repeat(40), system: "s".repeat(20) }, // 60 chars: 15 tokens
      { prompt: "y".repeat(9) }, // 9 chars: 3 tokens (rounded up)
    ];
    const models = ["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0", "local:gpt-oss:20b"];
    const withMax = await createTestSession({ models, prompts, params: { maxOutputTokens: 500 } }, h.db, h.env);
    const e = await estimateCost(withMax, VIEWER, { db: h.db, env: h.env });
    expect(e).toMatchObject({
      prompts: 2,
      answers: 6,
      inputTokens: 18,
      outputTokensPerAnswer: 500,
      outputAssumed: false,
      unknownPrices: ["local:gpt-oss:20b"],
    });
    for (const id of models.slice(0, 2)) {
      const price = findModel(id, h.env)!.price!;
      const row = e.models.find((m) => m.modelId === id)!;
      expect(row).toMatchObject({ inputTokens: 18, outputTokens: 1000 });
      expect(row.costUsd).toBeCloseTo((18 * price.input + 1000 * price.output) / 1e6, 9);
    }
    expect(e.models.find((m) => m.modelId === "local:gpt-oss:20b")).toMatchObject({ costUsd: null, price: null });
    expect(e.totalUsd).toBeCloseTo(
      e.models.reduce((s, m) => s + (m.costUsd ?? 0), 0),
      9,
    );
    expect(e.assumption).toMatch(/max output tokens setting \(500\)/);
    expect(e.assumption).toMatch(/One model has no known price/);

    const noMax = await createTestSession({ models: models.slice(0, 2), prompts }, h.db, h.env);
    const e2 = await estimateCost(noMax, VIEWER, { db: h.db, env: h.env });
    expect(e2).toMatchObject({ outputTokensPerAnswer: 1024, outputAssumed: true, unknownPrices: [] });
    expect(e2.assumption).toMatch(/no max output tokens, so 1,024 output tokens per answer are assumed/);
  });
});

describe("the run routes", () => {
  type Routes = {
    estimate: typeof import("@/app/api/v1/evals/[id]/estimate/route");
    progress: typeof import("@/app/api/v1/evals/[id]/progress/route");
    run: ActionRoute;
    pause: ActionRoute;
    resume: ActionRoute;
    cancel: ActionRoute;
  };
  // run, pause, resume and cancel are one route, /api/v1/evals/<id>/[action]: each is that route with its action
  type ActionRoute = { POST: (req: Request, c: { params: Promise<{ id: string }> }) => Promise<Response> };
  const withAction = (route: typeof import("@/app/api/v1/evals/[id]/[action]/route"), action: string): ActionRoute => ({
    POST: (req, c) => route.POST(req, { params: c.params.then((p) => ({ ...p, action })) }),
  });
  let r: Routes;
  beforeAll(async () => {
    r = {
      estimate: await import("@/app/api/v1/evals/[id]/estimate/route"),
      progress: await import("@/app/api/v1/evals/[id]/progress/route"),
      run: withAction(await import("@/app/api/v1/evals/[id]/[action]/route"), "run"),
      pause: withAction(await import("@/app/api/v1/evals/[id]/[action]/route"), "pause"),
      resume: withAction(await import("@/app/api/v1/evals/[id]/[action]/route"), "resume"),
      cancel: withAction(await import("@/app/api/v1/evals/[id]/[action]/route"), "cancel"),
    };
  });
  afterAll(async () => {
    await (await import("@/lib/evals/run/queue")).stopEvalQueue();
  });
  const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
  const post = (route: { POST: (req: Request, c: ReturnType<typeof ctx>) => Promise<Response> }, id: string, body?: string) =>
    route.POST(
      new Request(`http://127.0.0.1/api/v1/evals/${id}/x`, { method: "POST", body, headers: { "content-type": "application/json" } }),
      ctx(id),
    );

  it(
    "start, pause, resume and cancel through the API; 409 in the wrong state, 404 for an unknown or someone else's session, 400 for a body",
    { timeout: 60_000 },
    async () => {
      slowScripts(true);
      const id = await createTestSession(
        { models: SLOW_MODELS, prompts: Array.from({ length: 10 }, (_, i) => ({ prompt: tagged(80 + i) })) },
        h.db,
        h.env,
      );
      const est = await r.estimate.GET(new Request("http://127.0.0.1/x"), ctx(id));
      expect(est.status).toBe(200);
      expect(await est.json()).toMatchObject({ prompts: 10, answers: 20 });
      expect((await post(r.pause, id)).status).toBe(409);
      expect((await post(r.run, id, '{"extra":1}')).status).toBe(400);
      expect(await h.db.evalAnswer.count({ where: { sessionId: id } })).toBe(0);
      const started = await post(r.run, id, "{}");
      expect(started.status).toBe(200);
      expect(await started.json()).toMatchObject({ status: "running", total: 20 });
      expect((await post(r.run, id)).status).toBe(409);
      expect((await post(r.pause, id)).status).toBe(200);
      expect((await post(r.resume, id)).status).toBe(200);
      const progress = await r.progress.GET(new Request("http://127.0.0.1/x"), ctx(id));
      expect(progress.status).toBe(200);
      expect(await progress.json()).toMatchObject({ total: 20, byModel: [{ modelId: SLOW_MODELS[0] }, { modelId: SLOW_MODELS[1] }] });
      const cancelled = await post(r.cancel, id);
      expect(cancelled.status).toBe(200);
      expect((await cancelled.json()).status).toBe("cancelled");
      await waitForEnd(h.db, id);

      // someone else's personal session, and ids that do not exist: 404 everywhere
      await h.db.user.upsert({ where: { id: "someone-else" }, create: { id: "someone-else", name: "Other" }, update: {} });
      const theirs = await createTestSession({ models: SLOW_MODELS, prompts: [{ prompt: "theirs" }] }, h.db, h.env);
      await h.db.evalSession.update({ where: { id: theirs }, data: { ownerId: "someone-else" } });
      for (const target of [theirs, "no-such-session-xyz", "../bad"]) {
        expect((await r.estimate.GET(new Request("http://127.0.0.1/x"), ctx(target))).status).toBe(404);
        expect((await r.progress.GET(new Request("http://127.0.0.1/x"), ctx(target))).status).toBe(404);
        for (const route of [r.run, r.pause, r.resume, r.cancel]) expect((await post(route, target)).status).toBe(404);
      }
      expect(await h.db.evalAnswer.count({ where: { sessionId: theirs } })).toBe(0);
      slowScripts(false);
    },
  );
});

describe("parameters not sent", () => {
  it(
    "an evaluation answer records the session parameters its provider was not sent, as a compare pane does",
    { timeout: 60_000 },
    async () => {
      // seed: none of these three APIs takes it (OpenAI and Azure Responses, Bedrock Converse); temperature: all do
      const id = await createTestSession(
        {
          models: MODELS3,
          prompts: [{ prompt: "Say something about seeds." }],
          params: { maxOutputTokens: 50, temperature: 0.2, seed: 7 },
        },
        h.db,
        h.env,
      );
      await startRun(id, VIEWER, deps());
      await waitForEnd(h.db, id, 50_000);
      const answers = await answersOf(id);
      expect(answers.map((a) => [a.modelId, a.status, a.paramsNotSent])).toEqual([...MODELS3].sort().map((m) => [m, "done", ["seed"]]));
    },
  );

  it("an evaluation answer records the service tier sent and served, priced at it, under a spend cap", { timeout: 60_000 }, async () => {
    const models = ["openai:gpt-5-mini", "bedrock:openai.gpt-oss-120b-1:0", "openai:gpt-4o-mini"];
    const id = await createTestSession(
      { models, prompts: [{ prompt: "Say something about tiers." }], params: { maxOutputTokens: 50, serviceTier: "flex" }, spendCapUsd: 1 },
      h.db,
      h.env,
    );
    await startRun(id, VIEWER, deps());
    await waitForEnd(h.db, id, 50_000);
    const answers = await answersOf(id);
    // gpt-4o-mini has no flex tier: not sent, yet OpenAI says which tier served it
    expect(answers.map((a) => [a.modelId, a.status, a.requestedTier, a.servedTier, a.paramsNotSent])).toEqual([
      ["bedrock:openai.gpt-oss-120b-1:0", "done", "flex", "flex", []],
      ["openai:gpt-4o-mini", "done", null, "default", ["serviceTier"]],
      ["openai:gpt-5-mini", "done", "flex", "flex", []],
    ]);
    // flex: half the standard price (gpt-5-mini 0.25 / 2 per 1M; gpt-oss-120b 0.15 / 0.6)
    const [oss, , mini] = answers;
    expect(Number(mini!.costUsd)).toBeCloseTo((mini!.inputTokens! * 0.125 + mini!.outputTokens! * 1) / 1e6, 7);
    expect(Number(oss!.costUsd)).toBeCloseTo((oss!.inputTokens! * 0.075 + oss!.outputTokens! * 0.3) / 1e6, 7);
    const sent = h.emulator.requests.filter((r) => r.model === "gpt-5-mini" && JSON.stringify(r.body).includes("about tiers"));
    expect(sent.map((r) => (r.body as { service_tier?: string }).service_tier)).toEqual(["flex"]);
  });
});

describe("settings and job ids", () => {
  it("JUXTA_EVAL_* are checked, with defaults; a bad value names the variable", async () => {
    const { parseRunConfig, runTimings } = await import("@/lib/evals/run/config");
    expect(parseRunConfig({})).toMatchObject({ workers: true, concurrency: 4, retryLimit: 4, retryDelaySeconds: 2, timeoutMs: 120_000 });
    expect(
      parseRunConfig({ JUXTA_EVAL_WORKERS: "0", JUXTA_EVAL_CONCURRENCY: "8", JUXTA_EVAL_RETRIES: "0", JUXTA_EVAL_TIMEOUT_MS: "5000" }),
    ).toMatchObject({ workers: false, concurrency: 8, retryLimit: 0, timeoutMs: 5000 });
    expect(() => parseRunConfig({ JUXTA_EVAL_CONCURRENCY: "0" })).toThrow(/JUXTA_EVAL_CONCURRENCY must be a whole number from 1 to 64/);
    expect(() => parseRunConfig({ JUXTA_EVAL_WORKERS: "maybe" })).toThrow(/JUXTA_EVAL_WORKERS must be 0\/1 or true\/false/);
    // the lease outlives missed heartbeats, and the job's expiry outlives the longest attempt
    const t = runTimings({ timeoutMs: 120_000 });
    expect(t.leaseMs).toBe(3 * t.heartbeatMs);
    expect(t.expireInSeconds * 1000).toBeGreaterThan(t.deadlineMs + t.leaseMs);
  });

  it("one stable UUID per answer", async () => {
    const { jobIdFor } = await import("@/lib/evals/run/queue");
    expect(jobIdFor("abc")).toBe(jobIdFor("abc"));
    expect(jobIdFor("abc")).not.toBe(jobIdFor("abd"));
    expect(jobIdFor("abc")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("team roles", () => {
  it("a team member may run a team session; a viewer gets 403 and an outsider 404, and nothing starts", async () => {
    const teamId = `team-${Date.now().toString(36)}`;
    for (const id of ["run-member", "run-viewer", "run-outsider"])
      await h.db.user.upsert({ where: { id }, create: { id, name: id }, update: {} });
    await h.db.team.create({
      data: {
        id: teamId,
        name: "Runners",
        members: {
          create: [
            { userId: VIEWER.id, role: "owner" },
            { userId: "run-member", role: "member" },
            { userId: "run-viewer", role: "viewer" },
          ],
        },
      },
    });
    const id = await createTestSession({ teamId, models: SLOW_MODELS, prompts: [{ prompt: tagged(95) }] }, h.db, h.env);
    await expect(startRun(id, { id: "run-viewer" }, deps())).rejects.toMatchObject({ code: "forbidden" });
    await expect(startRun(id, { id: "run-outsider" }, deps())).rejects.toMatchObject({ code: "not_found" });
    expect(await h.db.evalAnswer.count({ where: { sessionId: id } })).toBe(0);
    expect((await startRun(id, { id: "run-member" }, deps())).status).toBe("running");
    await expect(pauseRun(id, { id: "run-viewer" }, deps())).rejects.toMatchObject({ code: "forbidden" });
    await expect(cancelRun(id, { id: "run-outsider" }, deps())).rejects.toMatchObject({ code: "not_found" });
    await waitForEnd(h.db, id);
    expect((await getProgress(id, VIEWER, { db: h.db })).done).toBe(2);
  });
});
