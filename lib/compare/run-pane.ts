import { smoothStream, streamText, wrapLanguageModel, type ModelMessage } from "ai";
import type { Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { costUsd, getLanguageModel, type CatalogModel } from "@/lib/providers";
import { AnswerWriter } from "./answer-writer";
import { describeError } from "./describe-error";
import type { ComparisonRun, LivePane } from "./hub";
import { tokensPerSecond } from "./metrics";
import type { Params } from "./schema";

export type PaneJob = {
  run: ComparisonRun;
  live: LivePane;
  model: CatalogModel;
  answerId: string;
  system: string | null;
  messages: ModelMessage[];
  params: Params;
  db: PrismaClient;
  env: Env;
  /** resolves when the rows this pane writes to exist */
  ready: Promise<unknown>;
  /** called once, when the provider call is under way (or the pane ended without one) */
  onDispatch?: () => void;
  /**
   * Pace the text evenly, word by word (blind mode), so a cloud that sends larger chunks cannot
   * be recognised by how its text arrives. Metrics are measured on the provider's own stream,
   * before the pacing, so they stay the cloud's.
   */
  smooth?: boolean;
};

const requestIdHeaders = ["x-request-id", "apim-request-id", "x-amzn-requestid"];

/**
 * Streams one pane's answer from its provider to the hub and the database. Never throws: every
 * failure path of `streamText` (HTTP error, retries exhausted, in-stream error before or after
 * text, dropped connection, abort) ends as a stored status with any partial text kept.
 */
export async function runPane(job: PaneJob): Promise<void> {
  const { run, live, model, env } = job;
  const providerName = model.providerLabel;
  const writer = new AnswerWriter(job.db, job.answerId, job.ready);
  const started = performance.now();
  let attempts = 0;
  let firstTokenAt: number | null = null;
  let providerEndedAt: number | null = null;
  let responseId: string | null = null;
  let requestId: string | null = null;
  let finishReason: string | null = null;
  let usage: { inputTokens?: number; cachedInputTokens?: number; outputTokens?: number; reasoningTokens?: number } = {};
  let failure: unknown = null;
  let aborted = false;
  let dispatched = false;
  const markDispatched = () => {
    if (dispatched) return;
    dispatched = true;
    job.onDispatch?.();
  };

  live.status = "streaming";
  run.emit({ type: "pane-start", pane: live.pane, turn: live.turn, model: model.id });
  writer.update({ status: "streaming", startedAt: new Date() }, { now: true });

  const markFirstToken = () => {
    if (firstTokenAt === null) {
      firstTokenAt = performance.now();
      live.metrics.ttftMs = Math.round(firstTokenAt - started);
    }
  };

  try {
    // Counts provider calls, so "after 3 attempts" is measured rather than assumed.
    const counted = wrapLanguageModel({
      model: getLanguageModel(model, env),
      middleware: {
        specificationVersion: "v3",
        wrapStream: async ({ doStream }) => {
          attempts += 1;
          const call = doStream();
          markDispatched();
          const result = await call;
          // time to first token and total time as the provider delivered them
          const timed = result.stream.pipeThrough(
            new TransformStream({
              transform(part, controller) {
                if ((part.type === "text-delta" || part.type === "reasoning-delta") && part.delta) markFirstToken();
                controller.enqueue(part);
              },
              flush() {
                providerEndedAt = performance.now();
              },
            }),
          );
          return { ...result, stream: timed };
        },
      },
    });
    const result = streamText({
      model: counted,
      system: job.system ?? undefined,
      messages: job.messages,
      temperature: job.params.temperature,
      topP: job.params.topP,
      maxOutputTokens: job.params.maxOutputTokens,
      maxRetries: env.maxRetries,
      abortSignal: live.abort.signal,
      // errors are read from fullStream below; the default handler would only log them
      onError: () => {},
      experimental_transform: job.smooth ? smoothStream({ chunking: "word" }) : undefined,
    });

    for await (const part of result.fullStream) {
      switch (part.type) {
        case "text-delta":
          if (!part.text) break;
          markFirstToken();
          live.text += part.text;
          run.emit({ type: "text-delta", pane: live.pane, turn: live.turn, delta: part.text });
          writer.update({ text: live.text });
          break;
        case "reasoning-delta":
          if (!part.text) break;
          markFirstToken();
          live.reasoning += part.text;
          run.emit({ type: "reasoning-delta", pane: live.pane, turn: live.turn, delta: part.text });
          writer.update({ reasoning: live.reasoning });
          break;
        case "finish-step": {
          responseId = part.response.id || responseId;
          const headers = part.response.headers ?? {};
          requestId = requestIdHeaders.map((h) => headers[h]).find(Boolean) ?? requestId;
          break;
        }
        case "finish":
          finishReason = part.rawFinishReason && part.finishReason === "other" ? part.rawFinishReason : part.finishReason;
          usage = {
            inputTokens: part.totalUsage.inputTokens,
            cachedInputTokens: part.totalUsage.inputTokenDetails?.cacheReadTokens,
            outputTokens: part.totalUsage.outputTokens,
            reasoningTokens: part.totalUsage.outputTokenDetails?.reasoningTokens,
          };
          break;
        case "abort":
          aborted = true;
          break;
        case "error":
          failure ??= part.error;
          break;
      }
    }
  } catch (error) {
    // a dropped connection after output started rejects the iteration itself
    if (live.abort.signal.aborted) aborted = true;
    else failure ??= error;
  }

  markDispatched();
  const totalMs = Math.round((providerEndedAt ?? performance.now()) - started);
  const m = live.metrics;
  m.totalMs = totalMs;
  m.attempts = Math.max(1, attempts);
  m.inputTokens = usage.inputTokens ?? null;
  m.cachedInputTokens = usage.cachedInputTokens ?? null;
  m.outputTokens = usage.outputTokens ?? null;
  m.reasoningTokens = usage.reasoningTokens ?? null;
  m.outputTokensPerSecond = tokensPerSecond(m.outputTokens, m.ttftMs, totalMs);
  m.costUsd =
    usage.inputTokens != null && usage.outputTokens != null
      ? costUsd(model, {
          inputTokens: usage.inputTokens,
          cachedInputTokens: usage.cachedInputTokens,
          outputTokens: usage.outputTokens,
        })
      : null;
  m.finishReason = aborted ? "stopped" : failure ? "error" : finishReason;

  const stored = {
    finishReason: m.finishReason,
    ttftMs: m.ttftMs,
    totalMs,
    attempts: m.attempts,
    inputTokens: m.inputTokens,
    cachedInputTokens: m.cachedInputTokens,
    outputTokens: m.outputTokens,
    reasoningTokens: m.reasoningTokens,
    costUsd: m.costUsd,
    responseId,
    requestId,
    text: live.text,
    reasoning: live.reasoning,
    finishedAt: new Date(),
  };

  if (failure && !aborted) {
    const f = describeError(failure, providerName, m.attempts);
    live.status = "error";
    live.error = { code: f.code, message: f.message };
    requestId ??= f.requestId ?? null;
    writer.update(
      { ...stored, requestId, status: "error", errorCode: f.code, errorMessage: f.message, errorStatus: f.statusCode ?? null },
      { now: true },
    );
    await writer.flush();
    run.emit({
      type: "pane-error",
      pane: live.pane,
      turn: live.turn,
      error: { code: f.code, message: f.message, statusCode: f.statusCode },
      metrics: m,
      responseId,
    });
  } else {
    live.status = aborted ? "stopped" : "done";
    writer.update({ ...stored, status: live.status }, { now: true });
    await writer.flush();
    run.emit({ type: "pane-finish", pane: live.pane, turn: live.turn, status: live.status, metrics: m, responseId });
  }
  run.endPane(live);
}
