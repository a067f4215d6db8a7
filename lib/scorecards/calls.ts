// A run's calls for the pages (the items side by side, failures): outputs, timings, checks.
import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { assertScorecard, type ScorecardAccess } from "./access";

export type CallView = {
  id: string;
  deploymentId: string;
  itemKey: string;
  family: string;
  sample: number;
  status: string;
  attempts: number;
  request: unknown;
  requestId: string | null;
  responseId: string | null;
  ttftMs: number | null;
  totalMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  text: string;
  reasoning: string;
  finishReason: string | null;
  toolCalls: unknown;
  error: { code: string; message: string | null; httpStatus: number | null } | null;
  check: unknown;
  pass: boolean | null;
  errorClass: string | null;
};

export async function runCalls(
  access: ScorecardAccess,
  runId: string,
  q: { item?: string; deployment?: string; failed?: string; cursor?: string; limit: number },
  deps: { db?: PrismaClient } = {},
): Promise<{ calls: CallView[]; nextCursor: string | null }> {
  const db = deps.db ?? getDb();
  const { id } = assertScorecard(access, "evals:read");
  const run = await db.scorecardRun.findFirst({ where: { id: runId, scorecardId: id }, select: { id: true } });
  if (!run) throw new AppError("not_found", "This run does not exist.");
  const where: Prisma.ScorecardCallWhereInput = {
    runId,
    ...(q.item ? { itemKey: q.item } : {}),
    ...(q.deployment ? { deploymentId: q.deployment } : {}),
    ...(q.failed ? { OR: [{ pass: false }, { status: "failed" }] } : {}),
  };
  const rows = await db.scorecardCall.findMany({
    where,
    orderBy: [{ itemKey: "asc" }, { deploymentId: "asc" }, { sample: "asc" }, { id: "asc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, q.limit);
  return {
    calls: page.map((c) => ({
      id: c.id,
      deploymentId: c.deploymentId,
      itemKey: c.itemKey,
      family: c.family,
      sample: c.sample,
      status: c.status,
      attempts: c.attempts,
      request: c.request,
      requestId: c.requestId,
      responseId: c.responseId,
      ttftMs: c.ttftMs,
      totalMs: c.totalMs,
      inputTokens: c.inputTokens,
      outputTokens: c.outputTokens,
      reasoningTokens: c.reasoningTokens,
      costUsd: c.costUsd == null ? null : Number(c.costUsd),
      text: c.text,
      reasoning: c.reasoning,
      finishReason: c.finishReason,
      toolCalls: c.toolCalls ?? [],
      error: c.errorCode ? { code: c.errorCode, message: c.errorMessage, httpStatus: c.httpStatus } : null,
      check: c.check,
      pass: c.pass,
      errorClass: c.errorClass,
    })),
    nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}
