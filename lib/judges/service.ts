// Asking a judge: on a comparison turn (every pair of its answered panes, each judged in both
// orders) or over an evaluation session's items (a judged pass). A request makes a JudgePass with
// its Judgements and JudgeCalls and enqueues one job per call on the judge's provider queue
// (lib/judges/worker.ts runs them); the comparison API then waits for them (up to
// JUDGE_WAIT_MS) and answers with the verdicts, or 202 with what is done so far.
import "server-only";
import { z } from "zod";
import type { ComparisonAccess } from "@/lib/compare/access";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertCan, type SessionAccess } from "@/lib/evals/access";
import { getEvalQueue, type EvalQueue } from "@/lib/evals/run/queue";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { findModel, type CatalogModel } from "@/lib/providers";
import { makerOf } from "./maker";
import { BUILTIN_RUBRICS, isBuiltinRubric, rubricHash, RUBRIC_MAX_CHARS } from "./rubrics";
import { cancelQueuedCalls } from "./worker";
import type {
  BuiltinRubricId,
  JudgeCallView,
  JudgementKind,
  JudgementView,
  JudgePassView,
  JudgeOrder,
  JudgeVerdict,
  RawVerdict,
} from "./types";

export type JudgeDeps = { db?: PrismaClient; queue?: EvalQueue; env?: Env; waitMs?: number };

/** How long POST /api/v1/comparisons/<id>/judgements waits for the verdicts before answering 202. */
export const JUDGE_WAIT_MS = 120_000;

const RUBRIC_SHAPE = 'rubric must be "pairwise", "single" or {"text": "..."} (at most 8000 characters).';
/** A built-in rubric id or a user's own text; every problem is reported on `rubric` itself. */
const rubricSchema = z.union([z.string(), z.object({ text: z.string() }).strict()], { error: RUBRIC_SHAPE }).superRefine((value, ctx) => {
  if (typeof value === "string") {
    if (!isBuiltinRubric(value))
      ctx.addIssue({
        code: "custom",
        message: `rubric "${value.slice(0, 40)}" is not a built-in rubric: use "pairwise", "single" or {"text": "..."}.`,
      });
    return;
  }
  if (!value.text.trim()) ctx.addIssue({ code: "custom", message: "rubric.text must not be empty." });
  else if (value.text.length > RUBRIC_MAX_CHARS)
    ctx.addIssue({ code: "custom", message: `rubric is too long: ${value.text.length} characters, at most ${RUBRIC_MAX_CHARS}.` });
});

const judgeField = z
  .string({ error: "judge must be a catalog model id (GET /api/v1/models)." })
  .min(1, "judge must be a catalog model id.")
  .max(300);

/** POST /api/v1/comparisons/<id>/judgements */
export const comparisonJudgeBodySchema = z
  .object({
    judge: judgeField,
    rubric: rubricSchema.optional(),
    turn: z
      .number({ error: "turn must be a turn index (0, 1, ...)." })
      .int("turn must be a whole number.")
      .min(0, "turn must be 0 or more.")
      .optional(),
  })
  .strict();
export type ComparisonJudgeBody = z.infer<typeof comparisonJudgeBodySchema>;

/** POST /api/v1/evals/<id>/judgements */
export const evalJudgeBodySchema = z
  .object({
    judge: judgeField,
    rubric: rubricSchema.optional(),
    /** stop the pass once it has cost this much (USD) */
    spendCapUsd: z
      .number({ error: "spendCapUsd must be a number of USD." })
      .positive("spendCapUsd must be more than 0.")
      .max(100_000)
      .nullable()
      .optional(),
  })
  .strict();
export type EvalJudgeBody = z.infer<typeof evalJudgeBodySchema>;

/** The judge model, or a 400 naming `judge` (unknown, or its provider not configured here). */
export function judgeModel(id: string, env: Env): CatalogModel {
  const model = findModel(id, env);
  if (!model) throw new AppError("unknown_model", `judge: ${id} is not a model of this server's catalog (GET /api/v1/models).`, "judge");
  if (!model.available)
    throw new AppError(
      "model_unavailable",
      `judge: ${model.label} cannot be used: its provider is not configured on this server.`,
      "judge",
    );
  return model;
}

/** The stored rubric row for a request (built-ins are created on first use; a user's text once per hash). */
export async function rubricRow(
  db: PrismaClient,
  rubric: string | { text: string } | undefined,
  kind: JudgementKind,
  userId: string | null,
): Promise<{ id: string; builtin: boolean; name: string }> {
  if (rubric === undefined || typeof rubric === "string") {
    const id = (rubric ?? kind) as BuiltinRubricId;
    const b = BUILTIN_RUBRICS[id];
    const row = await db.judgeRubric.upsert({
      where: { id },
      create: { id, kind: b.kind, builtin: true, name: b.name, text: b.text, textHash: rubricHash(`builtin:${id}:${b.text}`) },
      update: { text: b.text, name: b.name },
      select: { id: true, builtin: true, name: true },
    });
    return row;
  }
  const hash = rubricHash(rubric.text);
  return db.judgeRubric.upsert({
    where: { textHash: hash },
    create: {
      id: `rub_${hash.slice(0, 24)}`,
      kind: null,
      builtin: false,
      name: rubric.text.slice(0, 60),
      text: rubric.text,
      textHash: hash,
      createdById: userId,
    },
    update: {},
    select: { id: true, builtin: true, name: true },
  });
}

function judgeColumns(model: CatalogModel) {
  return {
    judgeModelId: model.id,
    judgeProvider: model.provider,
    judgeLabel: model.label,
    judgeLogical: model.logicalModel,
    judgeMaker: makerOf(model.logicalModel),
    judgeLocation: model.location ?? null,
    judgePrice: model.price ? (model.price as object) : undefined,
  };
}

type CallDraft = { id: string; judgementId: string; order: JudgeOrder };

/** `owner`: the person who asked for the pass (the queues are fair between people) */
async function enqueueCalls(queue: EvalQueue, passId: string, provider: string, owner: string, calls: CallDraft[]): Promise<void> {
  await queue.enqueueJudgeCalls(calls.map((c) => ({ judgeCallId: c.id, passId, provider, owner })));
}

const pairs = (n: number[]) => n.flatMap((a, i) => n.slice(i + 1).map((b) => [a, b] as const));

/**
 * "Ask a judge" on a comparison turn (default: the latest): every pair of panes whose answer is
 * done, in both orders (a rubric of kind single grades each answer instead). Waits for the verdicts
 * up to `waitMs`; `done: false` when some are still running.
 */
export async function askJudge(
  access: ComparisonAccess,
  body: ComparisonJudgeBody,
  deps: JudgeDeps = {},
): Promise<{ done: boolean; pass: JudgePassView; judgements: JudgementView[] }> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const model = judgeModel(body.judge, env);
  const comparison = await db.comparison.findUnique({
    where: { id: access.id },
    select: {
      panes: { orderBy: { index: "asc" }, select: { id: true, index: true, modelId: true, logicalModel: true, provider: true } },
      turns:
        body.turn === undefined
          ? {
              orderBy: { index: "desc" },
              take: 1,
              select: { id: true, index: true, answers: { select: { paneId: true, status: true, text: true } } },
            }
          : {
              where: { index: body.turn },
              select: { id: true, index: true, answers: { select: { paneId: true, status: true, text: true } } },
            },
    },
  });
  if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
  const turn = comparison.turns[0];
  if (!turn)
    throw new AppError(
      "not_found",
      body.turn === undefined ? "This comparison has no turn yet." : `This comparison has no turn ${body.turn}.`,
      "turn",
    );
  const answered = comparison.panes.filter((p) => turn.answers.some((a) => a.paneId === p.id && a.status === "done"));
  const kind: JudgementKind =
    typeof body.rubric === "string" && BUILTIN_RUBRICS[body.rubric as BuiltinRubricId].kind === "single" ? "single" : "pairwise";
  if (kind === "pairwise" && answered.length < 2)
    throw new AppError(
      "validation",
      `Turn ${turn.index} has ${answered.length} finished answer${answered.length === 1 ? "" : "s"}; a judge compares two.`,
      "turn",
    );
  if (kind === "single" && answered.length < 1)
    throw new AppError("validation", `Turn ${turn.index} has no finished answer to grade.`, "turn");
  const rubric = await rubricRow(db, body.rubric, kind, access.viewer.id);
  const passId = newId();
  const judge = judgeColumns(model);
  const calls: CallDraft[] = [];
  const judgements = (kind === "pairwise" ? pairs(answered.map((p) => p.index)) : answered.map((p) => [p.index, null] as const)).map(
    ([ia, ib]) => {
      const a = answered.find((p) => p.index === ia)!;
      const b = ib == null ? null : answered.find((p) => p.index === ib)!;
      const id = newId();
      for (const order of kind === "pairwise" ? (["ab", "ba"] as const) : (["single"] as const))
        calls.push({ id: newId(), judgementId: id, order });
      return {
        id,
        passId,
        kind,
        judgeModelId: model.id,
        judgeLogical: model.logicalModel,
        judgeMaker: judge.judgeMaker,
        rubricId: rubric.id,
        comparisonId: access.id,
        turnId: turn.id,
        paneA: a.index,
        paneB: b?.index ?? null,
        modelA: a.modelId,
        modelB: b?.modelId ?? null,
        logicalA: a.logicalModel,
        logicalB: b?.logicalModel ?? null,
        providerA: a.provider,
        providerB: b?.provider ?? null,
        makerA: makerOf(a.logicalModel),
        makerB: b ? makerOf(b.logicalModel) : null,
      };
    },
  );
  await db.$transaction([
    db.judgePass.create({
      data: {
        id: passId,
        target: "comparison",
        comparisonId: access.id,
        turnId: turn.id,
        requestedById: access.viewer.id,
        ...judge,
        rubricId: rubric.id,
        status: "running",
        startedAt: new Date(),
      },
    }),
    db.judgement.createMany({ data: judgements }),
    db.judgeCall.createMany({ data: calls }),
  ]);
  await enqueueCalls(deps.queue ?? (await getEvalQueue()), passId, model.provider, access.viewer.id, calls);
  const done = await waitForPass(db, passId, deps.waitMs ?? JUDGE_WAIT_MS);
  const views = await judgementViews(db, { passId });
  return { done, pass: (await passView(db, passId))!, judgements: (await sealed(db, access.id)) ? views.map(withoutModels) : views };
}

/** Waits until the pass has nothing open (true) or the time is up (false). */
export async function waitForPass(db: PrismaClient, passId: string, waitMs: number): Promise<boolean> {
  const until = Date.now() + waitMs;
  for (let delay = 25; ; delay = Math.min(500, delay * 1.5)) {
    const open = await db.judgement.count({ where: { passId, status: { in: ["queued", "running"] } } });
    if (open === 0) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(0, until - Date.now()))));
  }
}

/** GET /api/v1/comparisons/<id>/judgements: every judgement on the comparison (or on one turn), newest first. */
export async function listComparisonJudgements(
  access: ComparisonAccess,
  turn: number | undefined,
  deps: JudgeDeps = {},
): Promise<JudgementView[]> {
  const db = deps.db ?? getDb();
  const views = await judgementViews(db, { comparisonId: access.id, ...(turn === undefined ? {} : { turn: { index: turn } }) });
  return (await sealed(db, access.id)) ? views.map(withoutModels) : views;
}

/** A blind comparison not revealed yet: the judged models stay hidden (the judge never sees them either). */
async function sealed(db: PrismaClient, comparisonId: string): Promise<boolean> {
  const c = await db.comparison.findUnique({ where: { id: comparisonId }, select: { blind: true, revealedAt: true } });
  return Boolean(c?.blind && !c.revealedAt);
}

function withoutModels(j: JudgementView): JudgementView {
  return { ...j, models: { a: null, b: null } };
}

/**
 * A judged pass over an evaluation session's items: items with two answers are judged pairwise in
 * both orders, items with one answer are graded 1-5 (the built-in single rubric, or the user's
 * text). Needs evals:run; the session's items must be built (a finished run).
 */
export async function startEvalJudging(session: SessionAccess, body: EvalJudgeBody, deps: JudgeDeps = {}): Promise<JudgePassView> {
  assertCan(session, "evals:run");
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const model = judgeModel(body.judge, env);
  const items = await db.evalItem.findMany({
    where: { sessionId: session.id },
    orderBy: { id: "asc" },
    select: { id: true, answerAId: true, answerBId: true, goldSide: true },
  });
  if (!items.length) throw new AppError("validation", "This session has no items to judge yet: run it to the end first.");
  const open = await db.judgePass.count({ where: { evalSessionId: session.id, status: { in: ["queued", "running"] } } });
  if (open) throw new AppError("conflict", "A judged pass of this session is already running: cancel it or wait for it.");
  const answerIds = items.flatMap((i) => [i.answerAId, i.answerBId]).filter((x): x is string => !!x);
  const answers = new Map(
    (await db.evalAnswer.findMany({ where: { id: { in: answerIds } }, select: { id: true, modelId: true } })).map((a) => [a.id, a.modelId]),
  );
  const sessionRow = await db.evalSession.findUniqueOrThrow({ where: { id: session.id }, select: { models: true } });
  const models = new Map(
    ((sessionRow.models ?? []) as { id: string; logicalModel?: string; provider?: string }[]).map((m) => [m.id, m] as const),
  );
  const asked = body.rubric;
  const pairwiseRubric = await rubricRow(db, asked === "single" ? undefined : asked, "pairwise", session.viewer.id);
  const singleRubric = await rubricRow(db, asked === "pairwise" ? undefined : asked, "single", session.viewer.id);
  const passRubric = asked === "single" ? singleRubric : pairwiseRubric;
  const passId = newId();
  const judge = judgeColumns(model);
  const calls: CallDraft[] = [];
  const side = (id: string | null) => {
    // a gold item's reference side has no answer: it stands for the reference ("reference" model)
    const modelId = id ? (answers.get(id) ?? "unknown") : "reference";
    const m = models.get(modelId);
    const logical = m?.logicalModel ?? modelId;
    return { model: modelId, logical, provider: m?.provider ?? "", maker: makerOf(logical) };
  };
  const judgements = items.flatMap((item): Prisma.JudgementCreateManyInput[] => {
    const a = side(item.answerAId);
    const b = side(item.answerBId);
    const base = {
      passId,
      judgeModelId: model.id,
      judgeLogical: model.logicalModel,
      judgeMaker: judge.judgeMaker,
      evalSessionId: session.id,
      evalItemId: item.id,
    };
    const two = (item.answerAId || item.goldSide === "a") && (item.answerBId || item.goldSide === "b");
    if (two) {
      const id = newId();
      calls.push({ id: newId(), judgementId: id, order: "ab" }, { id: newId(), judgementId: id, order: "ba" });
      return [
        {
          ...base,
          id,
          kind: "pairwise",
          rubricId: pairwiseRubric.id,
          modelA: a.model,
          modelB: b.model,
          logicalA: a.logical,
          logicalB: b.logical,
          providerA: a.provider,
          providerB: b.provider,
          makerA: a.maker,
          makerB: b.maker,
        },
      ];
    }
    const id = newId();
    calls.push({ id: newId(), judgementId: id, order: "single" });
    return [
      {
        ...base,
        id,
        kind: "single",
        rubricId: singleRubric.id,
        side: "a",
        modelA: a.model,
        logicalA: a.logical,
        providerA: a.provider,
        makerA: a.maker,
      },
    ];
  });
  await db.$transaction([
    db.judgePass.create({
      data: {
        id: passId,
        target: "eval",
        evalSessionId: session.id,
        requestedById: session.viewer.id,
        ...judge,
        rubricId: passRubric.id,
        status: "running",
        startedAt: new Date(),
        spendCapUsd: body.spendCapUsd ?? null,
      },
    }),
    db.judgement.createMany({ data: judgements }),
    db.judgeCall.createMany({ data: calls }),
  ]);
  await enqueueCalls(deps.queue ?? (await getEvalQueue()), passId, model.provider, session.viewer.id, calls);
  return (await passView(db, passId))!;
}

/** The session's judged passes, newest first, with their progress. */
export async function listEvalPasses(session: SessionAccess, deps: JudgeDeps = {}): Promise<JudgePassView[]> {
  const db = deps.db ?? getDb();
  const passes = await db.judgePass.findMany({
    where: { evalSessionId: session.id },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return (await Promise.all(passes.map((p) => passView(db, p.id)))).filter((p): p is JudgePassView => !!p);
}

/** Cancels the session's running judged pass: queued calls are not made (those under way finish). */
export async function cancelEvalJudging(session: SessionAccess, deps: JudgeDeps = {}): Promise<JudgePassView | null> {
  assertCan(session, "evals:run");
  const db = deps.db ?? getDb();
  const pass = await db.judgePass.findFirst({
    where: { evalSessionId: session.id, status: { in: ["queued", "running"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, judgeProvider: true },
  });
  if (!pass) throw new AppError("conflict", "No judged pass of this session is running.");
  await db.judgePass.updateMany({ where: { id: pass.id, status: { in: ["queued", "running"] } }, data: { status: "cancelled" } });
  const queued = await db.judgeCall.findMany({ where: { status: "queued", judgement: { passId: pass.id } }, select: { id: true } });
  await cancelQueuedCalls(db, pass.id, "cancelled", "Not judged: the pass was cancelled.");
  const queue = deps.queue ?? (await getEvalQueue());
  await queue.remove(queued.map((c) => ({ answerId: `judge:${c.id}`, provider: pass.judgeProvider })));
  return passView(db, pass.id);
}

// ---------------------------------------------------------------------------------------------
// views

const num = (d: unknown) => (d == null ? null : Number(d));

export async function passView(db: PrismaClient, passId: string): Promise<JudgePassView | null> {
  const p = await db.judgePass.findUnique({
    where: { id: passId },
    select: {
      id: true,
      target: true,
      status: true,
      judgeModelId: true,
      judgeLabel: true,
      judgeLogical: true,
      judgeMaker: true,
      rubric: { select: { id: true, builtin: true, name: true } },
      spendCapUsd: true,
      chargedUsd: true,
      createdAt: true,
      finishedAt: true,
    },
  });
  if (!p) return null;
  const counts = await db.judgement.groupBy({ by: ["status"], where: { passId }, _count: { _all: true } });
  const n = (s: string) => counts.find((c) => c.status === s)?._count._all ?? 0;
  return {
    id: p.id,
    target: p.target as JudgePassView["target"],
    status: p.status,
    judge: { model: p.judgeModelId, label: p.judgeLabel, logicalModel: p.judgeLogical, maker: p.judgeMaker },
    rubric: p.rubric,
    progress: { total: counts.reduce((s, c) => s + c._count._all, 0), done: n("done"), failed: n("failed"), cancelled: n("cancelled") },
    spend: { capUsd: num(p.spendCapUsd), chargedUsd: Number(p.chargedUsd) },
    createdAt: p.createdAt.toISOString(),
    finishedAt: p.finishedAt?.toISOString() ?? null,
  };
}

export async function judgementViews(
  db: PrismaClient,
  where: { passId?: string; comparisonId?: string; turn?: { index: number }; evalSessionId?: string },
): Promise<JudgementView[]> {
  const rows = await db.judgement.findMany({
    where: {
      ...(where.passId ? { passId: where.passId } : {}),
      ...(where.comparisonId ? { comparisonId: where.comparisonId } : {}),
      ...(where.turn ? { turn: { index: where.turn.index } } : {}),
      ...(where.evalSessionId ? { evalSessionId: where.evalSessionId } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { paneA: "asc" }, { paneB: "asc" }],
    include: { rubric: { select: { id: true, builtin: true, name: true } }, turn: { select: { index: true } }, calls: true },
  });
  const ORDER: Record<string, number> = { ab: 0, ba: 1, single: 2 };
  return rows.map((j) => ({
    id: j.id,
    passId: j.passId,
    kind: j.kind as JudgementKind,
    judge: { model: j.judgeModelId, logicalModel: j.judgeLogical, maker: j.judgeMaker },
    rubric: j.rubric,
    target:
      j.comparisonId && j.turn
        ? { type: "comparison" as const, comparisonId: j.comparisonId, turn: j.turn.index, paneA: j.paneA ?? 0, paneB: j.paneB }
        : {
            type: "eval" as const,
            sessionId: j.evalSessionId ?? "",
            itemId: j.evalItemId ?? "",
            side: (j.side as "a" | "b" | null) ?? null,
          },
    models: { a: j.modelA, b: j.modelB },
    status: j.status,
    verdict: (j.verdict as JudgeVerdict | null) ?? null,
    grade: j.grade,
    inconsistent: j.inconsistent,
    costUsd: num(j.costUsd),
    error: j.errorCode ? { code: j.errorCode, message: j.errorMessage ?? "" } : null,
    calls: [...j.calls]
      .sort((x, y) => (ORDER[x.order] ?? 3) - (ORDER[y.order] ?? 3))
      .map((c): JudgeCallView => ({
        order: c.order as JudgeOrder,
        status: c.status,
        rawVerdict: (c.rawVerdict as RawVerdict | null) ?? null,
        verdict: (c.verdict as JudgeVerdict | null) ?? null,
        grade: c.grade,
        reason: c.reason,
        costUsd: num(c.costUsd),
        usage: {
          inputTokens: c.inputTokens,
          outputTokens: c.outputTokens,
          reasoningTokens: c.reasoningTokens,
          cachedInputTokens: c.cachedInputTokens,
        },
        timing: { ttftMs: c.ttftMs, totalMs: c.totalMs },
        requestId: c.requestId,
        responseId: c.responseId,
        attempts: c.attempts,
        error: c.errorCode && c.status !== "done" ? { code: c.errorCode, message: c.errorMessage ?? "" } : null,
      })),
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  }));
}
