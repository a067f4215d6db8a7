// The evidence of a run as JSON (GET /api/v1/scorecards/<id>/runs/<runId>/export): the run, the
// suite version, and every call with its exact request parameters, the provider's request and
// response ids, the timings, usage and cost, the raw output (text, reasoning, tool calls, finish
// reason), the error, and the checker's result. Streamed in pages so a 40,000-call run does not
// sit in memory as one string.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { RunSummary } from "./finish";

const PAGE = 500;

export async function runExportStream(db: PrismaClient, scorecardId: string, runId: string): Promise<ReadableStream<Uint8Array>> {
  const run = await db.scorecardRun.findFirst({
    where: { id: runId, scorecardId },
    include: { scorecard: { select: { id: true, name: true, suiteId: true } } },
  });
  if (!run) throw new AppError("not_found", "This run does not exist.");
  const head = {
    kind: "juxta.scorecard-run",
    version: 1,
    exportedAt: new Date().toISOString(),
    scorecard: run.scorecard,
    run: {
      id: run.id,
      status: run.status,
      trigger: run.trigger,
      suiteVersion: run.suiteVersion,
      samples: run.samples,
      referenceId: run.referenceId,
      deployments: run.deployments,
      spendCapUsd: run.spendCapUsd == null ? null : Number(run.spendCapUsd),
      spentUsd: Number(run.chargedUsd),
      stopReason: run.stopReason,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
    },
    summary: (run.summary as RunSummary | null) ?? null,
  };
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let first = true;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const json = JSON.stringify(head);
      controller.enqueue(encoder.encode(`${json.slice(0, -1)},"calls":[`));
    },
    async pull(controller) {
      if (done) return;
      const rows: Awaited<ReturnType<typeof db.scorecardCall.findMany>> = await db.scorecardCall.findMany({
        where: { runId },
        orderBy: { id: "asc" },
        take: PAGE,
        ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      });
      const text = rows
        .map((c) => {
          const row = {
            id: c.id,
            deploymentId: c.deploymentId,
            provider: c.provider,
            itemKey: c.itemKey,
            family: c.family,
            sample: c.sample,
            status: c.status,
            attempts: c.attempts,
            request: c.request,
            requestId: c.requestId,
            responseId: c.responseId,
            timings: {
              setupMs: c.setupMs,
              responseHeadersMs: c.responseHeadersMs,
              headersToFirstTokenMs: c.headersToFirstTokenMs,
              ttftMs: c.ttftMs,
              totalMs: c.totalMs,
            },
            usage: {
              inputTokens: c.inputTokens,
              cachedInputTokens: c.cachedInputTokens,
              outputTokens: c.outputTokens,
              reasoningTokens: c.reasoningTokens,
              estimated: c.usageEstimated,
            },
            costUsd: c.costUsd == null ? null : Number(c.costUsd),
            output: { text: c.text, reasoning: c.reasoning, finishReason: c.finishReason, toolCalls: c.toolCalls ?? [] },
            error: c.errorCode ? { code: c.errorCode, message: c.errorMessage, httpStatus: c.httpStatus } : null,
            check: c.check,
            pass: c.pass,
            errorClass: c.errorClass,
            startedAt: c.startedAt?.toISOString() ?? null,
            finishedAt: c.finishedAt?.toISOString() ?? null,
          };
          const s = JSON.stringify(row);
          const out = first ? s : `,${s}`;
          first = false;
          return out;
        })
        .join("");
      if (text) controller.enqueue(encoder.encode(text));
      if (rows.length < PAGE) {
        controller.enqueue(encoder.encode("]}"));
        done = true;
        controller.close();
        return;
      }
      cursor = rows[rows.length - 1]!.id;
    },
  });
}
