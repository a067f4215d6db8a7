// The scorecard calls' job handler. Scorecard calls ride the evaluation runs' per-provider pg-boss
// queues (lib/evals/run/queue.ts, `ScorecardJobData`) and their workers (lib/evals/run/worker.ts
// dispatches here), so they share the per-provider concurrency, the retries with backoff, the
// leases and the spend-cap reservation (lib/evals/run/lease.ts, the ledger on the ScorecardRun).
//
// The ScorecardCall row is the source of truth. A worker claims it, calls the deployment through
// the one model-call core with the item's system, prompt, parameters, tools and response schema
// (never the expected answer), checks the answer by code (checkAnswer; items judged over their K
// samples with checkItemSamples once the last sample lands) and stores everything, the exact
// request included. When the run's last call ends, the run is finished (./finish.ts).
import "server-only";
import { createHash } from "node:crypto";
import type { ModelMessage } from "ai";
import { answerFields } from "@/lib/calls/answer-fields";
import { callModel, type CallResult } from "@/lib/calls/call-model";
import { AppError } from "@/lib/errors";
import { reservePersonSpend, settlePersonSpend, worstCaseOfCall, type SpendHold } from "@/lib/limits";
import type { Params } from "@/lib/compare/schema";
import type { Env } from "@/lib/env";
import { runTimings, type RunConfig } from "@/lib/evals/run/config";
import { isRetryable } from "@/lib/evals/run/generate";
import {
  chargeDeadReservation,
  claimRow,
  holdLease,
  releaseRow,
  reserveOnLedger,
  SCORECARD_LEASE,
  settleOnLedger,
} from "@/lib/evals/run/lease";
import type { EvalQueue, ScorecardJobData } from "@/lib/evals/run/queue";
import { CAPPED_MAX_OUTPUT_TOKENS, capMessage, priceOfModel, worstCaseUsd } from "@/lib/evals/run/spend";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { findModel } from "@/lib/providers";
import { finishRun } from "./finish";
import { checkAnswer, checkItemSamples, isGroupJudged, pairOf, probeAnswerOf } from "./probes";
import { cancelQueuedCalls } from "./service";
import { suiteItems } from "./suite-cache";
import type { CheckResult, ProbeAnswer, ProbeItem } from "./types";

type Deps = { db: PrismaClient; env: Env; queue: EvalQueue; config: RunConfig; workerId: string; signal: AbortSignal };

export class RetryScorecardLater extends Error {}

/** Pauses a run whose owner reached a spend limit: nothing new starts; resuming tries again. */
async function pauseAtLimit(db: PrismaClient, queue: EvalQueue, runId: string, reason: string): Promise<void> {
  const { count } = await db.scorecardRun.updateMany({
    where: { id: runId, status: "running" },
    data: { status: "paused", stopReason: `Paused at a spend limit: ${reason}` },
  });
  if (count) await queue.scorecardJobs(runId, "park");
}

/** Prompts longer than this are stored in the evidence by length and SHA-256 (the suite version has the text). */
const PROMPT_EVIDENCE_CHARS = 20_000;

/** The exact request of an item: what callModel is sent (the prompt by hash when long). */
export function requestOf(item: ProbeItem, params: Params) {
  const long = item.prompt.length > PROMPT_EVIDENCE_CHARS;
  return {
    system: item.system ?? null,
    ...(long
      ? { promptChars: item.prompt.length, promptSha256: createHash("sha256").update(item.prompt).digest("hex") }
      : { prompt: item.prompt }),
    params,
    tools: item.tools ?? [],
    responseSchema: item.responseSchema ?? null,
  };
}

export async function handleScorecardJob(
  job: { id: string; name: string; data: ScorecardJobData; retryCount: number; retryLimit: number },
  deps: Deps,
): Promise<"complete" | "leave"> {
  const { db } = deps;
  const callId = job.data.scorecardCallId;
  const timings = runTimings(deps.config);
  const claim = await claimRow(db, SCORECARD_LEASE, callId, deps.workerId, timings.leaseMs);
  if (!claim) return notClaimed(job, deps);
  const runId = claim.parentId;
  await chargeDeadReservation(db, SCORECARD_LEASE, callId, deps.workerId);
  const call = await db.scorecardCall.findUnique({
    where: { id: callId },
    select: {
      deploymentId: true,
      itemKey: true,
      run: { select: { spendCapUsd: true, suiteVersion: true, scorecard: { select: { suiteId: true, ownerId: true, teamId: true } } } },
    },
  });
  if (!call) return "complete";
  const maxAttempts = deps.config.retryLimit + 1;
  const end = (data: Prisma.ScorecardCallUpdateInput, costUsd: number | null = null) =>
    settleOnLedger(db, SCORECARD_LEASE, { parentId: runId, rowId: callId, workerId: deps.workerId, costUsd }, (tx) =>
      tx.scorecardCall.update({ where: { id: callId }, data }),
    );
  const items = await suiteItems(db, call.run.scorecard.suiteId, call.run.suiteVersion);
  const item = items?.get(call.itemKey);
  const fail = async (code: string, message: string, extra: Prisma.ScorecardCallUpdateInput = {}, costUsd: number | null = null) => {
    await end({ ...extra, status: "failed", errorCode: code, errorMessage: message, lockedUntil: null, finishedAt: new Date() }, costUsd);
    // a group item's last sample may be this failed one: its other samples are checked now
    await afterCall(db, runId, call.deploymentId, call.itemKey, deps, item, items);
  };
  if (claim.attempts > maxAttempts + 1) {
    await fail("gave_up", `Gave up after ${claim.attempts - 1} attempts whose workers stopped.`);
    return "complete";
  }
  const model = findModel(call.deploymentId, deps.env);
  if (!model || !model.available) {
    await fail("model_unavailable", `${call.deploymentId} is not available on this server (its provider is not configured).`);
    return "complete";
  }
  if (!item) {
    await fail("item_missing", `The probe ${call.itemKey} is not in ${call.run.suiteVersion} any more.`);
    return "complete";
  }
  const params: Params = { ...(item.params ?? {}) };
  const system = item.system ?? null;
  const messages: ModelMessage[] = [{ role: "user", content: item.prompt }];
  const capped = call.run.spendCapUsd != null;
  const release = holdLease(db, SCORECARD_LEASE, callId, deps.workerId, timings.leaseMs, timings.heartbeatMs);
  let result: CallResult;
  // the owner's daily and monthly spend limits (lib/limits): reserved before the call, settled after;
  // over one, the run pauses with the reason (resuming tries again)
  let hold: SpendHold | undefined;
  try {
    const owner = { userId: call.run.scorecard.ownerId, teamId: call.run.scorecard.teamId };
    const worstOfCall = worstCaseOfCall(model, params, system, messages) * (item.tools?.length ? 5 : 1);
    try {
      hold = await reservePersonSpend(owner, { usd: worstOfCall }, { db, env: deps.env });
    } catch (error) {
      if (!(error instanceof AppError && (error.code === "spend_limit" || error.code === "rate_limited"))) throw error;
      await releaseRow(db, SCORECARD_LEASE, callId, deps.workerId);
      await pauseAtLimit(db, deps.queue, runId, error.message);
      return "complete";
    }
    if (capped) {
      const price = priceOfModel(model, params);
      if (!price) {
        if (hold) await settlePersonSpend(hold, { costUsd: 0 }, { db });
        await fail("spend_cap", `Not run: ${model.label} has no known price, so its cost cannot be kept under the spend cap.`);
        return "complete";
      }
      params.maxOutputTokens ??= CAPPED_MAX_OUTPUT_TOKENS;
      const worst = worstCaseUsd(price, system, messages, params.maxOutputTokens ?? 0) * (item.tools?.length ? 5 : 1);
      const reserved = await reserveUnderCap(deps, { parentId: runId, rowId: callId, amountUsd: worst });
      if (reserved !== "ok" && hold) await settlePersonSpend(hold, { costUsd: 0 }, { db });
      if (reserved === "lost") return "complete";
      if (reserved !== "ok") {
        await releaseRow(db, SCORECARD_LEASE, callId, deps.workerId);
        if (reserved === "later" || reserved === "not_running") throw new RetryScorecardLater("Waiting for the spend cap.");
        await capRun(db, runId, reserved.message, deps);
        return "complete";
      }
    }
    await db.scorecardCall.updateMany({
      where: { id: callId, lockedBy: deps.workerId },
      data: { request: requestOf(item, params) as Prisma.InputJsonValue },
    });
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
      ...(item.tools?.length ? { tools: item.tools } : {}),
      ...(item.responseSchema ? { responseSchema: item.responseSchema } : {}),
    });
  } catch (error) {
    if (hold) await settlePersonSpend(hold, { costUsd: 0 }, { db });
    throw error;
  } finally {
    release();
  }
  if (hold) await settlePersonSpend(hold, { costUsd: result.costUsd }, { db });
  const f = answerFields(result);
  const fields: Prisma.ScorecardCallUpdateInput = {
    requestId: f.requestId,
    responseId: f.responseId,
    setupMs: f.setupMs,
    responseHeadersMs: f.responseHeadersMs,
    headersToFirstTokenMs: f.headersToFirstTokenMs,
    ttftMs: f.ttftMs,
    totalMs: f.totalMs,
    inputTokens: f.inputTokens,
    cachedInputTokens: f.cachedInputTokens,
    outputTokens: f.outputTokens,
    reasoningTokens: f.reasoningTokens,
    usageEstimated: f.usageEstimated,
    costUsd: f.costUsd,
    text: f.text,
    reasoning: f.reasoning,
    finishReason: f.finishReason,
    toolCalls: result.toolCalls as unknown as Prisma.InputJsonValue,
    httpStatus: f.errorStatus,
  };
  const cost = f.costUsd;
  if (result.status === "done") {
    const answer = probeAnswerOf(result, params);
    // a group-judged item is checked when its last sample lands (afterCall)
    const check: CheckResult | null = isGroupJudged(item) ? null : checkAnswer(item, answer);
    const ended = await end(
      {
        ...fields,
        status: "done",
        errorCode: null,
        errorMessage: null,
        ...(check ? { check: check as unknown as Prisma.InputJsonValue, pass: check.pass, errorClass: check.errorClass ?? null } : {}),
        lockedUntil: null,
        finishedAt: new Date(),
      },
      cost,
    );
    if (ended) await afterCall(db, runId, call.deploymentId, call.itemKey, deps, item, items);
    return "complete";
  }
  const failure =
    result.status === "stopped"
      ? { code: "shutdown", message: `The worker stopped while ${model.providerLabel} was answering.` }
      : (result.failure ?? { code: "provider_error", message: "The call failed." });
  const canRetry = isRetryable(failure) && job.retryCount < job.retryLimit && claim.attempts < maxAttempts;
  if (canRetry || failure.code === "shutdown") {
    await end(
      { ...fields, status: "queued", errorCode: failure.code, errorMessage: failure.message, lockedBy: null, lockedUntil: null },
      cost,
    );
    throw new RetryScorecardLater(failure.message);
  }
  await fail(failure.code, failure.message, { ...fields, finishReason: "error" }, cost);
  return "complete";
}

async function reserveUnderCap(deps: Deps, input: { parentId: string; rowId: string; amountUsd: number }) {
  const waitUntil = Date.now() + runTimings(deps.config).leaseMs;
  for (;;) {
    const r = await reserveOnLedger(deps.db, SCORECARD_LEASE, { ...input, workerId: deps.workerId });
    if (r.ok) return "ok" as const;
    if (r.reason !== "cap") return r.reason;
    if (r.heldUsd <= 0) return { message: capMessage(r).replace("the next answer", "the next probe") };
    if (Date.now() >= waitUntil || deps.signal.aborted) return "later" as const;
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, deps.config.pollMs)));
  }
}

/** The spend cap is reached: nothing more starts; the calls not run say why; the run finishes with what it has. */
export async function capRun(db: PrismaClient, runId: string, reason: string, deps: Pick<Deps, "queue" | "env">): Promise<void> {
  await db.scorecardRun.updateMany({ where: { id: runId, stopReason: null }, data: { stopReason: reason } });
  await cancelQueuedCalls(db, runId, "spend_cap", `Not run: ${reason}`);
  await deps.queue.scorecardJobs(runId, "remove");
  await finishRun(db, runId, { env: deps.env });
}

/**
 * After a call ended: a group-judged item whose K samples have all ended is checked over them
 * (one CheckResult per sample; a reasoning-effort item together with its partner of the other
 * effort, once both have ended); then the run is finished if nothing is left.
 */
async function afterCall(
  db: PrismaClient,
  runId: string,
  deploymentId: string,
  itemKey: string,
  deps: Pick<Deps, "env">,
  item?: ProbeItem,
  items?: Map<string, ProbeItem> | null,
) {
  if (item && isGroupJudged(item)) await checkGroup(db, runId, deploymentId, item, items ?? null);
  await finishRun(db, runId, { env: deps.env });
}

async function checkGroup(db: PrismaClient, runId: string, deploymentId: string, item: ProbeItem, items: Map<string, ProbeItem> | null) {
  const pair = pairOf(item);
  const partner = pair && items ? [...items.values()].find((o) => o.key !== item.key && pairOf(o) === pair) : undefined;
  const group = partner ? [item, partner] : [item];
  const rows = await db.scorecardCall.findMany({
    where: { runId, deploymentId, itemKey: { in: group.map((i) => i.key) } },
    orderBy: { sample: "asc" },
    select: {
      id: true,
      itemKey: true,
      status: true,
      text: true,
      reasoning: true,
      finishReason: true,
      toolCalls: true,
      outputTokens: true,
      reasoningTokens: true,
      request: true,
      check: true,
    },
  });
  if (rows.some((r) => r.status === "queued" || r.status === "running")) return;
  const done = rows.filter((r) => r.status === "done");
  if (!done.length || done.every((r) => r.check != null)) return;
  // every sample in order (a sample that did not answer is an error, so sample i stays sample i)
  const answersOf = (key: string): ProbeAnswer[] =>
    rows
      .filter((r) => r.itemKey === key)
      .map((r) => ({
        status: r.status === "done" ? "done" : "error",
        text: r.text,
        reasoning: r.reasoning,
        finishReason: r.finishReason,
        toolCalls: (r.toolCalls ?? []) as ProbeAnswer["toolCalls"],
        outputTokens: r.outputTokens,
        reasoningTokens: r.reasoningTokens,
        params: ((r.request as { params?: Params } | null)?.params ?? {}) as Params,
      }));
  const updates: Prisma.PrismaPromise<unknown>[] = [];
  for (const it of group) {
    const other = group.find((g) => g !== it);
    const mine = rows.filter((r) => r.itemKey === it.key);
    const checks = checkItemSamples(it, answersOf(it.key), other ? answersOf(other.key) : undefined);
    mine.forEach((r, i) => {
      if (r.status !== "done") return;
      const c = checks[i] ?? { pass: false, detail: "no check result" };
      updates.push(
        db.scorecardCall.update({
          where: { id: r.id },
          data: { check: c as unknown as Prisma.InputJsonValue, pass: c.pass, errorClass: c.errorClass ?? null },
        }),
      );
    });
  }
  await db.$transaction(updates);
}

/** Why the claim failed, and what to do with the job. */
async function notClaimed(job: { id: string; name: string; data: ScorecardJobData }, deps: Deps): Promise<"complete" | "leave"> {
  const { db, queue } = deps;
  const call = await db.scorecardCall.findUnique({
    where: { id: job.data.scorecardCallId },
    select: { status: true, runId: true, run: { select: { status: true } } },
  });
  if (!call) return "complete"; // the scorecard was deleted
  if (call.status !== "queued" && call.status !== "running") return "complete";
  const status = call.run.status;
  if (status === "paused") {
    // park the job; resume turns parked jobs back on. Re-check after parking (a resume in between).
    await queue.boss.cancel(job.name, job.id);
    const again = await db.scorecardRun.findUnique({ where: { id: call.runId }, select: { status: true } });
    if (again?.status === "running") await queue.boss.resume(job.name, job.id);
    return "leave";
  }
  if (status !== "running") {
    await db.scorecardCall.updateMany({
      where: { id: job.data.scorecardCallId, status: "queued" },
      data: { status: "cancelled", errorCode: "cancelled", errorMessage: "Not run: the run was stopped.", finishedAt: new Date() },
    });
    await finishRun(db, call.runId, { env: deps.env });
    return "complete";
  }
  throw new RetryScorecardLater("Another worker is running this call.");
}

/**
 * The safety net (run with the answer workers' revive): calls whose worker died get their job
 * failed so pg-boss retries it; queued calls of running runs get their job (idempotent) and parked
 * jobs are turned back on; runs with nothing open are finished.
 */
export async function reviveScorecards(deps: Pick<Deps, "db" | "queue" | "env">): Promise<void> {
  const { db, queue } = deps;
  const runs = await db.scorecardRun.findMany({
    where: { status: { in: ["running", "cancelled"] }, finishedAt: null },
    select: { id: true, status: true },
  });
  for (const run of runs) {
    if (run.status === "running") {
      const stale = await db.$queryRaw<{ id: string; provider: string }[]>`
        SELECT id, provider FROM "ScorecardCall" WHERE "runId" = ${run.id} AND status = 'running' AND "lockedUntil" < now()`;
      if (stale.length) {
        const items = stale.map((c) => ({ answerId: `scorecard:${c.id}`, provider: c.provider }));
        await queue.failStale(items);
        await queue.unpark(items);
      }
      const queued = await db.$queryRaw<{ id: string; provider: string; owner: string }[]>`
        SELECT c.id, c.provider, s."ownerId" AS owner FROM "ScorecardCall" c
        JOIN "ScorecardRun" r ON r.id = c."runId" JOIN "Scorecard" s ON s.id = r."scorecardId"
        WHERE c."runId" = ${run.id} AND c.status = 'queued'
          AND c."updatedAt" < now() - interval '30 seconds'`;
      if (queued.length) {
        await queue.enqueueScorecardCalls(
          queued.map((c) => ({ scorecardCallId: c.id, runId: run.id, provider: c.provider, owner: c.owner })),
        );
        await queue.scorecardJobs(run.id, "unpark");
      }
    } else {
      await cancelQueuedCalls(db, run.id, "cancelled", "Not run: the run was cancelled.");
    }
    await finishRun(db, run.id, { env: deps.env });
  }
}
