import "server-only";
// The speed and cost aggregates of stored answers, written once for both answer tables (Answer and
// EvalAnswer have the same fields, lib/calls/answer-fields.ts). `a` is the answer table's alias;
// times are the provider's part (lib/calls/timing.ts). Percentiles are `percentile_cont` (linear
// interpolation between the closest ranks).
import { Prisma } from "@/lib/generated/prisma/client";

export type SpeedColumns = {
  /** done answers whose times count (measured with the split); the percentiles are over these */
  timedAnswers: number;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tokensPerSecondP50: number | null;
  totalMsP50: number | null;
  totalMsP95: number | null;
  costUsd: number | null;
  /** cost and output tokens of the answers that have both, for cost per 1k output tokens */
  pricedCostUsd: number | null;
  pricedOutputTokens: number | null;
};

/**
 * Answers whose times count: done, and measured with the timing split. Rows stored before the
 * split (setupMs null) have a time to first token that includes our own set-up: their tokens and
 * cost still count, their times do not.
 */
const timed = Prisma.sql`a.status = 'done' AND a."setupMs" IS NOT NULL`;

export const speedColumns = Prisma.sql`
  (count(*) FILTER (WHERE ${timed}))::int AS "timedAnswers",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY a."ttftMs") FILTER (WHERE ${timed}) AS "ttftP50Ms",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY a."ttftMs") FILTER (WHERE ${timed}) AS "ttftP95Ms",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY a."outputTokens"::float8 * 1000 / (a."totalMs" - a."ttftMs"))
    FILTER (WHERE ${timed} AND a."outputTokens" > 0 AND a."totalMs" > a."ttftMs") AS "tokensPerSecondP50",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY a."totalMs") FILTER (WHERE ${timed}) AS "totalMsP50",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY a."totalMs") FILTER (WHERE ${timed}) AS "totalMsP95",
  sum(a."costUsd")::float8 AS "costUsd",
  (sum(a."costUsd") FILTER (WHERE a."outputTokens" > 0))::float8 AS "pricedCostUsd",
  (sum(a."outputTokens") FILTER (WHERE a."costUsd" IS NOT NULL AND a."outputTokens" > 0))::float8 AS "pricedOutputTokens"`;
