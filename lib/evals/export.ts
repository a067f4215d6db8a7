// Export of a session: every answer, and every rating with its rater id, vote and scores, as
// JSONL (one object per line, `record` = "answer" or "rating") or CSV (one row per record, the
// same `record` column; answer columns are empty on rating rows and the other way round).
// Outcomes and scores are in item terms: "a" is answer_a_id whatever side a rater saw it on.
import "server-only";
import { stringify } from "csv-stringify/sync";
import { chunkStream } from "@/lib/http";
import { csvOptions } from "@/lib/csv/options";
import { z } from "zod";
import { getDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type SessionAccess } from "./access";
import { parseDesign } from "./items";
import type { Scores } from "./queue";
import type { Criterion } from "./schema";

export const evalExportQuerySchema = z
  .object({ format: z.enum(["csv", "jsonl"], { error: 'format must be "csv" or "jsonl".' }).default("jsonl") })
  .strict();
export type EvalExportQuery = z.infer<typeof evalExportQuerySchema>;

const BATCH = 500;

export type ExportedAnswer = {
  record: "answer";
  answerId: string;
  promptIndex: number;
  prompt: string;
  system: string | null;
  reference: string | null;
  tags: string[];
  gold: boolean;
  model: string;
  status: string;
  text: string;
  reasoning: string;
  finishReason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  ttftMs: number | null;
  totalMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  /** tokens and cost estimated from the text (a stopped answer the provider sent no usage for) */
  usageEstimated: boolean;
  /** session parameters this answer's provider was not sent */
  paramsNotSent: string[];
  /** the service tier sent (null: none, or not sent) and the one the provider says served it; costUsd is at the served tier */
  requestedTier: string | null;
  servedTier: string | null;
};

export type ExportedRating = {
  record: "rating";
  itemId: string;
  raterId: string;
  promptIndex: number;
  prompt: string;
  gold: boolean;
  /** gold items: the side showing the reference answer (its answer id is null) */
  goldSide: string | null;
  answerAId: string | null;
  answerBId: string | null;
  modelA: string | null;
  modelB: string | null;
  outcome: string | null;
  /** the model that won, "tie", "both_bad", "reference" (gold), or null (no vote) */
  winner: string | null;
  /** the side each rater saw on the left was answer b */
  swapped: boolean;
  scores: Scores | null;
  claimedAt: string;
  ratedAt: string | null;
};

function winnerOf(outcome: string | null, goldSide: string | null, modelA: string | null, modelB: string | null): string | null {
  if (!outcome) return null;
  if (outcome === "tie" || outcome === "both_bad") return outcome;
  if (goldSide) return outcome === goldSide ? "reference" : outcome === "a" ? modelA : modelB;
  return outcome === "a" ? modelA : modelB;
}

async function* answerBatches(db: PrismaClient, sessionId: string): AsyncGenerator<ExportedAnswer[]> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.evalAnswer.findMany({
      where: { sessionId },
      orderBy: [{ prompt: { index: "asc" } }, { modelId: "asc" }, { id: "asc" }],
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: { prompt: { select: { index: true, prompt: true, system: true, reference: true, tags: true, gold: true } } },
    });
    if (rows.length === 0) return;
    cursor = rows.at(-1)!.id;
    yield rows.map((a) => ({
      record: "answer",
      answerId: a.id,
      promptIndex: a.prompt.index,
      prompt: a.prompt.prompt,
      system: a.prompt.system,
      reference: a.prompt.reference,
      tags: a.prompt.tags,
      gold: a.prompt.gold,
      model: a.modelId,
      status: a.status,
      text: a.text,
      reasoning: a.reasoning,
      finishReason: a.finishReason,
      errorCode: a.errorCode,
      errorMessage: a.errorMessage,
      attempts: a.attempts,
      ttftMs: a.ttftMs,
      totalMs: a.totalMs,
      inputTokens: a.inputTokens,
      outputTokens: a.outputTokens,
      costUsd: a.costUsd == null ? null : Number(a.costUsd),
      usageEstimated: a.usageEstimated,
      paramsNotSent: a.paramsNotSent,
      requestedTier: a.requestedTier,
      servedTier: a.servedTier,
    }));
    if (rows.length < BATCH) return;
  }
}

async function* ratingBatches(db: PrismaClient, sessionId: string): AsyncGenerator<ExportedRating[]> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.evalAssignment.findMany({
      where: { sessionId, ratedAt: { not: null } },
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: {
        item: {
          select: {
            id: true,
            answerAId: true,
            answerBId: true,
            goldSide: true,
            prompt: { select: { index: true, prompt: true, gold: true } },
          },
        },
      },
    });
    if (rows.length === 0) return;
    cursor = rows.at(-1)!.id;
    const ids = rows.flatMap((r) => [r.item.answerAId, r.item.answerBId]).filter((x): x is string => Boolean(x));
    const models = new Map(
      (await db.evalAnswer.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, modelId: true } })).map((a) => [
        a.id,
        a.modelId,
      ]),
    );
    yield rows.map((r) => {
      const modelA = r.item.answerAId ? (models.get(r.item.answerAId) ?? null) : null;
      const modelB = r.item.answerBId ? (models.get(r.item.answerBId) ?? null) : null;
      return {
        record: "rating",
        itemId: r.item.id,
        raterId: r.raterId,
        promptIndex: r.item.prompt.index,
        prompt: r.item.prompt.prompt,
        gold: r.item.goldSide !== null,
        goldSide: r.item.goldSide,
        answerAId: r.item.answerAId,
        answerBId: r.item.answerBId,
        modelA,
        modelB,
        outcome: r.outcome,
        winner: winnerOf(r.outcome, r.item.goldSide, modelA, modelB),
        swapped: r.swapped,
        scores: (r.scores ?? null) as Scores | null,
        claimedAt: r.createdAt.toISOString(),
        ratedAt: r.ratedAt?.toISOString() ?? null,
      };
    });
    if (rows.length < BATCH) return;
  }
}

export function csvColumns(criteria: readonly Criterion[]): string[] {
  return [
    "record",
    "prompt_index",
    "prompt",
    "gold",
    "answer_id",
    "model",
    "status",
    "text",
    "error",
    "ttft_ms",
    "total_ms",
    "input_tokens",
    "output_tokens",
    "cost_usd",
    "usage_estimated",
    "params_not_sent",
    "requested_tier",
    "served_tier",
    "item_id",
    "rater_id",
    "answer_a_id",
    "answer_b_id",
    "model_a",
    "model_b",
    "gold_side",
    "outcome",
    "winner",
    ...criteria.flatMap((c) => [`a_${c.key}`, `b_${c.key}`]),
    "rated_at",
  ];
}

const answerCsv = (a: ExportedAnswer) => ({
  record: "answer",
  prompt_index: a.promptIndex,
  prompt: a.prompt,
  gold: a.gold,
  answer_id: a.answerId,
  model: a.model,
  status: a.status,
  text: a.text,
  error: a.errorMessage,
  ttft_ms: a.ttftMs,
  total_ms: a.totalMs,
  input_tokens: a.inputTokens,
  output_tokens: a.outputTokens,
  cost_usd: a.costUsd,
  usage_estimated: a.usageEstimated,
  params_not_sent: a.paramsNotSent.join(" "),
  requested_tier: a.requestedTier,
  served_tier: a.servedTier,
});

const ratingCsv = (r: ExportedRating, criteria: readonly Criterion[]) => ({
  record: "rating",
  prompt_index: r.promptIndex,
  prompt: r.prompt,
  gold: r.gold,
  item_id: r.itemId,
  rater_id: r.raterId,
  answer_a_id: r.answerAId,
  answer_b_id: r.answerBId,
  model_a: r.modelA,
  model_b: r.modelB,
  gold_side: r.goldSide,
  outcome: r.outcome,
  winner: r.winner,
  ...Object.fromEntries(
    criteria.flatMap((c) => [
      [`a_${c.key}`, r.scores?.a?.[c.key] ?? null],
      [`b_${c.key}`, r.scores?.b?.[c.key] ?? null],
    ]),
  ),
  rated_at: r.ratedAt,
});

async function* exportChunks(
  db: PrismaClient,
  sessionId: string,
  format: EvalExportQuery["format"],
  criteria: readonly Criterion[],
): AsyncGenerator<string> {
  const options = csvOptions(csvColumns(criteria));
  if (format === "csv") yield stringify([], { ...options, header: true });
  for await (const batch of answerBatches(db, sessionId))
    yield format === "csv" ? stringify(batch.map(answerCsv), options) : batch.map((a) => `${JSON.stringify(a)}\n`).join("");
  for await (const batch of ratingBatches(db, sessionId))
    yield format === "csv"
      ? stringify(
          batch.map((r) => ratingCsv(r, criteria)),
          options,
        )
      : batch.map((r) => `${JSON.stringify(r)}\n`).join("");
}

/** "juxta-eval-my-session-2026-11-26.csv" */
export function evalExportFilename(name: string, format: EvalExportQuery["format"], now = new Date()): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "session";
  return `juxta-eval-${slug}-${now.toISOString().slice(0, 10)}.${format}`;
}

/**
 * The download, streamed a batch at a time. The first chunk is produced before the response
 * starts, so a failing query is an error response rather than a cut-off file. Needs evals:read.
 */
export async function exportSessionResponse(
  access: SessionAccess,
  query: EvalExportQuery,
  deps: { db?: PrismaClient; now?: Date } = {},
): Promise<Response> {
  const { id: sessionId } = assertCan(access, "evals:read");
  const db = deps.db ?? getDb();
  const session = await db.evalSession.findUniqueOrThrow({ where: { id: sessionId }, select: { name: true, design: true } });
  const chunks = exportChunks(db, sessionId, query.format, parseDesign(session.design).criteria);
  const body = await chunkStream(chunks);
  return new Response(body, {
    headers: {
      "content-type": query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "content-disposition": `attachment; filename="${evalExportFilename(session.name, query.format, deps.now)}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
