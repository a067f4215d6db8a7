// The judge calls' job handler. Judge calls ride the evaluation runs' per-provider pg-boss queues
// (lib/evals/run/queue.ts, `JudgeJobData`) and their workers (lib/evals/run/worker.ts dispatches
// here), so they share the per-provider concurrency, the retries with backoff, the leases and the
// spend-cap reservation pattern (lib/evals/run/spend.ts; the ledger here is the JudgePass row).
//
// The JudgeCall row is the source of truth: a worker claims it with one conditional UPDATE
// (queued -> running, or running with a lease that ran out), calls the judge through the one
// model-call core with the verdict's JSON Schema as structured output, and stores the verdict,
// or a failed call with a clear message when the answer does not match the schema. When a
// judgement's calls are all ended, its final verdict is reconciled across the two orders.
import "server-only";
import type { ModelMessage } from "ai";
import { answerFields } from "@/lib/calls/answer-fields";
import { callModel } from "@/lib/calls/call-model";
import type { Params } from "@/lib/compare/schema";
import type { Env } from "@/lib/env";
import { isRetryable } from "@/lib/evals/run/generate";
import { runTimings, type RunConfig } from "@/lib/evals/run/config";
import type { EvalQueue, JudgeJobData } from "@/lib/evals/run/queue";
import { CAPPED_MAX_OUTPUT_TOKENS, capMessage, priceOfModel, worstCaseUsd } from "@/lib/evals/run/spend";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { findModel } from "@/lib/providers";
import { AppError } from "@/lib/errors";
import { reservePersonSpend, settlePersonSpend, worstCaseOfCall, type SpendHold } from "@/lib/limits";
import { readPairwise, readSingle, reconcile, toTargetVerdict } from "./reconcile";
import { judgePrompt, judgeSystem, schemaFor } from "./rubrics";
import { chargeDeadJudgeCall, endJudgeAttempt, reserveJudgeSpend } from "./spend";
import { loadJudgeTask } from "./tasks";
import type { JudgeOrder, JudgeVerdict } from "./types";

type Deps = {
  db: PrismaClient;
  env: Env;
  queue: EvalQueue;
  config: RunConfig;
  workerId: string;
  signal: AbortSignal;
};

class RetryJudgeLater extends Error {}

type Claimed = {
  attempts: number;
  order: JudgeOrder;
  judgementId: string;
  passId: string;
  judgeModelId: string;
  spendCapUsd: number | null;
  /** who asked for the pass: their spend limits (lib/limits) */
  requestedById: string | null;
};

/** Judge answers are short: a verdict and a sentence or two. */
export const JUDGE_MAX_OUTPUT_TOKENS = 512;

export async function handleJudgeJob(
  job: { id: string; name: string; data: JudgeJobData; retryCount: number; retryLimit: number },
  deps: Deps,
): Promise<"complete" | "leave"> {
  const { db } = deps;
  const callId = job.data.judgeCallId;
  const timings = runTimings(deps.config);
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE "JudgeCall" c SET
      status = 'running',
      "lockedBy" = ${deps.workerId},
      "lockedUntil" = now() + ${timings.leaseMs} * interval '1 millisecond',
      attempts = c.attempts + 1,
      "startedAt" = COALESCE(c."startedAt", now()),
      "updatedAt" = now()
    FROM "Judgement" j, "JudgePass" p
    WHERE c.id = ${callId} AND j.id = c."judgementId" AND p.id = j."passId" AND p.status IN ('queued', 'running')
      AND (c.status = 'queued' OR (c.status = 'running' AND c."lockedUntil" < now()))
    RETURNING c.attempts, c."order", j.id AS "judgementId", p.id AS "passId", p."judgeModelId", p."spendCapUsd"::float8 AS "spendCapUsd",
      p."requestedById"`;
  const claim = claimed[0];
  if (!claim) return notClaimed(callId, deps);
  await chargeDeadJudgeCall(db, callId, deps.workerId);
  const maxAttempts = deps.config.retryLimit + 1;
  const end = (data: Parameters<typeof endJudgeAttempt>[1]["data"], costUsd: number | null = null) =>
    endJudgeAttempt(db, { passId: claim.passId, callId, workerId: deps.workerId, costUsd, data });
  const fail = async (code: string, message: string, extra: Record<string, unknown> = {}, costUsd: number | null = null) => {
    await end({ ...extra, status: "failed", errorCode: code, errorMessage: message, lockedUntil: null, finishedAt: new Date() }, costUsd);
    await finishJudgement(db, claim.judgementId);
  };
  if (claim.attempts > maxAttempts + 1) {
    await fail("gave_up", `Gave up after ${claim.attempts - 1} attempts whose workers stopped.`);
    return "complete";
  }
  const model = findModel(claim.judgeModelId, deps.env);
  if (!model || !model.available) {
    await fail("model_unavailable", `${claim.judgeModelId} is not available on this server (its provider is not configured).`);
    return "complete";
  }
  const task = await loadJudgeTask(db, claim.judgementId);
  if (!task) {
    await fail("target_gone", "The answers to judge are gone.");
    return "complete";
  }
  const params: Params = { temperature: 0, maxOutputTokens: JUDGE_MAX_OUTPUT_TOKENS };
  const system = judgeSystem(task);
  const messages: ModelMessage[] = [{ role: "user", content: judgePrompt(task, claim.order) }];
  const heartbeat = setInterval(() => {
    void db.$executeRaw`
      UPDATE "JudgeCall" SET "lockedUntil" = now() + ${timings.leaseMs} * interval '1 millisecond'
      WHERE id = ${callId} AND "lockedBy" = ${deps.workerId} AND status = 'running'`.catch(() => {});
  }, timings.heartbeatMs);
  let result;
  let hold: SpendHold | undefined;
  const putBack = () =>
    db.judgeCall.updateMany({
      where: { id: callId, lockedBy: deps.workerId, status: "running" },
      data: { status: "queued", lockedBy: null, lockedUntil: null, attempts: { decrement: 1 } },
    });
  try {
    // the spend limits of whoever asked for the pass: over one, the pass stops with the reason
    if (claim.requestedById) {
      try {
        const worst = worstCaseOfCall(model, params, system, messages);
        hold = await reservePersonSpend({ userId: claim.requestedById }, { usd: worst }, { db, env: deps.env });
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "spend_limit" && error.code !== "rate_limited")) throw error;
        await putBack();
        await capPass(db, deps.queue, claim.passId, `Stopped at a spend limit: ${error.message}`);
        return "complete";
      }
    }
    if (claim.spendCapUsd != null) {
      const price = priceOfModel(model, params);
      if (!price) {
        await fail("spend_cap", `Not judged: ${model.label} has no known price, so its cost cannot be kept under the spend cap.`);
        return "complete";
      }
      params.maxOutputTokens ??= CAPPED_MAX_OUTPUT_TOKENS;
      const worst = worstCaseUsd(price, system, messages, params.maxOutputTokens ?? 0);
      const reserved = await reserveUnderCap(deps, { passId: claim.passId, callId, amountUsd: worst });
      if (reserved === "lost") return "complete";
      if (reserved !== "ok") {
        await putBack();
        if (hold) await settlePersonSpend(hold, { costUsd: 0 }, { db });
        if (reserved === "later" || reserved === "not_running") throw new RetryJudgeLater("Waiting for the spend cap.");
        await capPass(db, deps.queue, claim.passId, reserved.message);
        return "complete";
      }
    }
    result = await callModel({
      model,
      env: deps.env,
      system,
      messages,
      params,
      signal: deps.signal,
      maxRetries: 0,
      earlierAttempts: claim.attempts - 1,
      idleTimeoutMs: deps.config.timeoutMs,
      deadlineMs: timings.deadlineMs,
      responseSchema: schemaFor(task.kind),
    });
  } catch (error) {
    if (hold) await settlePersonSpend(hold, { costUsd: 0 }, { db });
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
  if (hold) await settlePersonSpend(hold, { costUsd: result.costUsd }, { db });
  const {
    text: _t,
    reasoning: _r,
    paramsNotSent: _p,
    requestedTier: _q,
    servedTier: _s,
    finishReason: _f,
    ...fields
  } = answerFields(result);
  const cost = fields.costUsd;
  if (result.status === "done") {
    const output = parseOrNull(result.text);
    const schemaErrors = result.structured && !result.structured.valid ? result.structured.errors : [];
    if (task.kind === "pairwise") {
      const read = readPairwise(result.text);
      if (schemaErrors.length || !read.ok) {
        await fail("invalid_verdict", invalidMessage(schemaErrors, read.ok ? null : read.message), { ...fields, output }, cost);
        return "complete";
      }
      const verdict = toTargetVerdict(read.verdict, claim.order);
      const ended = await end(
        {
          status: "done",
          ...fields,
          output,
          rawVerdict: read.verdict,
          verdict,
          reason: read.reason,
          lockedUntil: null,
          finishedAt: new Date(),
        },
        cost,
      );
      if (ended) await finishJudgement(db, claim.judgementId);
      return "complete";
    }
    const read = readSingle(result.text);
    if (schemaErrors.length || !read.ok) {
      await fail("invalid_verdict", invalidMessage(schemaErrors, read.ok ? null : read.message), { ...fields, output }, cost);
      return "complete";
    }
    const ended = await end(
      { status: "done", ...fields, output, grade: read.grade, reason: read.reason, lockedUntil: null, finishedAt: new Date() },
      cost,
    );
    if (ended) await finishJudgement(db, claim.judgementId);
    return "complete";
  }
  const failure =
    result.status === "stopped"
      ? { code: "shutdown", message: `The worker stopped while ${model.providerLabel} was judging.` }
      : (result.failure ?? { code: "provider_error", message: "The judge call failed." });
  const canRetry = isRetryable(failure) && job.retryCount < job.retryLimit && claim.attempts < maxAttempts;
  if (canRetry || failure.code === "shutdown") {
    await end(
      { status: "queued", ...fields, errorCode: failure.code, errorMessage: failure.message, lockedBy: null, lockedUntil: null },
      cost,
    );
    throw new RetryJudgeLater(failure.message);
  }
  await fail(failure.code, failure.message, fields, cost);
  return "complete";
}

function invalidMessage(schemaErrors: string[], readError: string | null): string {
  const why = schemaErrors.length ? schemaErrors.slice(0, 3).join("; ") : readError;
  return `The judge's answer does not match the verdict schema (${why}); no verdict was recorded.`;
}

function parseOrNull(text: string): Prisma.InputJsonValue | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" ? (v as Prisma.InputJsonValue) : undefined;
  } catch {
    return undefined;
  }
}

async function reserveUnderCap(
  deps: Deps,
  input: { passId: string; callId: string; amountUsd: number },
): Promise<"ok" | "lost" | "later" | "not_running" | { message: string }> {
  const waitUntil = Date.now() + runTimings(deps.config).leaseMs;
  for (;;) {
    const r = await reserveJudgeSpend(deps.db, { ...input, workerId: deps.workerId });
    if (r.ok) return "ok";
    if (r.reason !== "cap") return r.reason;
    if (r.heldUsd <= 0) return { message: capMessage(r).replace("the next answer", "the next judge call") };
    if (Date.now() >= waitUntil || deps.signal.aborted) return "later";
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, deps.config.pollMs)));
  }
}

async function notClaimed(callId: string, deps: Deps): Promise<"complete" | "leave"> {
  const { db } = deps;
  const call = await db.judgeCall.findUnique({
    where: { id: callId },
    select: { status: true, judgementId: true, judgement: { select: { pass: { select: { id: true, status: true } } } } },
  });
  if (!call) return "complete";
  if (call.status === "done" || call.status === "failed" || call.status === "cancelled") return "complete";
  const pass = call.judgement.pass;
  if (pass.status !== "running" && pass.status !== "queued") {
    await db.judgeCall.updateMany({
      where: { id: callId, status: "queued" },
      data: {
        status: "cancelled",
        errorCode: pass.status,
        errorMessage: pass.status === "capped" ? "Not judged: the pass reached its spend cap." : "Not judged: the pass was cancelled.",
        finishedAt: new Date(),
      },
    });
    await finishJudgement(db, call.judgementId);
    return "complete";
  }
  throw new RetryJudgeLater("Another worker is running this judge call.");
}

/** Stops a pass at its spend cap: its queued calls are cancelled. */
export async function capPass(db: PrismaClient, queue: EvalQueue, passId: string, message: string): Promise<void> {
  await db.judgePass.updateMany({ where: { id: passId, status: { in: ["queued", "running"] } }, data: { status: "capped" } });
  await cancelQueuedCalls(db, passId, "capped", message);
}

export async function cancelQueuedCalls(db: PrismaClient, passId: string, code: string, message: string): Promise<void> {
  await db.judgeCall.updateMany({
    where: { status: "queued", judgement: { passId } },
    data: { status: "cancelled", errorCode: code, errorMessage: message, finishedAt: new Date() },
  });
  const open = await db.judgement.findMany({ where: { passId, status: { in: ["queued", "running"] } }, select: { id: true } });
  for (const j of open) await finishJudgement(db, j.id);
  await finishPass(db, passId);
}

/**
 * Settles a judgement once its calls have all ended: pairwise verdicts reconciled across the two
 * orders (disagreeing: a tie marked inconsistent), a single grade as given. Any failed call fails
 * the judgement (no half verdict is recorded); a cancelled one cancels it.
 */
export async function finishJudgement(db: PrismaClient, judgementId: string): Promise<void> {
  const j = await db.judgement.findUnique({
    where: { id: judgementId },
    select: {
      kind: true,
      status: true,
      passId: true,
      calls: { select: { order: true, status: true, verdict: true, grade: true, costUsd: true, errorCode: true, errorMessage: true } },
    },
  });
  if (!j || j.status === "done" || j.status === "failed" || j.status === "cancelled") return;
  const ended = j.calls.every((c) => c.status === "done" || c.status === "failed" || c.status === "cancelled");
  if (!ended) {
    if (j.status === "queued" && j.calls.some((c) => c.status !== "queued"))
      await db.judgement.updateMany({ where: { id: judgementId, status: "queued" }, data: { status: "running" } });
    return;
  }
  const priced = j.calls.filter((c) => c.costUsd != null);
  const costUsd = priced.length ? priced.reduce((s, c) => s + Number(c.costUsd), 0) : null;
  const failed = j.calls.find((c) => c.status === "failed");
  const cancelled = j.calls.find((c) => c.status === "cancelled");
  const finishedAt = new Date();
  if (failed || cancelled) {
    const bad = (failed ?? cancelled)!;
    await db.judgement.updateMany({
      where: { id: judgementId, status: { in: ["queued", "running"] } },
      data: {
        status: failed ? "failed" : "cancelled",
        errorCode: bad.errorCode,
        errorMessage: `Order ${bad.order}: ${bad.errorMessage ?? "no verdict"}`,
        costUsd,
        finishedAt,
      },
    });
  } else if (j.kind === "pairwise") {
    const ab = j.calls.find((c) => c.order === "ab")?.verdict as JudgeVerdict | undefined;
    const ba = j.calls.find((c) => c.order === "ba")?.verdict as JudgeVerdict | undefined;
    if (!ab || !ba) return;
    const { verdict, inconsistent } = reconcile(ab, ba);
    await db.judgement.updateMany({
      where: { id: judgementId, status: { in: ["queued", "running"] } },
      data: { status: "done", verdict, inconsistent, costUsd, finishedAt },
    });
  } else {
    const grade = j.calls[0]?.grade ?? null;
    await db.judgement.updateMany({
      where: { id: judgementId, status: { in: ["queued", "running"] } },
      data: { status: "done", grade, costUsd, finishedAt },
    });
  }
  await finishPass(db, j.passId);
}

/** A pass with no judgement left open is completed (a cancelled or capped one keeps its status). */
export async function finishPass(db: PrismaClient, passId: string): Promise<void> {
  const open = await db.judgement.count({ where: { passId, status: { in: ["queued", "running"] } } });
  if (open > 0) return;
  await db.judgePass.updateMany({ where: { id: passId, status: { in: ["queued", "running"] } }, data: { status: "completed" } });
  await db.judgePass.updateMany({ where: { id: passId, finishedAt: null }, data: { finishedAt: new Date() } });
}

/**
 * The safety net (run with the answer workers' revive): calls whose worker died (lease ran out)
 * have their job failed so pg-boss retries it; queued calls get their job (enqueueing is
 * idempotent) and parked or failed jobs are turned back on; passes with nothing open are closed.
 */
export async function reviveJudges(deps: Deps): Promise<void> {
  const { db, queue } = deps;
  const rows = await db.$queryRaw<{ id: string; passId: string; provider: string; owner: string | null; stale: boolean }[]>`
    SELECT c.id, p.id AS "passId", p."judgeProvider" AS provider, p."requestedById" AS owner, (c.status = 'running') AS stale FROM "JudgeCall" c
    JOIN "Judgement" j ON j.id = c."judgementId" JOIN "JudgePass" p ON p.id = j."passId"
    WHERE p.status IN ('queued', 'running') AND (c.status = 'queued' OR (c.status = 'running' AND c."lockedUntil" < now()))`;
  // the queues address jobs by the id they were enqueued with (jobIdFor("judge:<call id>"))
  const job = (r: (typeof rows)[number]) => ({ answerId: `judge:${r.id}`, provider: r.provider });
  const stale = rows.filter((r) => r.stale).map(job);
  if (stale.length) {
    await queue.failStale(stale);
    await queue.unpark(stale);
  }
  const queued = rows.filter((r) => !r.stale);
  if (queued.length) {
    await queue.enqueueJudgeCalls(queued.map((r) => ({ judgeCallId: r.id, passId: r.passId, provider: r.provider, owner: r.owner })));
    await queue.unpark(queued.map(job));
  }
  const open = await db.judgePass.findMany({ where: { status: { in: ["queued", "running"] } }, select: { id: true } });
  for (const p of open) await finishPass(db, p.id);
}
