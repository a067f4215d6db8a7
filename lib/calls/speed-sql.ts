import "server-only";
// The speed and cost aggregates of stored answers, written once for both answer tables (Answer and
// EvalAnswer have the same fields, lib/calls/answer-fields.ts). `a` is the answer table's alias;
// times are the provider's part (lib/calls/timing.ts). Percentiles are `percentile_cont` (linear
// interpolation between the closest ranks).
import { Prisma } from "@/lib/generated/prisma/client";

export type SpeedColumns = {
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

export const speedColumns = Prisma.sql`
  percentile_cont(0.5) WITHIN GROUP (ORDER BY a."ttftMs") FILTER (WHERE a.status = 'done') AS "ttftP50Ms",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY a."ttftMs") FILTER (WHERE a.status = 'done') AS "ttftP95Ms",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY a."outputTokens"::float8 * 1000 / (a."totalMs" - a."ttftMs"))
    FILTER (WHERE a.status = 'done' AND a."outputTokens" > 0 AND a."totalMs" > a."ttftMs") AS "tokensPerSecondP50",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY a."totalMs") FILTER (WHERE a.status = 'done') AS "totalMsP50",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY a."totalMs") FILTER (WHERE a.status = 'done') AS "totalMsP95",
  sum(a."costUsd")::float8 AS "costUsd",
  (sum(a."costUsd") FILTER (WHERE a."outputTokens" > 0))::float8 AS "pricedCostUsd",
  (sum(a."outputTokens") FILTER (WHERE a."costUsd" IS NOT NULL AND a."outputTokens" > 0))::float8 AS "pricedOutputTokens"`;
