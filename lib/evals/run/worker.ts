// The answer workers: for each provider queue, a loop that keeps up to `concurrency` jobs in
// flight in this process (pg-boss 10's work() waits a polling interval between jobs, so the loop
// fetches through pg-boss's own fetch / complete / fail instead), and the job handler that turns
// one queued EvalAnswer into a stored answer.
//
// The EvalAnswer row is the source of truth; a job only delivers it. A worker claims an answer
// with one conditional UPDATE (queued -> running, or a running answer whose lease ran out), so
// two workers (or two app processes) never generate the same answer at once, and renews its
// lease while the provider streams. A dead worker's lease runs out and the answer is taken over.
// Under a spend cap, each attempt reserves its worst-case cost before it starts and settles it
// when it ends (spend.ts), so the cap holds whatever the number of workers.
import "server-only";
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import os from "node:os";
import type { Params } from "@/lib/compare/schema";
import { getEnv, type Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { findModel } from "@/lib/providers";
import { runTimings, type RunConfig } from "./config";
import { generateAnswer } from "./generate";
import { handleJudgeJob, reviveJudges } from "@/lib/judges/worker";
import { handleScorecardJob, reviveScorecards, RetryScorecardLater } from "@/lib/scorecards/worker";
import { pumpSchedules } from "@/lib/scorecards/schedule";
import { QUEUE_NAMES, type AnswerJob, type AnswerJobData, type EvalQueue, type JudgeJobData, type ScorecardJobData } from "./queue";
import { CAPPED_MAX_OUTPUT_TOKENS, capMessage, chargeDeadAttempt, endAttempt, priceOfModel, reserveSpend, worstCaseUsd } from "./spend";
import { capSession, cancelQueued, finalizeSession, providerByModel, queuedAnswers, stopReason } from "./state";

export type WorkerDeps = {
  db: PrismaClient;
  env: Env;
  queue: EvalQueue;
  config: RunConfig;
  /** identifies this worker in EvalAnswer.lockedBy */
  workerId: string;
  /** aborted on shutdown: calls under way end and their answers go back to the queue */
  signal: AbortSignal;
};

/** A failed attempt's fields without its partial text: the next attempt writes the answer. */
function withoutText<T extends { text: string; reasoning: string }>(fields: T): Omit<T, "text" | "reasoning"> {
  const { text: _text, reasoning: _reasoning, ...rest } = fields;
  return rest;
}

/** Thrown to make pg-boss retry the job later (with its backoff). */
export class RetryLater extends Error {}

type Claimed = {
  attempts: number;
  modelId: string;
  sessionId: string;
  spendCapUsd: number | null;
  params: unknown;
  prompt: string;
  system: string | null;
};

/**
 * Handles one job. Returns "complete" when the job is finished with, "leave" when the handler
 * already settled the job itself (parked while the session is paused); throws RetryLater for a
 * retry with backoff.
 */
export async function handleAnswerJob(
  job: Pick<AnswerJob, "id" | "name" | "data" | "retryCount" | "retryLimit">,
  deps: WorkerDeps,
): Promise<"complete" | "leave"> {
  const { db, queue } = deps;
  const { answerId } = job.data;
  const timings = runTimings(deps.config);
  // the claim, in one statement: only an answer of a running session that is queued (or whose
  // worker's lease ran out); it returns everything the call needs
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE "EvalAnswer" a SET
      status = 'running',
      "lockedBy" = ${deps.workerId},
      "lockedUntil" = now() + ${timings.leaseMs} * interval '1 millisecond',
      attempts = a.attempts + 1,
      "startedAt" = COALESCE(a."startedAt", now()),
      "updatedAt" = now()
    FROM "EvalSession" s
    WHERE a.id = ${answerId} AND s.id = a."sessionId" AND s.status = 'running'
      AND (a.status = 'queued' OR (a.status = 'running' AND a."lockedUntil" < now()))
    RETURNING a.attempts, a."modelId", a."sessionId", s."spendCapUsd"::float8 AS "spendCapUsd", s.params,
      (SELECT p.prompt FROM "EvalPrompt" p WHERE p.id = a."promptId") AS prompt,
      (SELECT p.system FROM "EvalPrompt" p WHERE p.id = a."promptId") AS system`;
  const claim = claimed[0];
  if (!claim) return notClaimed(job, deps);
  const sessionId = claim.sessionId;
  // an earlier attempt whose worker died is charged its whole reservation (its cost is unknown)
  await chargeDeadAttempt(db, answerId, deps.workerId);
  const maxAttempts = deps.config.retryLimit + 1;
  /** ends this attempt: the answer's row, and the spend ledger (the reservation released, `costUsd` charged) */
  const end = (data: Parameters<typeof endAttempt>[1]["data"], costUsd: number | null = null) =>
    endAttempt(db, { sessionId, answerId, workerId: deps.workerId, costUsd, data });
  const failAnswer = async (code: string, message: string, extra: Record<string, unknown> = {}, costUsd: number | null = null) => {
    await end({ status: "failed", errorCode: code, errorMessage: message, lockedUntil: null, finishedAt: new Date(), ...extra }, costUsd);
    await finalizeSession(db, sessionId);
  };
  /** not started after all: back to the queue, this attempt not counted */
  const putBack = () =>
    db.evalAnswer.updateMany({
      where: { id: answerId, lockedBy: deps.workerId, status: "running" },
      data: { status: "queued", lockedBy: null, lockedUntil: null, attempts: { decrement: 1 } },
    });

  if (claim.attempts > maxAttempts + 1) {
    // only after repeated worker deaths on this answer: stop trying
    await failAnswer("gave_up", `Gave up after ${claim.attempts - 1} attempts whose workers stopped.`);
    return "complete";
  }

  const model = findModel(claim.modelId, deps.env);
  if (!model || !model.available) {
    await failAnswer("model_unavailable", `${claim.modelId} is not available on this server (its provider is not configured).`);
    return "complete";
  }

  const params = { ...((claim.params ?? {}) as Params) };
  const capped = claim.spendCapUsd != null;
  const price = priceOfModel(model, params);
  if (capped && !price) {
    // startRun refuses this; a price removed from the configuration since lands here
    await failAnswer(
      "spend_cap",
      `Not generated: ${model.label} has no known price, so its cost cannot be kept under the spend cap. Set a price for it (JUXTA_PRICES) or remove the cap.`,
    );
    return "complete";
  }
  // under a cap an answer needs a known worst case: without a max output tokens setting, the
  // limit the cost estimate assumes is sent
  if (capped) params.maxOutputTokens ??= CAPPED_MAX_OUTPUT_TOKENS;

  // keep the lease while waiting for the spend cap and while the provider streams
  const heartbeat = setInterval(() => {
    void db.$executeRaw`
      UPDATE "EvalAnswer" SET "lockedUntil" = now() + ${timings.leaseMs} * interval '1 millisecond'
      WHERE id = ${answerId} AND "lockedBy" = ${deps.workerId} AND status = 'running'`.catch(() => {});
  }, timings.heartbeatMs);
  let result;
  try {
    if (capped && price) {
      const worst = worstCaseUsd(price, claim.system, [{ role: "user", content: claim.prompt }], params.maxOutputTokens ?? 0);
      const reserved = await reserveUnderCap(deps, { sessionId, answerId, amountUsd: worst });
      if (reserved === "lost") return "complete";
      if (reserved !== "ok") {
        await putBack();
        if (reserved === "later" || reserved === "not_running") throw new RetryLater("Waiting for the spend cap.");
        await capSession(db, queue, sessionId, reserved.message);
        return "complete";
      }
    }
    result = await generateAnswer({
      model,
      env: deps.env,
      system: claim.system,
      prompt: claim.prompt,
      params,
      idleTimeoutMs: deps.config.timeoutMs,
      deadlineMs: timings.deadlineMs,
      attempt: claim.attempts,
      signal: deps.signal,
    });
  } finally {
    clearInterval(heartbeat);
  }

  const cost = result.fields.costUsd;
  if (result.ok) {
    // lockedBy stays: which worker generated the answer
    const ended = await end({ status: "done", ...result.fields, lockedUntil: null, finishedAt: new Date() }, cost);
    if (ended) await finalizeSession(db, sessionId);
    return "complete";
  }

  const { failure } = result;
  const canRetry = result.retryable && job.retryCount < job.retryLimit && claim.attempts < maxAttempts;
  if (canRetry || failure.code === "shutdown") {
    // back to the queue; pg-boss brings the job back after its backoff. The reason of this
    // attempt (and its partial fields) stay visible until the next one; what it cost is charged.
    await end({ status: "queued", ...withoutText(result.fields), lockedBy: null, lockedUntil: null }, cost);
    throw new RetryLater(failure.message);
  }
  await failAnswer(failure.code, failure.message, { ...result.fields, finishReason: "error" }, cost);
  return "complete";
}

/**
 * Reserves an attempt's worst case against the session's spend cap (spend.ts). While attempts
 * under way hold reservations that may free room, it waits for them (up to a lease period, keeping
 * this slot), then hands the job back ("later"). With nothing held and no room, the cap is reached.
 */
async function reserveUnderCap(
  deps: WorkerDeps,
  input: { sessionId: string; answerId: string; amountUsd: number },
): Promise<"ok" | "lost" | "later" | "not_running" | { message: string }> {
  const waitUntil = Date.now() + runTimings(deps.config).leaseMs;
  for (;;) {
    const r = await reserveSpend(deps.db, { ...input, workerId: deps.workerId });
    if (r.ok) return "ok";
    if (r.reason !== "cap") return r.reason;
    if (r.heldUsd <= 0) return { message: capMessage(r) };
    if (Date.now() >= waitUntil || deps.signal.aborted) return "later";
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, deps.config.pollMs)));
  }
}

/** Why the claim failed, and what to do with the job. */
async function notClaimed(job: Pick<AnswerJob, "id" | "name" | "data">, deps: WorkerDeps): Promise<"complete" | "leave"> {
  const { db, queue } = deps;
  const { answerId } = job.data;
  const answer = await db.evalAnswer.findUnique({
    where: { id: answerId },
    select: { status: true, sessionId: true, session: { select: { status: true } } },
  });
  if (!answer) return "complete"; // the session was deleted
  if (answer.status === "done" || answer.status === "failed" || answer.status === "cancelled") return "complete";
  const status = answer.session.status;
  if (status === "paused" || status === "draft") {
    // park the job; resumeRun turns parked jobs back on. Re-check after parking, so a resume that
    // happened in between is not missed (it either saw the parked job or we see "running" now).
    await queue.boss.cancel(job.name, job.id);
    const again = await db.evalSession.findUnique({ where: { id: answer.sessionId }, select: { status: true } });
    if (again?.status === "running") await queue.boss.resume(job.name, job.id);
    return "leave";
  }
  if (status !== "running") {
    // cancelled, capped or completed: nothing more starts
    const reason = await stopReason(db, answer.sessionId, status);
    await db.evalAnswer.updateMany({
      where: { id: answerId, status: "queued" },
      data: { status: "cancelled", errorCode: reason.code, errorMessage: reason.message, finishedAt: new Date() },
    });
    await finalizeSession(db, answer.sessionId);
    return "complete";
  }
  // running, and another worker holds a live lease on it (this job was handed out again after an
  // expiry), or it was just put back: look again later
  throw new RetryLater("Another worker is generating this answer.");
}

// ---------------------------------------------------------------------------------------------
// the loop per provider queue

class QueuePump {
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopping = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly queueName: string,
    private readonly deps: WorkerDeps,
    private readonly onError: (error: unknown) => void,
  ) {}

  start() {
    this.loop = this.run();
  }

  wake() {
    this.wakeUp?.();
  }

  get busy() {
    return this.inFlight.size;
  }

  private async run() {
    const { boss, config } = { boss: this.deps.queue.boss, config: this.deps.config };
    while (!this.stopping) {
      const free = config.concurrency - this.inFlight.size;
      let fetched = 0;
      if (free > 0) {
        let jobs: AnswerJob[] = [];
        try {
          jobs = await boss.fetch<AnswerJobData>(this.queueName, { batchSize: free, includeMetadata: true });
        } catch (error) {
          this.onError(error);
        }
        fetched = jobs.length;
        for (const job of jobs) this.launch(job);
        if (this.stopping) break;
        if (fetched > 0 && fetched === free) continue;
      }
      // a slot frees up, something is enqueued here, or the poll interval passes
      await new Promise<void>((resolve) => {
        const timer = free > 0 ? setTimeout(resolve, config.pollMs) : undefined;
        this.wakeUp = () => {
          clearTimeout(timer);
          this.wakeUp = null;
          resolve();
        };
      });
    }
  }

  private launch(job: AnswerJob) {
    const { boss } = this.deps.queue;
    const done = (async () => {
      try {
        // model judges' calls (lib/judges/worker.ts) and scorecard calls (lib/scorecards/worker.ts) share these queues
        const data = job.data as AnswerJobData | JudgeJobData | ScorecardJobData;
        const outcome =
          "judgeCallId" in data
            ? await handleJudgeJob({ ...job, data }, this.deps)
            : "scorecardCallId" in data
              ? await handleScorecardJob({ ...job, data }, this.deps)
              : await handleAnswerJob(job, this.deps);
        // the answer is stored: the slot is free now; the job is completed in the next batch (a
        // job whose completion is lost comes back after its expiry and is found done)
        if (outcome === "complete") this.completeSoon(job.id);
      } catch (error) {
        if (!(error instanceof RetryLater) && !(error instanceof RetryScorecardLater)) this.onError(error);
        const message = error instanceof Error ? error.message : String(error);
        await boss.fail(job.name, job.id, { message }).catch(this.onError);
      } finally {
        this.inFlight.delete(job.id);
        this.wake();
      }
    })();
    this.inFlight.set(job.id, done);
  }

  private completions: string[] = [];
  private flushing: Promise<void> | null = null;

  private completeSoon(id: string) {
    this.completions.push(id);
    this.flushing ??= (async () => {
      // let the completions of answers finishing together gather
      await new Promise((r) => setTimeout(r, 20));
      while (this.completions.length) {
        const ids = this.completions.splice(0, 500);
        await this.deps.queue.boss.complete(this.queueName, ids).catch(this.onError);
      }
      this.flushing = null;
    })();
  }

  /** Completes the jobs still waiting for their batch. */
  async flush() {
    while (this.flushing) await this.flushing;
  }

  /** Stops fetching; waits for the jobs in flight (the caller aborts them after its grace time). */
  async stop() {
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  async drain() {
    await Promise.allSettled([...this.inFlight.values()]);
  }
}

// ---------------------------------------------------------------------------------------------

export type EvalWorkers = {
  workerId: string;
  /** jobs being handled right now in this process */
  busy(): number;
  /** one pass of the safety net (normally on a timer) */
  revive(): Promise<void>;
  /**
   * Stops fetching and waits up to `graceMs` for the answers under way; the rest are aborted and
   * go back to the queue (another worker, or this app after a restart, takes them).
   */
  stop(options?: { graceMs?: number }): Promise<void>;
};

/**
 * Starts one loop per provider queue in this process. Also runs, every lease period, the safety
 * net: answers of running sessions whose worker died (lease ran out) have their job failed so
 * pg-boss retries it; parked or failed jobs of queued answers are turned back on; sessions with
 * nothing left are closed.
 */
export function startEvalWorkers(options: { db: PrismaClient; queue: EvalQueue; env?: Env; workerId?: string }): EvalWorkers {
  const controller = new AbortController();
  // every call under way listens for the shutdown (concurrency x 4 queues)
  setMaxListeners(0, controller.signal);
  const deps: WorkerDeps = {
    db: options.db,
    env: options.env ?? getEnv(),
    queue: options.queue,
    config: options.queue.config,
    workerId: options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    signal: controller.signal,
  };
  const onError = (error: unknown) => console.error("[juxta] eval worker:", error instanceof Error ? error.message : error);
  const pumps = QUEUE_NAMES.map((name) => new QueuePump(name, deps, onError));
  for (const p of pumps) p.start();
  const unsubscribe = options.queue.onEnqueue(() => pumps.forEach((p) => p.wake()));

  const timings = runTimings(deps.config);
  let reviving: Promise<void> | null = null;
  const revive = () =>
    (reviving ??= reviveOnce(deps)
      .catch(onError)
      .finally(() => (reviving = null)));
  const timer = setInterval(() => void revive(), Math.max(2000, timings.leaseMs));
  timer.unref?.();
  void revive();
  // scheduled scorecard runs (lib/scorecards/schedule.ts): pg-boss's cron makes the jobs at most once a minute
  let pumping: Promise<unknown> | null = null;
  const schedules = setInterval(() => {
    pumping ??= pumpSchedules(deps)
      .catch(onError)
      .finally(() => (pumping = null));
  }, SCHEDULE_PUMP_MS);
  schedules.unref?.();

  return {
    workerId: deps.workerId,
    busy: () => pumps.reduce((n, p) => n + p.busy, 0),
    revive,
    async stop({ graceMs = 10_000 } = {}) {
      clearInterval(timer);
      clearInterval(schedules);
      unsubscribe();
      await Promise.all(pumps.map((p) => p.stop()));
      const drained = Promise.all(pumps.map((p) => p.drain()));
      const grace = new Promise((r) => setTimeout(r, graceMs).unref?.());
      await Promise.race([drained, grace]);
      controller.abort();
      await drained;
      await Promise.all(pumps.map((p) => p.flush()));
      await reviving;
      await pumping;
    },
  };
}

/** How often the workers look for due scheduled scorecard runs. */
const SCHEDULE_PUMP_MS = 10_000;

async function reviveOnce(deps: WorkerDeps): Promise<void> {
  const { db, queue } = deps;
  await reviveJudges(deps);
  await reviveScorecards(deps);
  const running = await db.evalSession.findMany({ where: { status: "running" }, select: { id: true, models: true } });
  for (const s of running) {
    const providers = providerByModel(s.models);
    const stale = await db.$queryRaw<{ id: string; modelId: string }[]>`
      SELECT id, "modelId" FROM "EvalAnswer"
      WHERE "sessionId" = ${s.id} AND status = 'running' AND "lockedUntil" < now()`;
    const staleItems = stale.map((a) => ({ answerId: a.id, provider: providers.get(a.modelId) ?? "compatible" }));
    if (staleItems.length) {
      await queue.failStale(staleItems);
      await queue.unpark(staleItems);
    }
    const queued = await queuedAnswers(db, s.id);
    if (queued.length) {
      await queue.enqueue(queued);
      await queue.unpark(queued);
    }
    await finalizeSession(db, s.id);
  }
  // a capped or cancelled session may still hold queued answers if its stop was interrupted
  const stopped = await db.evalSession.findMany({
    where: { status: { in: ["capped", "cancelled"] }, finishedAt: null },
    select: { id: true, status: true },
  });
  for (const s of stopped) {
    await cancelQueued(db, queue, s.id, await stopReason(db, s.id, s.status));
    await finalizeSession(db, s.id);
  }
}
