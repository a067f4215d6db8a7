import "server-only";
import type { ModelMessage } from "ai";
import { answerFields } from "@/lib/calls/answer-fields";
import { callModel } from "@/lib/calls/call-model";
import type { Env } from "@/lib/env";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { metrics } from "@/lib/observability/metrics";
import type { CatalogModel } from "@/lib/providers";
import { AnswerWriter } from "./answer-writer";
import type { ComparisonRun, LivePane } from "./hub";
import { tokensPerSecond } from "./metrics";
import type { Params } from "./schema";
import type { JsonValue, SkipReason, ToolCallRecord, ToolDef } from "./tools-schema";

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
  /** the rows were inserted with this answer already "streaming" (a new comparison): no write of its own at the start */
  startStored?: boolean;
  /** called once, when the provider call is under way (or the pane ended without one) */
  onDispatch?: () => void;
  /**
   * Pace the text evenly, word by word (blind mode), so a cloud that sends larger chunks cannot
   * be recognised by how its text arrives. Metrics are measured on the provider's own stream,
   * before the pacing, so they stay the cloud's.
   */
  smooth?: boolean;
  /** the comparison's tools, step limit and response schema */
  tools?: ToolDef[];
  maxSteps?: number | null;
  responseSchema?: Record<string, JsonValue> | null;
  /** the model cannot take this turn (images, tools): the pane does not run and says why */
  skip?: SkipReason | null;
};

const { DbNull } = Prisma;

const toolCallsJson = (calls: ToolCallRecord[]) => calls.map((c) => ({ ...c })) as unknown as JsonValue[];

/** A pane that does not run: stored and announced as skipped, with its reason; no provider call. */
async function skipPane(job: PaneJob, reason: SkipReason): Promise<void> {
  const { run, live } = job;
  const writer = new AnswerWriter(job.db, job.answerId, job.ready);
  job.onDispatch?.();
  live.status = "skipped";
  live.skipReason = reason;
  run.emit({ type: "pane-start", pane: live.pane, turn: live.turn, model: job.model.id });
  run.emit({ type: "pane-skipped", pane: live.pane, turn: live.turn, reason });
  writer.update({ status: "skipped", skipReason: reason, finishedAt: new Date() }, { now: true });
  await writer.flush();
  metrics.paneEnded(job.model, "skipped", null, null);
  run.endPane(live);
}

/**
 * Streams one pane's answer from its provider (through the one model-call core, lib/calls) to the
 * hub and the database. Never throws: every failure ends as a stored status with any partial
 * text kept.
 */
export async function runPane(job: PaneJob): Promise<void> {
  if (job.skip) return skipPane(job, job.skip);
  const { run, live, model, env } = job;
  const writer = new AnswerWriter(job.db, job.answerId, job.ready);
  const saveToolCalls = () => writer.update({ toolCalls: toolCallsJson(live.toolCalls) }, { now: true });

  live.status = "streaming";
  run.emit({ type: "pane-start", pane: live.pane, turn: live.turn, model: model.id });
  if (!job.startStored) writer.update({ status: "streaming", startedAt: new Date() }, { now: true });

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
    tools: job.tools,
    maxSteps: job.maxSteps ?? undefined,
    responseSchema: job.responseSchema,
    onToolCall: (call) => {
      live.toolCalls.push(call);
      run.emit({ type: "tool-call", pane: live.pane, turn: live.turn, call: { ...call } });
      saveToolCalls();
    },
    onToolResult: (call) => {
      run.emit({
        type: "tool-result",
        pane: live.pane,
        turn: live.turn,
        toolCallId: call.id,
        result: call.result ?? null,
        resultSource: call.resultSource,
      });
      saveToolCalls();
    },
    // a person types the result in (POST .../tool-results resolves it); the wait ends on timeout or stop
    manualResult: (call, waitUntil, signal) =>
      new Promise<JsonValue>((resolve, reject) => {
        const clear = () => {
          if (live.waiting?.toolCallId === call.id) live.waiting = null;
        };
        live.waiting = {
          toolCallId: call.id,
          name: call.name,
          args: call.args,
          timeoutAt: waitUntil.toISOString(),
          resolve: (result) => {
            clear();
            resolve(result);
          },
        };
        signal.addEventListener(
          "abort",
          () => {
            clear();
            reject(new Error("The wait for a tool result ended."));
          },
          { once: true },
        );
        run.emit({
          type: "tool-waiting",
          pane: live.pane,
          turn: live.turn,
          toolCallId: call.id,
          name: call.name,
          args: call.args,
          timeoutAt: waitUntil.toISOString(),
        });
      }),
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
  live.toolCalls = result.toolCalls;
  live.structured = result.structured;
  live.waiting = null;
  metrics.paneEnded(model, result.status, fields.ttftMs, fields.costUsd);
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
      ...(job.responseSchema ? { structured: result.structured } : {}),
    });
  }
  // The final write goes out after the event: no database round trip between the last token and
  // pane-finish. The pane counts as running (and `done` waits) until the write is through, so a
  // reader who sees `done` reads the stored answer.
  writer.update(
    {
      ...fields,
      attempts: result.attempts,
      status: result.status,
      toolCalls: toolCallsJson(result.toolCalls),
      structured: result.structured ?? DbNull,
      finishedAt: new Date(),
    },
    { now: true },
  );

  await writer.flush();
  run.endPane(live);
}
