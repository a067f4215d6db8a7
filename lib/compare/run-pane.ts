import "server-only";
import type { ModelMessage } from "ai";
import { answerFields } from "@/lib/calls/answer-fields";
import { callModel } from "@/lib/calls/call-model";
import type { Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CatalogModel } from "@/lib/providers";
import { AnswerWriter } from "./answer-writer";
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

/**
 * Streams one pane's answer from its provider (through the one model-call core, lib/calls) to the
 * hub and the database. Never throws: every failure ends as a stored status with any partial
 * text kept.
 */
export async function runPane(job: PaneJob): Promise<void> {
  const { run, live, model, env } = job;
  const writer = new AnswerWriter(job.db, job.answerId, job.ready);

  live.status = "streaming";
  run.emit({ type: "pane-start", pane: live.pane, turn: live.turn, model: model.id });
  writer.update({ status: "streaming", startedAt: new Date() }, { now: true });

  const result = await callModel({
    model,
    env,
    system: job.system,
    messages: job.messages,
    params: job.params,
    signal: live.abort.signal,
    smooth: job.smooth,
    onDispatch: job.onDispatch,
    onFirstToken: (ttftMs) => {
      live.metrics.ttftMs = ttftMs;
    },
    onDelta: ({ type, text }) => {
      if (type === "text") {
        live.text += text;
        run.emit({ type: "text-delta", pane: live.pane, turn: live.turn, delta: text });
        writer.update({ text: live.text });
      } else {
        live.reasoning += text;
        run.emit({ type: "reasoning-delta", pane: live.pane, turn: live.turn, delta: text });
        writer.update({ reasoning: live.reasoning });
      }
    },
  });

  const fields = answerFields(result);
  const m = live.metrics;
  Object.assign(m, {
    setupMs: fields.setupMs,
    responseHeadersMs: fields.responseHeadersMs,
    headersToFirstTokenMs: fields.headersToFirstTokenMs,
    ttftMs: fields.ttftMs,
    totalMs: fields.totalMs,
    attempts: result.attempts,
    inputTokens: fields.inputTokens,
    cachedInputTokens: fields.cachedInputTokens,
    outputTokens: fields.outputTokens,
    reasoningTokens: fields.reasoningTokens,
    outputTokensPerSecond: tokensPerSecond(fields.outputTokens, fields.ttftMs, fields.totalMs),
    costUsd: fields.costUsd,
    usageEstimated: fields.usageEstimated,
    finishReason: fields.finishReason,
    paramsNotSent: fields.paramsNotSent,
    requestedTier: fields.requestedTier,
    servedTier: fields.servedTier,
  });
  live.status = result.status;
  writer.update({ ...fields, attempts: result.attempts, status: result.status, finishedAt: new Date() }, { now: true });
  await writer.flush();

  if (result.failure) {
    const f = result.failure;
    live.error = { code: f.code, message: f.message };
    run.emit({
      type: "pane-error",
      pane: live.pane,
      turn: live.turn,
      error: { code: f.code, message: f.message, statusCode: f.statusCode },
      metrics: m,
      responseId: result.responseId,
    });
  } else {
    run.emit({
      type: "pane-finish",
      pane: live.pane,
      turn: live.turn,
      status: result.status === "stopped" ? "stopped" : "done",
      metrics: m,
      responseId: result.responseId,
    });
  }
  run.endPane(live);
}
