// The leaderboard: Bradley-Terry scores with bootstrap intervals over the stored vote outcomes,
// resampled by vote (each outcome carries its vote id as the bootstrap group).
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { backfillRuleTags } from "@/lib/categories/backfill";
import { leaderboardCategories, unknownCategoryNote, voteCategoryWhere } from "@/lib/categories/filter";
import { notDeleted } from "@/lib/compare/deleted";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getCatalog } from "@/lib/providers/catalog";
import { teamRoleFor, type TeamAccess } from "@/lib/teams/access";
import type { PairOutcome, PairwiseOutcome } from "@/lib/ratings";
import { VersionedCache } from "@/lib/workers/cache";
import { runStats } from "@/lib/workers/pool";
import type { LeaderboardRow as BootstrapRow } from "@/lib/ratings/bootstrap";
import { judgeOutcomes } from "@/lib/judges/outcomes";
import type { VoteSource } from "@/lib/judges/types";
import { votesCreditingMissingAnswer } from "./missing-answer";
import { styleControlFit, type OutcomeAnswers, type StyleCoefficients, type StyleFitSummary } from "./style-control";
import type { LeaderboardQuery } from "./schema";

export type LeaderboardEntry = {
  /** logical model key (groupBy=model) or catalog model id (groupBy=deployment) */
  id: string;
  score: number;
  /** null when the bootstrap never drew one of its votes (only with very few rounds) */
  ciLow: number | null;
  ciHigh: number | null;
  rankUB: number;
  /** pairwise outcomes (a vote on k panes gives this model up to k-1 of them) */
  battles: number;
  /** distinct votes this model took part in: the evidence `provisional` counts */
  votes: number;
  /** votes < minBattles: too little evidence to read much into the score (shown greyed) */
  provisional: boolean;
  /** every vote of this model (or of its group) went one way: the score is capped, the interval open (null) */
  unbounded: boolean;
  wins: number;
  ties: number;
  bothBad: number;
  losses: number;
};

export type Leaderboard = {
  rows: LeaderboardEntry[];
  /** available catalog models (by the same key) without a rated battle in this selection */
  unrated: string[];
  groupBy: LeaderboardQuery["groupBy"];
  mode: LeaderboardQuery["mode"];
  rounds: number;
  seed: number;
  /** rows with fewer votes than this are provisional */
  minBattles: number;
  from: string | null;
  to: string | null;
  provider: string[] | null;
  team: string | null;
  /** whose votes were counted: "human" (default), "judge" (model judges' verdicts) or "all" */
  source: VoteSource;
  /** the categories asked for (every one must be on a vote's prompt), null for all */
  category: string[] | null;
  /** why a board filtered by category is empty: a listed tag is on no voted prompt; else null */
  categoryNote: string | null;
  /** votes in the selection */
  votes: number;
  /** pairwise outcomes fitted (outcomes between two panes of the same key are left out) */
  outcomes: number;
  /** style=control only: the style coefficients, with bootstrap intervals (see README) */
  style?: StyleCoefficients;
  /** style=control only: whether the style fit has a finite estimate, and the outcomes it used */
  styleFit?: StyleFitSummary;
};

const DAY_MS = 86_400_000;
const isDateOnly = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * A bootstrap fit's rows as leaderboard entries (the votes leaderboard and evaluation results).
 * `votes` counts the evidence per row (default: the distinct groups, i.e. votes, of its outcomes);
 * rows with votes < minBattles are provisional.
 */
export function leaderboardEntries(
  rows: readonly BootstrapRow[],
  { minBattles, votes = (r) => r.votes }: { minBattles: number; votes?: (row: BootstrapRow) => number },
): LeaderboardEntry[] {
  return rows.map((r) => ({
    id: r.model,
    score: r.score,
    ciLow: finiteOrNull(r.ciLow),
    ciHigh: finiteOrNull(r.ciHigh),
    rankUB: r.rankUB,
    battles: r.battles,
    votes: votes(r),
    provisional: votes(r) < minBattles,
    unbounded: r.unbounded,
    wins: r.wins,
    ties: r.ties,
    bothBad: r.bothBad,
    losses: r.losses,
  }));
}

type OutcomeQuery = Pick<LeaderboardQuery, "groupBy" | "mode" | "from" | "to" | "provider" | "team" | "category"> & {
  /** whose votes (default "human"): model judges' verdicts count only with "judge" or "all" */
  source?: VoteSource;
};

/**
 * The pairwise outcomes of a selection, keyed by logical model or deployment; same-key pairs are
 * left out. A `team` selection needs comparisons:read in that team (404 otherwise).
 */
export async function loadOutcomes(
  query: OutcomeQuery,
  viewer: Pick<Viewer, "id"> | TeamAccess,
  db: PrismaClient = getDb(),
): Promise<{ outcomes: PairwiseOutcome[]; votes: number }> {
  if (query.team) await teamRoleFor(query.team, viewer, "comparisons:read", db);
  const { outcomes, votes } = await outcomesOf(query, db);
  return { outcomes, votes };
}

/**
 * The outcomes of `source`: people's votes (VoteOutcome rows), model judges' verdicts (Judgement
 * rows, lib/judges/outcomes.ts), or both. Human boards never read the judges' table.
 */
async function outcomesOf(query: OutcomeQuery, db: PrismaClient): Promise<Outcomes> {
  const source = query.source ?? "human";
  const human = source === "judge" ? { outcomes: [], votes: 0, answers: [] } : await humanOutcomesOf(query, db);
  if (source === "human") return human;
  const judged = await judgeOutcomes(query, db);
  return {
    outcomes: [...human.outcomes, ...judged.outcomes],
    votes: human.votes + judged.votes,
    answers: [...human.answers, ...judged.answers],
  };
}

/** Outcomes with, index for index, where their two answers are (style control reads them). */
type Outcomes = { outcomes: PairwiseOutcome[]; votes: number; answers: OutcomeAnswers[] };

async function humanOutcomesOf(query: OutcomeQuery, db: PrismaClient): Promise<Outcomes> {
  const createdAt: { gte?: Date; lt?: Date; lte?: Date } = {};
  if (query.from) createdAt.gte = new Date(query.from);
  if (query.to) {
    if (isDateOnly(query.to)) createdAt.lt = new Date(new Date(query.to).getTime() + DAY_MS);
    else createdAt.lte = new Date(query.to);
  }
  // votes cast before the rule that credit a missing answer count for nothing (missing-answer.ts);
  // new ones are refused, so this set stays small
  const crediting = await votesCreditingMissingAnswer(db);
  // a category filter reads rule tags: tag rows stored before the rules first
  if (query.category?.length) await backfillRuleTags(db);
  const rows = await db.voteOutcome.findMany({
    where: {
      ...(query.from || query.to ? { createdAt } : {}),
      ...(crediting.size > 0 ? { voteId: { notIn: [...crediting] } } : {}),
      vote: {
        ...(query.mode === "all" ? {} : { blind: query.mode === "blind" }),
        // a comparison deleted from the history (waiting for Undo) counts for nothing
        comparison: { ...notDeleted, ...(query.team ? { teamId: query.team } : {}) },
        ...voteCategoryWhere(query.category),
      },
      ...(query.provider ? { providerA: { in: query.provider }, providerB: { in: query.provider } } : {}),
    },
    select: {
      voteId: true,
      modelA: true,
      modelB: true,
      logicalA: true,
      logicalB: true,
      outcome: true,
      // where the two answers are, for style control (lib/votes/style-control.ts)
      paneA: true,
      paneB: true,
      vote: { select: { turnId: true } },
    },
    // a stable order, so the fit sees the same input for the same data
    orderBy: { id: "asc" },
  });
  const byDeployment = query.groupBy === "deployment";
  const outcomes: PairwiseOutcome[] = [];
  const answers: OutcomeAnswers[] = [];
  const voteIds = new Set<string>();
  for (const r of rows) {
    voteIds.add(r.voteId);
    const a = byDeployment ? r.modelA : r.logicalA;
    const b = byDeployment ? r.modelB : r.logicalB;
    if (a === b) continue;
    // the vote is the bootstrap's resampling unit: all outcomes of one vote are drawn together
    outcomes.push({ a, b, outcome: r.outcome as PairOutcome, group: r.voteId });
    answers.push({ turnId: r.vote.turnId, paneA: r.paneA, paneB: r.paneB });
  }
  return { outcomes, votes: voteIds.size, answers };
}

/** The note of a board filtered by an unknown category (lib/categories/filter.ts); null without `category`. */
async function categoryNoteOf(query: OutcomeQuery, viewer: Pick<Viewer, "id"> | TeamAccess, db: PrismaClient): Promise<string | null> {
  if (!query.category?.length) return null;
  const viewerId = "teamId" in viewer ? viewer.viewer.id : viewer.id;
  return unknownCategoryNote(query.category, await leaderboardCategories({ mode: query.mode, team: query.team }, viewerId, db));
}

type BoardFit = {
  votes: number;
  outcomes: number;
  styled: Awaited<ReturnType<typeof styleControlFit>> | null;
  result: { rows: BootstrapRow[] };
};

/** The selection and its fit; the bootstrap runs in a worker thread (lib/workers/pool.ts). */
async function fitBoard(query: LeaderboardQuery, db: PrismaClient): Promise<BoardFit> {
  const { outcomes, votes, answers } = await outcomesOf(query, db);
  // style=control: a fit of its own (lib/votes/style-control.ts); the selection above is shared
  const styled = query.style === "control" ? await styleControlFit(outcomes, answers, query, db) : null;
  const result = styled?.result ?? (await runStats("bootstrapBradleyTerry", outcomes, { rounds: query.rounds, seed: query.seed }));
  return { votes, outcomes: outcomes.length, styled, result };
}

// Fitted boards of this process, by query, each valid while its data version is the database's.
const globalForBoards = globalThis as unknown as { juxtaBoards?: VersionedCache<BoardFit> };
const boards: VersionedCache<BoardFit> = (globalForBoards.juxtaBoards ??= new VersionedCache<BoardFit>());

/** Forgets every fitted board of this process (tests). */
export function clearLeaderboardCache(): void {
  boards.clear();
}

/**
 * The version of the data a board reads: counts and latest times of the rows that make it (vote
 * outcomes, votes, comparisons — a deletion or a move to the trash updates them —, answers (a
 * retried answer changes what a vote credits and its style), judgements). A new, recast or deleted vote changes it. null: not cached
 * (a category filter: tags are backfilled by rules, outside these rows).
 */
async function boardVersion(query: LeaderboardQuery, db: PrismaClient): Promise<string | null> {
  if (query.category?.length) return null;
  const source = query.source ?? "human";
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT
      (SELECT count(*) FROM "VoteOutcome")::text AS outcomes,
      (SELECT max("createdAt") FROM "VoteOutcome")::text AS "outcomeAt",
      (SELECT count(*) FROM "Vote")::text AS votes,
      (SELECT max("updatedAt") FROM "Vote")::text AS "voteAt",
      (SELECT count(*) FROM "Comparison")::text AS comparisons,
      (SELECT max("updatedAt") FROM "Comparison")::text AS "comparisonAt",
      (SELECT count(*) FROM "Answer")::text AS answers,
      (SELECT max("finishedAt") FROM "Answer")::text AS "answerAt"`;
  const parts = [JSON.stringify(rows[0] ?? {})];
  if (source !== "human") {
    const j = await db.$queryRaw<Record<string, unknown>[]>`
      SELECT count(*)::text AS n, max("createdAt")::text AS c, max("finishedAt")::text AS f FROM "Judgement"`;
    parts.push(JSON.stringify(j[0] ?? {}));
  }
  return parts.join("|");
}

/**
 * Global across the instance: every user's votes count, as on Chatbot Arena (a vote is an
 * anonymous pairwise judgement; which comparison it came from is not exposed). `mode` picks blind
 * votes (default), named ones, or all; `from` / `to` filter by when the vote was (last) cast.
 * Same data + same seed => identical numbers. `team`: that team's votes only, for its members
 * whose role has comparisons:read (404 for anyone else, as for a team that does not exist).
 */
export async function computeLeaderboard(
  query: LeaderboardQuery,
  viewer: Pick<Viewer, "id"> | TeamAccess,
  deps: { db?: PrismaClient; env?: Env } = {},
): Promise<Leaderboard> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  // the access check is never cached; the statistics are, per data version (boardVersion)
  if (query.team) await teamRoleFor(query.team, viewer, "comparisons:read", db);
  const categoryNote = await categoryNoteOf(query, viewer, db);
  const version = await boardVersion(query, db);
  const { votes, outcomes, styled, result } = await (version === null
    ? fitBoard(query, db)
    : boards.get(JSON.stringify(query), version, () => fitBoard(query, db)));
  const rated = new Set(result.rows.map((r) => r.model));
  const known = new Set(
    getCatalog(env)
      .filter((m) => m.available && (!query.provider || query.provider.includes(m.provider as never)))
      .map((m) => (query.groupBy === "deployment" ? m.id : m.logicalModel)),
  );
  return {
    rows: leaderboardEntries(result.rows, { minBattles: query.minBattles }),
    unrated: [...known].filter((k) => !rated.has(k)).sort(),
    groupBy: query.groupBy,
    mode: query.mode,
    rounds: query.rounds,
    seed: query.seed,
    minBattles: query.minBattles,
    from: query.from ?? null,
    to: query.to ?? null,
    provider: query.provider ?? null,
    team: query.team ?? null,
    source: query.source ?? "human",
    category: query.category ?? null,
    categoryNote,
    votes,
    outcomes,
    ...(styled ? { style: styled.style, styleFit: styled.fit } : {}),
  };
}
