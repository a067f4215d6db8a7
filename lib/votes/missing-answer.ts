// What "a missing answer" is, in one place: a pane's answer in a turn that has no text (it failed
// or was stopped before any text, ended empty, was skipped because its model cannot take the
// turn's images or tools, or there is no answer row at all). A vote may not
// credit one: castVote refuses it (409 answer_missing), and the votes stored before that rule that
// do credit one are left out of every statistic (leaderboard, head-to-head, speed board wins,
// preference pairs) and marked in the export. Everything here is SQL so the refusal and the
// statistics use the very same test.
import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

/** The answer row aliased `a` has an answer: some text other than white space. */
const answered = (a: string) => Prisma.sql`${Prisma.raw(`${a}.text`)} ~ '[^[:space:]]'`;

/**
 * SQL condition on a "Vote" row aliased `v` (a fixed alias from code, never input): the vote makes
 * some pane win an outcome ("a" or "b": the best pane, a pane ranked above another, the pairwise
 * winner) whose answer in the voted turn is missing. Ties and "both are bad" credit nobody.
 */
export function creditsMissingAnswer(v: string): Prisma.Sql {
  const vote = (column: string) => Prisma.raw(`${v}."${column}"`);
  return Prisma.sql`EXISTS (
    SELECT 1 FROM "VoteOutcome" mo
      LEFT JOIN "Pane" mp ON mp."comparisonId" = ${vote("comparisonId")}
        AND mp.index = CASE mo.outcome WHEN 'a' THEN mo."paneA" ELSE mo."paneB" END
    WHERE mo."voteId" = ${vote("id")} AND mo.outcome IN ('a', 'b')
      AND NOT EXISTS (SELECT 1 FROM "Answer" ma WHERE ma."turnId" = ${vote("turnId")} AND ma."paneId" = mp.id AND ${answered("ma")})
  )`;
}

/** Ids of the stored votes that credit a missing answer; among `voteIds` when given. */
export async function votesCreditingMissingAnswer(db: PrismaClient, voteIds?: readonly string[]): Promise<Set<string>> {
  if (voteIds && voteIds.length === 0) return new Set();
  const among = voteIds ? Prisma.sql`v.id IN (${Prisma.join(voteIds)}) AND` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT v.id FROM "Vote" v WHERE ${among} ${creditsMissingAnswer("v")}`;
  return new Set(rows.map((r) => r.id));
}

/** A pane of a turn without an answer, and what became of it. */
export type MissingAnswer = {
  pane: number;
  /** null: no answer row for this pane in the turn; skipped: not run (its model takes no images / tools) */
  status: "pending" | "streaming" | "done" | "error" | "stopped" | "skipped" | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorStatus: number | null;
};

/** The panes of a turn whose answer is missing (by pane index). */
export async function missingAnswersOf(db: PrismaClient, turnId: string): Promise<Map<number, MissingAnswer>> {
  const rows = await db.$queryRaw<MissingAnswer[]>`
    SELECT p.index AS pane, a.status::text AS status, a."errorCode", a."errorMessage", a."errorStatus"
    FROM "Turn" t
      JOIN "Pane" p ON p."comparisonId" = t."comparisonId"
      LEFT JOIN "Answer" a ON a."turnId" = t.id AND a."paneId" = p.id
    WHERE t.id = ${turnId} AND NOT COALESCE(${answered("a")}, false)`;
  return new Map(rows.map((r) => [r.pane, r]));
}
