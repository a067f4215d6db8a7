// The speed and cost board: per deployment and service tier, latency, throughput, errors and cost
// from the stored answers, and cost per win from the votes. A tier is a row of its own: flex is
// slower and cheaper, priority faster and dearer, and one median over both would describe neither
// (price against speed is the comparison people make). Aggregated in Postgres (percentile_cont), so the rows
// never leave the database: 100k answers take about half a second.
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { providerIds, type ProviderId } from "@/lib/providers/types";
import { creditsMissingAnswer } from "./missing-answer";
import { leaderboardQuerySchema } from "./schema";
import { speedColumns, type SpeedColumns } from "@/lib/calls/speed-sql";

export type SpeedBoardRow = {
  /** catalog model id (the deployment), e.g. "azure:prod-mini" */
  id: string;
  /** the label the deployment had on its latest answer */
  label: string;
  /**
   * the service tier that served these answers: "standard" (none asked for, "default" or "auto"),
   * "flex", "priority" (lib/compare/capabilities.ts); when the provider did not say, the tier asked for
   */
  serviceTier: string;
  provider: string;
  /** finished answers (done, error or stopped) */
  answers: number;
  /** answers that failed (provider errors, timeouts); stopped answers are not errors */
  errors: number;
  errorRate: number;
  /** answers stopped by the person before they finished: counted apart from errors, never in the times */
  stopped: number;
  stoppedRate: number;
  /**
   * done answers measured with the timing split: the times below are over these only (a stopped or
   * failed answer's time says how it ended; rows stored before the split include our set-up)
   */
  timedAnswers: number;
  /** time to first token and total time, the provider's part (from the request being written) */
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  /** output tokens / (totalMs - ttftMs), over done answers with output tokens and totalMs > ttftMs */
  tokensPerSecondP50: number | null;
  totalMsP50: number | null;
  totalMsP95: number | null;
  /** sum of cost / sum of output tokens * 1000, over finished answers with both */
  costPer1kOutputUsd: number | null;
  /** total cost of the finished answers (null: none was priced) */
  costUsd: number | null;
  /** win = 1, tie and both-bad = 0.5, as the leaderboard counts them */
  wins: number;
  /** cost of the answers that took part in voted battles / wins; null when wins = 0 or unpriced */
  costPerWinUsd: number | null;
};

export type SpeedBoard = { rows: SpeedBoardRow[] };

const { from, to } = leaderboardQuerySchema.shape;

/** "openai,azure" -> ["openai", "azure"]; an unknown provider is a 400 naming it. */
const providerList = z.string().transform((s, ctx) => {
  const items = [
    ...new Set(
      s
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = items.filter((p) => !(providerIds as readonly string[]).includes(p));
  if (items.length === 0 || unknown.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `provider must be a comma-separated list of ${providerIds.join(", ")}${unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""}.`,
    });
    return z.NEVER;
  }
  return items as ProviderId[];
});

/** GET /api/v1/leaderboard/speed query string. `to` as a bare date includes that whole day (UTC). */
export const speedBoardQuerySchema = z
  .object({ from, to, provider: providerList.optional() })
  .strict()
  .refine((q) => !q.from || !q.to || new Date(q.from).getTime() <= new Date(q.to).getTime(), {
    message: "from must not be after to.",
    path: ["to"],
  });
export type SpeedBoardQuery = { from?: string; to?: string; provider?: string[] };

const DAY_MS = 86_400_000;
const isDateOnly = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** SQL conditions on Answer `a`, Pane `p` and Comparison `c`: finished, visible, in the window, of the providers (parameterised). */
function answerFilter(query: SpeedBoardQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  // startedAt is a UTC timestamp without zone: compare in UTC whatever the session's TimeZone
  if (query.from) parts.push(Prisma.sql`a."startedAt" >= (${new Date(query.from).toISOString()}::timestamptz AT TIME ZONE 'UTC')`);
  if (query.to) {
    if (isDateOnly(query.to))
      parts.push(
        Prisma.sql`a."startedAt" < (${new Date(new Date(query.to).getTime() + DAY_MS).toISOString()}::timestamptz AT TIME ZONE 'UTC')`,
      );
    else parts.push(Prisma.sql`a."startedAt" <= (${new Date(query.to).toISOString()}::timestamptz AT TIME ZONE 'UTC')`);
  }
  if (query.provider?.length) parts.push(Prisma.sql`p.provider IN (${Prisma.join(query.provider)})`);
  // a sealed blind comparison (lib/compare/service.ts isSealed) withholds its metrics until the
  // vote, so it stays out of the board too: a before/after look must not reveal its models
  parts.push(Prisma.sql`(NOT c.blind OR c."revealedAt" IS NOT NULL)`);
  // a comparison deleted from the history (waiting for Undo, lib/compare/deleted.ts) counts for nothing
  parts.push(Prisma.sql`c."deletedAt" IS NULL`);
  parts.push(Prisma.sql`a.status IN ('done', 'error', 'stopped')`);
  return Prisma.join(parts, " AND ");
}

type AnswerAggregate = SpeedColumns & {
  id: string;
  tier: string;
  label: string;
  provider: string;
  answers: number;
  errors: number;
  stopped: number;
};

type BattleAggregate = { id: string; tier: string; wins: number; battleCostUsd: number | null };

/** An answer's tier as the board groups it (Answer `a`): served, else asked for; "default" and "auto" are "standard". */
const tierOf = Prisma.sql`coalesce(nullif(nullif(coalesce(a."servedTier", a."requestedTier"), 'default'), 'auto'), 'standard')`;

/**
 * Global across the instance (anonymous, like the leaderboard): every user's answers count and
 * only per-deployment aggregates come out. Percentiles are `percentile_cont`, i.e. linear
 * interpolation between the closest ranks (p50 of 100, 200, 400 is 200; of 100, 200 it is 150).
 * Wins count outcomes between two different deployments; the time window applies to when the
 * deployment's answer in that battle started.
 */
export async function computeSpeedBoard(query: SpeedBoardQuery, deps: { db?: PrismaClient } = {}): Promise<SpeedBoard> {
  const db = deps.db ?? getDb();
  const where = answerFilter(query);
  const [answers, battles] = await Promise.all([
    db.$queryRaw<AnswerAggregate[]>`
      SELECT p."modelId" AS id, ${tierOf} AS tier,
        (array_agg(p."modelLabel" ORDER BY a."startedAt" DESC))[1] AS label,
        min(p.provider) AS provider,
        count(*)::int AS answers,
        (count(*) FILTER (WHERE a.status = 'error'))::int AS errors,
        (count(*) FILTER (WHERE a.status = 'stopped'))::int AS stopped,
        ${speedColumns}
      FROM "Answer" a
        JOIN "Pane" p ON p.id = a."paneId"
        JOIN "Comparison" c ON c.id = p."comparisonId"
      WHERE ${where}
      GROUP BY p."modelId", ${tierOf}`,
    // each outcome twice, once per side, with that side's score; then the side's answer in that
    // turn (for the time window and its cost, each answer's cost counted once however many
    // outcomes it took part in: a best-of-4 gives the best answer three wins for one answer)
    db.$queryRaw<BattleAggregate[]>`
      WITH sides AS (
        SELECT o."modelA" AS id, o."paneA" AS pane, v."comparisonId", v."turnId",
          CASE o.outcome WHEN 'a' THEN 1.0 WHEN 'b' THEN 0.0 ELSE 0.5 END AS score
        FROM "VoteOutcome" o JOIN "Vote" v ON v.id = o."voteId"
        WHERE o."modelA" <> o."modelB" AND NOT ${creditsMissingAnswer("v")}
        UNION ALL
        SELECT o."modelB", o."paneB", v."comparisonId", v."turnId",
          CASE o.outcome WHEN 'b' THEN 1.0 WHEN 'a' THEN 0.0 ELSE 0.5 END
        FROM "VoteOutcome" o JOIN "Vote" v ON v.id = o."voteId"
        WHERE o."modelA" <> o."modelB" AND NOT ${creditsMissingAnswer("v")}
      ), battles AS (
        SELECT s.id, ${tierOf} AS tier, s.score, a.id AS "answerId", a."costUsd" AS cost
        FROM sides s
          JOIN "Pane" p ON p."comparisonId" = s."comparisonId" AND p.index = s.pane
          JOIN "Comparison" c ON c.id = p."comparisonId"
          JOIN "Answer" a ON a."turnId" = s."turnId" AND a."paneId" = p.id
        WHERE ${where}
      )
      SELECT w.id, w.tier, w.wins::float8 AS wins, k.cost::float8 AS "battleCostUsd"
      FROM (SELECT id, tier, sum(score) AS wins FROM battles GROUP BY id, tier) w
        LEFT JOIN (SELECT id, tier, sum(cost) AS cost FROM (SELECT DISTINCT id, tier, "answerId", cost FROM battles) d GROUP BY id, tier) k
          ON k.id = w.id AND k.tier = w.tier`,
  ]);

  const byId = new Map(battles.map((b) => [`${b.id}\u0000${b.tier}`, b]));
  const rows = answers.map((r): SpeedBoardRow => {
    const battle = byId.get(`${r.id}\u0000${r.tier}`);
    const wins = battle?.wins ?? 0;
    return {
      id: r.id,
      label: r.label,
      serviceTier: r.tier,
      provider: r.provider,
      answers: r.answers,
      errors: r.errors,
      errorRate: r.answers > 0 ? r.errors / r.answers : 0,
      stopped: r.stopped,
      stoppedRate: r.answers > 0 ? r.stopped / r.answers : 0,
      timedAnswers: r.timedAnswers,
      ttftP50Ms: r.ttftP50Ms,
      ttftP95Ms: r.ttftP95Ms,
      tokensPerSecondP50: r.tokensPerSecondP50,
      totalMsP50: r.totalMsP50,
      totalMsP95: r.totalMsP95,
      costPer1kOutputUsd: r.pricedOutputTokens && r.pricedCostUsd != null ? (r.pricedCostUsd / r.pricedOutputTokens) * 1000 : null,
      costUsd: r.costUsd,
      wins,
      costPerWinUsd: wins > 0 && battle?.battleCostUsd != null ? battle.battleCostUsd / wins : null,
    };
  });
  return { rows: rows.sort(byTtft) };
}

type Sortable = Pick<SpeedBoardRow, "id" | "ttftP50Ms"> & { serviceTier?: string };

/** Fastest first token first; deployments with no done answer last; then by id and tier, for a stable order. */
export function byTtft(x: Sortable, y: Sortable): number {
  const a = x.ttftP50Ms ?? Number.POSITIVE_INFINITY;
  const b = y.ttftP50Ms ?? Number.POSITIVE_INFINITY;
  if (a !== b) return a < b ? -1 : 1;
  const kx = `${x.id}\u0000${x.serviceTier ?? ""}`;
  const ky = `${y.id}\u0000${y.serviceTier ?? ""}`;
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}
