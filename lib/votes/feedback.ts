// A person's feedback on the answers of a comparison: thumbs, reason chips and a comment per
// (turn, pane), saved as it is given, with or without a vote. The votes API's `feedback` field
// writes the same rows (replaceTurnFeedback).
import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { assertComparison, type ComparisonAccess } from "@/lib/compare/access";
import { selectedTurn, turnSelect } from "./turn";
import type { Feedback, FeedbackBody } from "./schema";

export type FeedbackView = { pane: number; thumb: "up" | "down" | null; reasons: string[]; comment: string | null };

/** One stored feedback as the API returns it. */
export type StoredFeedback = FeedbackView & { turn: number; updatedAt: string | null };

type Row = { pane: number; thumb: string | null; reasons: string[]; comment: string | null };
type Tx = Prisma.TransactionClient | PrismaClient;

export const feedbackView = (f: Row): FeedbackView => ({
  pane: f.pane,
  thumb: f.thumb as FeedbackView["thumb"],
  reasons: f.reasons,
  comment: f.comment,
});

/** The same feedback with repeated reasons dropped and the comment trimmed (empty = none). */
function normalized(f: { thumb?: "up" | "down" | null; reasons?: readonly string[]; comment?: string | null }) {
  return { thumb: f.thumb ?? null, reasons: [...new Set(f.reasons ?? [])], comment: f.comment?.trim() || null };
}

const isEmpty = (f: ReturnType<typeof normalized>) => f.thumb === null && f.reasons.length === 0 && f.comment === null;

/**
 * The feedback given with a vote (a list over the turn's panes), replacing all the voter's
 * feedback on that turn, inside the vote's transaction. Check the panes first (checkFeedbackPanes).
 */
export async function replaceTurnFeedback(tx: Tx, args: { turnId: string; userId: string; feedback: Feedback[] }): Promise<void> {
  const rows = args.feedback.map((f) => ({ pane: f.pane, ...normalized(f) }));
  await tx.answerFeedback.deleteMany({ where: { turnId: args.turnId, userId: args.userId } });
  const kept = rows.filter((r) => !isEmpty(r));
  if (kept.length > 0)
    await tx.answerFeedback.createMany({ data: kept.map((r) => ({ id: newId(), turnId: args.turnId, userId: args.userId, ...r })) });
}

/** Checks a feedback list against the panes before anything is written (the same 400s as replaceTurnFeedback). */
export function checkFeedbackPanes(feedback: Feedback[] | undefined, paneCount: number): void {
  feedback?.forEach((f, i) => {
    if (f.pane >= paneCount) throw new AppError("validation", `This comparison has no pane ${f.pane}.`, `feedback.${i}.pane`);
  });
}

/**
 * Saves the viewer's feedback on one pane's answer in a turn (comparisons:write): the latest turn
 * unless `turn` is given. Fields left out keep their stored value; feedback left empty is removed
 * (and returned empty). 400 naming `turn` or `pane` when the comparison has no such turn or pane.
 */
export async function saveFeedback(access: ComparisonAccess, body: FeedbackBody, db: PrismaClient = getDb()): Promise<StoredFeedback> {
  const { id: comparisonId } = assertComparison(access, "write");
  const userId = access.viewer.id;
  const comparison = await db.comparison.findUnique({
    where: { id: comparisonId },
    select: {
      _count: { select: { panes: true } },
      turns: turnSelect(body.turn),
    },
  });
  if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
  const turn = selectedTurn(comparison.turns, body.turn, "This comparison has no turns yet.");
  const paneCount = comparison._count.panes;
  if (body.pane >= paneCount)
    throw new AppError("validation", `There is no pane ${body.pane}: this comparison has panes 0 to ${paneCount - 1}.`, "pane");

  const key = { turnId_userId_pane: { turnId: turn.id, userId, pane: body.pane } };
  const write = () =>
    db.$transaction(async (tx) => {
      const stored = await tx.answerFeedback.findUnique({ where: key, select: { thumb: true, reasons: true, comment: true } });
      const next = normalized({
        thumb: body.thumb !== undefined ? body.thumb : (stored?.thumb as FeedbackView["thumb"]),
        reasons: body.reasons ?? stored?.reasons,
        comment: body.comment !== undefined ? body.comment : stored?.comment,
      });
      if (isEmpty(next)) {
        await tx.answerFeedback.deleteMany({ where: { turnId: turn.id, userId, pane: body.pane } });
        return { pane: body.pane, ...next, updatedAt: null };
      }
      const row = await tx.answerFeedback.upsert({
        where: key,
        create: { id: newId(), turnId: turn.id, userId, pane: body.pane, ...next },
        update: next,
        select: { pane: true, thumb: true, reasons: true, comment: true, updatedAt: true },
      });
      return { ...feedbackView(row), updatedAt: row.updatedAt.toISOString() };
    });
  // two first saves at once on the same pane: the loser of the unique race retries as an update
  const saved = await write().catch((error: unknown) => {
    if ((error as { code?: string }).code === "P2002") return write();
    throw error;
  });
  return { turn: turn.index, ...saved };
}

/** The viewer's feedback on a comparison they may read, by turn then pane. */
export async function listFeedback(access: ComparisonAccess, db: PrismaClient = getDb()): Promise<StoredFeedback[]> {
  assertComparison(access, "read");
  const rows = await db.answerFeedback.findMany({
    where: { userId: access.viewer.id, turn: { comparisonId: access.id } },
    select: { pane: true, thumb: true, reasons: true, comment: true, updatedAt: true, turn: { select: { index: true } } },
  });
  return rows
    .map((r) => ({ turn: r.turn.index, ...feedbackView(r), updatedAt: r.updatedAt.toISOString() }))
    .sort((a, b) => a.turn - b.turn || a.pane - b.pane);
}

/** Feedback rows of `userId` on these turns, grouped by turn id (for the votes' `feedback` field). */
export async function feedbackByTurn(db: PrismaClient, userId: string, turnIds: string[]): Promise<Map<string, FeedbackView[]>> {
  const rows = await db.answerFeedback.findMany({
    where: { userId, turnId: { in: turnIds } },
    select: { turnId: true, pane: true, thumb: true, reasons: true, comment: true },
    orderBy: { pane: "asc" },
  });
  const out = new Map<string, FeedbackView[]>();
  for (const r of rows) out.set(r.turnId, [...(out.get(r.turnId) ?? []), feedbackView(r)]);
  return out;
}
