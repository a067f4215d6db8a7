// Background runs of evaluation sessions: the cost estimate, start / pause / resume / cancel and
// the progress. The work itself is done by the workers (worker.ts) through the job queue.
import "server-only";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EvalStatus } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/ids";
import type { Params } from "@/lib/compare/schema";
import { findModel } from "@/lib/providers";
import { sessionFor, type SessionActor } from "../access";
import type { SessionModel } from "../schema";
import { getEvalQueue, type EvalQueue } from "./queue";
import { CAPPED_MAX_OUTPUT_TOKENS, priceAtParams, priceOf } from "./spend";
import { cancelQueued, finalizeSession, queuedAnswers, stopReason } from "./state";
import { admitBackgroundRun } from "@/lib/limits/evals";

export type RunDeps = { db?: PrismaClient; queue?: EvalQueue; env?: Env };

/** Output tokens assumed per answer when the session sets no maxOutputTokens (under a spend cap, the limit sent). */
export const ASSUMED_OUTPUT_TOKENS = CAPPED_MAX_OUTPUT_TOKENS;
/** Characters per token for the input estimate (a common rule of thumb for English text). */
export const CHARS_PER_TOKEN = 4;

// ---------------------------------------------------------------------------------------------
// estimate

export type ModelEstimate = {
  modelId: string;
  label: string;
  providerLabel: string;
  inputTokens: number;
  outputTokens: number;
  /** USD per 1M tokens, or null when the model has no known price */
  price: { input: number; output: number } | null;
  /** null: no price known for this model */
  costUsd: number | null;
};

export type CostEstimate = {
  prompts: number;
  answers: number;
  /** estimated input tokens of the whole prompt set (each model gets the same prompts) */
  inputTokens: number;
  outputTokensPerAnswer: number;
  /** true when the session sets no max output tokens and ASSUMED_OUTPUT_TOKENS is assumed */
  outputAssumed: boolean;
  /** how the numbers were made, in one or two sentences */
  assumption: string;
  models: ModelEstimate[];
  /** sum over the models with a known price */
  totalUsd: number;
  /** models without a price (not in totalUsd) */
  unknownPrices: string[];
  spendCapUsd: number | null;
};

/**
 * What the run will cost at most: input ≈ (system + prompt characters) / 4 tokens at the input
 * price, plus every answer at the max-output-tokens setting at the output price, per model.
 */
export async function estimateCost(sessionId: string, viewer: SessionActor, deps: RunDeps = {}): Promise<CostEstimate> {
  const db = deps.db ?? getDb();
  await sessionFor(sessionId, viewer, "evals:read", db);
  const env = deps.env ?? getEnv();
  const session = await db.evalSession.findUnique({ where: { id: sessionId }, select: { models: true, params: true, spendCapUsd: true } });
  if (!session) throw new AppError("not_found", "This evaluation session does not exist.");
  const [row] = await db.$queryRaw<{ n: number; tokens: bigint | number | null }[]>`
    SELECT count(*)::int AS n,
           COALESCE(SUM(CEIL((length(prompt) + COALESCE(length(system), 0)) / ${CHARS_PER_TOKEN}::numeric)), 0)::bigint AS tokens
    FROM "EvalPrompt" WHERE "sessionId" = ${sessionId}`;
  const prompts = Number(row?.n ?? 0);
  const inputTokens = Number(row?.tokens ?? 0);
  const maxOut = (session.params as { maxOutputTokens?: number } | null)?.maxOutputTokens;
  const outputTokensPerAnswer = maxOut ?? ASSUMED_OUTPUT_TOKENS;
  const models = (session.models as SessionModel[]).map((m): ModelEstimate => {
    // at the service tier the session sends this model, if any (a flex session costs half)
    const found = findModel(m.id, env);
    const standard = m.price ?? found?.price ?? null;
    const p = (found ? priceAtParams(found, standard ?? undefined, (session.params ?? {}) as Params) : standard) ?? null;
    const outputTokens = prompts * outputTokensPerAnswer;
    const costUsd = p ? round12((inputTokens * p.input + outputTokens * p.output) / 1_000_000) : null;
    return {
      modelId: m.id,
      label: m.label,
      providerLabel: m.providerLabel,
      inputTokens,
      outputTokens,
      price: p ? { input: p.input, output: p.output } : null,
      costUsd,
    };
  });
  const unknownPrices = models.filter((m) => m.costUsd === null).map((m) => m.modelId);
  const assumption =
    `Input is estimated at ${CHARS_PER_TOKEN} characters per token of system and user prompt; ` +
    (maxOut
      ? `every answer is counted at the max output tokens setting (${maxOut.toLocaleString("en-US")}), so this is an upper bound.`
      : session.spendCapUsd != null
        ? `the session sets no max output tokens, so under its spend cap every answer is limited to ${ASSUMED_OUTPUT_TOKENS.toLocaleString("en-US")} output tokens (its worst case must be known before it starts).`
        : `the session sets no max output tokens, so ${ASSUMED_OUTPUT_TOKENS.toLocaleString("en-US")} output tokens per answer are assumed (answers may be longer or shorter).`) +
    (unknownPrices.length
      ? ` ${unknownPrices.length === 1 ? "One model has" : `${unknownPrices.length} models have`} no known price and ${unknownPrices.length === 1 ? "is" : "are"} not in the total.`
      : "");
  return {
    prompts,
    answers: prompts * models.length,
    inputTokens,
    outputTokensPerAnswer,
    outputAssumed: maxOut == null,
    assumption,
    models,
    totalUsd: round12(models.reduce((s, m) => s + (m.costUsd ?? 0), 0)),
    unknownPrices,
    spendCapUsd: session.spendCapUsd == null ? null : Number(session.spendCapUsd),
  };
}

/** Rounds away binary noise only (1e-12 USD is far below any price's precision). */
function round12(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}

// ---------------------------------------------------------------------------------------------
// progress

export type ModelProgress = {
  modelId: string;
  label: string;
  done: number;
  failed: number;
  cancelled: number;
  running: number;
  remaining: number;
  /** null: the model has no known price */
  costUsd: number | null;
};

export type RunProgress = {
  status: EvalStatus;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  running: number;
  /** not finished yet: queued or running (before the start: every answer) */
  remaining: number;
  /** cost so far of the models with a known price */
  costUsd: number;
  /** models without a known price (not in costUsd) */
  unpricedModels: string[];
  spendCapUsd: number | null;
  /** why a capped run stopped ("Spend cap reached: $0.0020 of $0.0020 spent or reserved, ..."); null otherwise */
  capReason: string | null;
  /** why the run paused by itself (a spend limit of its owner: lib/limits); null otherwise */
  pauseReason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  byModel: ModelProgress[];
  /** the latest failures, newest first (at most 5) */
  recentErrors: { modelId: string; promptIndex: number; message: string }[];
};

/** The run's progress (evals:read). */
export async function getProgress(sessionId: string, viewer: SessionActor, deps: RunDeps = {}): Promise<RunProgress> {
  const db = deps.db ?? getDb();
  await sessionFor(sessionId, viewer, "evals:read", db);
  return progressOf(sessionId, deps);
}

/** The progress, for the run controls that have checked evals:run already. */
async function progressOf(sessionId: string, deps: RunDeps): Promise<RunProgress> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const session = await db.evalSession.findUnique({
    where: { id: sessionId },
    select: {
      status: true,
      models: true,
      spendCapUsd: true,
      pauseReason: true,
      startedAt: true,
      finishedAt: true,
      _count: { select: { prompts: true } },
    },
  });
  if (!session) throw new AppError("not_found", "This evaluation session does not exist.");
  const [groups, failures, capReason] = await Promise.all([
    db.evalAnswer.groupBy({ by: ["modelId", "status"], where: { sessionId }, _count: { _all: true }, _sum: { costUsd: true } }),
    db.evalAnswer.findMany({
      where: { sessionId, status: "failed" },
      orderBy: { finishedAt: "desc" },
      take: 5,
      select: { modelId: true, errorMessage: true, prompt: { select: { index: true } } },
    }),
    session.status === "capped"
      ? stopReason(db, sessionId, "capped").then((r) => r.message.replace(/^Not generated: /, "").replace(/\.$/, ""))
      : null,
  ]);
  const prompts = session._count.prompts;
  const byModel = (session.models as SessionModel[]).map((m): ModelProgress => {
    const mine = groups.filter((g) => g.modelId === m.id);
    const count = (s: string) => mine.find((g) => g.status === s)?._count._all ?? 0;
    const done = count("done");
    const failed = count("failed");
    const cancelled = count("cancelled");
    return {
      modelId: m.id,
      label: m.label,
      done,
      failed,
      cancelled,
      running: count("running"),
      remaining: Math.max(0, prompts - done - failed - cancelled),
      costUsd: m.price || findModel(m.id, env)?.price ? round12(mine.reduce((s, g) => s + Number(g._sum.costUsd ?? 0), 0)) : null,
    };
  });
  const sum = (k: keyof Pick<ModelProgress, "done" | "failed" | "cancelled" | "running" | "remaining" | "costUsd">) =>
    byModel.reduce((s, m) => s + (m[k] ?? 0), 0);
  return {
    status: session.status,
    total: prompts * byModel.length,
    done: sum("done"),
    failed: sum("failed"),
    cancelled: sum("cancelled"),
    running: sum("running"),
    remaining: sum("remaining"),
    costUsd: round12(sum("costUsd")),
    unpricedModels: byModel.filter((m) => m.costUsd === null).map((m) => m.modelId),
    spendCapUsd: session.spendCapUsd == null ? null : Number(session.spendCapUsd),
    capReason,
    pauseReason: session.status === "paused" ? session.pauseReason : null,
    startedAt: session.startedAt?.toISOString() ?? null,
    finishedAt: session.finishedAt?.toISOString() ?? null,
    byModel,
    recentErrors: failures.map((f) => ({ modelId: f.modelId, promptIndex: f.prompt.index, message: f.errorMessage ?? "Failed." })),
  };
}

// ---------------------------------------------------------------------------------------------
// start / pause / resume / cancel (each checks evals:run itself; routes check it first too)

const statusWords: Record<EvalStatus, string> = {
  draft: "has not been started",
  running: "is already running",
  paused: "is paused",
  cancelled: "was cancelled",
  capped: "stopped at its spend cap",
  completed: "has finished",
};

async function conflict(db: PrismaClient, sessionId: string, action: string): Promise<never> {
  const s = await db.evalSession.findUnique({ where: { id: sessionId }, select: { status: true } });
  throw new AppError("conflict", `Cannot ${action}: the run ${s ? statusWords[s.status] : "does not exist"}.`);
}

/**
 * Starts the run: creates every (prompt x model) answer (the unique (promptId, modelId) makes a
 * second start create nothing) and enqueues one job per answer.
 */
export async function startRun(sessionId: string, viewer: SessionActor, deps: RunDeps = {}): Promise<RunProgress> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  await sessionFor(sessionId, viewer, "evals:run", db);
  const session = await db.evalSession.findUnique({
    where: { id: sessionId },
    select: { status: true, models: true, params: true, spendCapUsd: true, ownerId: true, teamId: true },
  });
  if (!session) throw new AppError("not_found", "This evaluation session does not exist.");
  if (session.status !== "draft") await conflict(db, sessionId, "start the run");
  const models = session.models as SessionModel[];
  const unavailable = models.filter((m) => !findModel(m.id, env)?.available);
  if (unavailable.length)
    throw new AppError(
      "model_unavailable",
      `Cannot start: ${unavailable.map((m) => m.label).join(", ")} ${unavailable.length === 1 ? "is" : "are"} not available on this server (its provider is not configured).`,
      "models",
    );
  // a spend cap needs every answer's worst case before it starts (lib/evals/run/spend.ts)
  const unpriced = session.spendCapUsd == null ? [] : models.filter((m) => !priceOf(m.id, env, (session.params ?? {}) as Params));
  if (unpriced.length)
    throw new AppError(
      "validation",
      `Cannot keep to the spend cap: ${unpriced.map((m) => m.label).join(", ")} ${unpriced.length === 1 ? "has" : "have"} no known price. ` +
        "Set a price for it (JUXTA_PRICES) or remove the spend cap.",
      "spendCapUsd",
    );
  // the limits (lib/limits): the request counts, and the run's worst case must fit the owner's month
  const estimate = await estimateCost(sessionId, viewer, { db, env });
  const bound = session.spendCapUsd == null ? estimate.totalUsd : Math.min(estimate.totalUsd, Number(session.spendCapUsd));
  const starter = { userId: viewer.id, tokenId: (viewer as { tokenId?: string }).tokenId ?? null, teamId: session.teamId };
  await admitBackgroundRun(starter, { userId: session.ownerId, teamId: session.teamId }, bound, { db, env });
  const queue = deps.queue ?? (await getEvalQueue());

  await db.$transaction(
    async (tx) => {
      const { count } = await tx.evalSession.updateMany({
        where: { id: sessionId, status: "draft" },
        data: { status: "running", startedAt: new Date(), finishedAt: null },
      });
      if (!count) await conflict(db, sessionId, "start the run");
      const prompts = await tx.evalPrompt.findMany({ where: { sessionId }, select: { id: true }, orderBy: { index: "asc" } });
      // prompt by prompt, model by model: the answers of one prompt come in together
      const rows = prompts.flatMap((p) => models.map((m) => ({ id: newId(), promptId: p.id, modelId: m.id })));
      // one statement of three arrays, whatever the count (40,000 answers in well under a second)
      await tx.$executeRaw`
        INSERT INTO "EvalAnswer" (id, "sessionId", "promptId", "modelId", "updatedAt")
        SELECT a.id, ${sessionId}, a."promptId", a."modelId", now()
        FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.promptId)}::text[], ${rows.map((r) => r.modelId)}::text[])
          AS a(id, "promptId", "modelId")
        ON CONFLICT ("promptId", "modelId") DO NOTHING`;
    },
    { timeout: 60_000 },
  );
  await queue.enqueue(await queuedAnswers(db, sessionId));
  return progressOf(sessionId, { db });
}

/** Pauses: nothing new starts (answers being generated finish); their jobs wait in the queue. */
export async function pauseRun(sessionId: string, viewer: SessionActor, deps: RunDeps = {}): Promise<RunProgress> {
  const db = deps.db ?? getDb();
  await sessionFor(sessionId, viewer, "evals:run", db);
  const queue = deps.queue ?? (await getEvalQueue());
  const { count } = await db.evalSession.updateMany({ where: { id: sessionId, status: "running" }, data: { status: "paused" } });
  if (!count) await conflict(db, sessionId, "pause");
  await queue.park(await queuedAnswers(db, sessionId));
  return progressOf(sessionId, { db });
}

export async function resumeRun(sessionId: string, viewer: SessionActor, deps: RunDeps = {}): Promise<RunProgress> {
  const db = deps.db ?? getDb();
  await sessionFor(sessionId, viewer, "evals:run", db);
  const queue = deps.queue ?? (await getEvalQueue());
  const { count } = await db.evalSession.updateMany({
    where: { id: sessionId, status: "paused" },
    data: { status: "running", pauseReason: null },
  });
  if (!count) await conflict(db, sessionId, "resume");
  const items = await queuedAnswers(db, sessionId);
  await queue.enqueue(items); // no-op for answers that have their job
  await queue.unpark(items);
  await finalizeSession(db, sessionId); // paused after the last answer: nothing left to do
  return progressOf(sessionId, { db });
}

/** Cancels: queued answers become cancelled and their jobs are removed; running ones finish. */
export async function cancelRun(sessionId: string, viewer: SessionActor, deps: RunDeps = {}): Promise<RunProgress> {
  const db = deps.db ?? getDb();
  await sessionFor(sessionId, viewer, "evals:run", db);
  const queue = deps.queue ?? (await getEvalQueue());
  const { count } = await db.evalSession.updateMany({
    where: { id: sessionId, status: { in: ["running", "paused"] } },
    data: { status: "cancelled" },
  });
  if (!count) await conflict(db, sessionId, "cancel");
  await cancelQueued(db, queue, sessionId, { code: "cancelled", message: "Not generated: the run was cancelled." });
  await finalizeSession(db, sessionId);
  return progressOf(sessionId, { db });
}
