// Votes on a comparison's turns: cast (replacing the voter's earlier vote on that turn) and list.
// Both take the `ComparisonAccess` of a check; the voter is the viewer it was made for.
import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { assertComparison, type ComparisonAccess } from "@/lib/compare/access";
import { stopTurnAndSettle } from "@/lib/compare/service";
import { revealEverywhere } from "@/lib/live/runs";
import { missingAnswersOf } from "./missing-answer";
import { assertWinnersAnswered, impliedOutcomes, voteInputOf } from "./outcomes";
import { checkFeedbackPanes, feedbackByTurn, replaceTurnFeedback, type FeedbackView } from "./feedback";
import type { VoteBody, VoteInput, VoteKind } from "./schema";
import { selectedTurn, turnSelect } from "./turn";

export type VoteOutcomeView = {
  paneA: number;
  paneB: number;
  modelA: string;
  modelB: string;
  logicalA: string;
  logicalB: string;
  outcome: string;
};

export type { FeedbackView } from "./feedback";

export type VoteView = {
  id: string;
  comparisonId: string;
  turn: number;
  kind: VoteKind;
  /** cast while the models were hidden (a blind comparison before its reveal) */
  blind: boolean;
  input: VoteInput;
  feedback: FeedbackView[];
  createdAt: string;
  updatedAt: string;
  outcomes: VoteOutcomeView[];
};

const voteInclude = {
  turn: { select: { index: true } },
  outcomes: { orderBy: [{ paneA: "asc" }, { paneB: "asc" }] },
} satisfies Prisma.VoteInclude;

type VoteRow = {
  id: string;
  comparisonId: string;
  turnId: string;
  kind: string;
  blind: boolean;
  input: unknown;
  createdAt: Date;
  updatedAt: Date;
  turn: { index: number };
  outcomes: VoteOutcomeView[];
};

/** A stored vote, with the voter's feedback on its turn (kept apart from the vote: lib/votes/feedback.ts). */
function view(v: VoteRow, feedback: FeedbackView[]): VoteView {
  return {
    id: v.id,
    comparisonId: v.comparisonId,
    turn: v.turn.index,
    kind: v.kind as VoteKind,
    blind: v.blind,
    input: v.input as VoteInput,
    feedback,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    outcomes: v.outcomes.map(({ paneA, paneB, modelA, modelB, logicalA, logicalB, outcome }) => ({
      paneA,
      paneB,
      modelA,
      modelB,
      logicalA,
      logicalB,
      outcome,
    })),
  };
}

/** Stops the voted turn's unfinished panes, on any instance (voting early saves their tokens), and waits for them to end. */
async function stopUnfinished(access: ComparisonAccess, turn: number, db: PrismaClient): Promise<void> {
  await stopTurnAndSettle(access, turn, { db });
}

/**
 * Records the viewer's vote on a turn of the comparison (comparisons:write): the latest turn unless
 * `turn` is given. One vote per person per turn: voting again replaces the vote and its outcomes,
 * in one transaction; `feedback`, when sent, replaces the voter's feedback on the turn (saved
 * apart from the vote, lib/votes/feedback.ts). Invalid input is a 400 naming the field, and
 * nothing is stored. Panes still answering are stopped first; then a vote that would make a pane
 * without an answer win is refused (409 answer_missing). A vote on a blind comparison reveals it;
 * the vote counts as blind only when it was cast before the reveal.
 */
export async function castVote(access: ComparisonAccess, body: VoteBody, db: PrismaClient = getDb()): Promise<VoteView> {
  const { id: comparisonId } = assertComparison(access, "write");
  const voterId = access.viewer.id;
  const { kind, input } = voteInputOf(body);
  const comparison = await db.comparison.findUnique({
    where: { id: comparisonId },
    select: {
      blind: true,
      revealedAt: true,
      panes: { orderBy: { index: "asc" }, select: { index: true, modelId: true, logicalModel: true, provider: true } },
      turns: turnSelect(body.turn),
    },
  });
  if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
  const turn = selectedTurn(comparison.turns, body.turn, "This comparison has no turns to vote on.");
  const panes = comparison.panes;
  const implied = impliedOutcomes(input, panes.length);
  const pane = (i: number) => {
    const p = panes[i];
    if (!p || p.index !== i) throw new AppError("internal", `Pane ${i} of comparison ${comparisonId} is missing.`);
    return p;
  };
  checkFeedbackPanes(body.feedback, panes.length);
  const blind = comparison.blind && comparison.revealedAt === null;
  await stopUnfinished(access, turn.index, db);
  // after the stop, so a pane that got some text before it was stopped may still win
  assertWinnersAnswered(input, implied, await missingAnswersOf(db, turn.id), blind);

  const write = () =>
    db.$transaction(async (tx) => {
      const vote = await tx.vote.upsert({
        where: { turnId_voterId: { turnId: turn.id, voterId } },
        create: { id: newId(), comparisonId, turnId: turn.id, voterId, blind, kind, input },
        update: { blind, kind, input },
        select: { id: true },
      });
      await tx.voteOutcome.deleteMany({ where: { voteId: vote.id } });
      // feedback sent with the vote replaces the voter's feedback on the turn; without it, the
      // feedback saved as it was given stays
      if (body.feedback) await replaceTurnFeedback(tx, { turnId: turn.id, userId: voterId, feedback: body.feedback });
      // the first vote on a blind comparison reveals it (to whoever may see the comparison)
      if (blind) await tx.comparison.updateMany({ where: { id: comparisonId, revealedAt: null }, data: { revealedAt: new Date() } });
      const now = new Date();
      await tx.voteOutcome.createMany({
        data: implied.map((o) => {
          const a = pane(o.paneA);
          const b = pane(o.paneB);
          return {
            id: newId(),
            voteId: vote.id,
            paneA: o.paneA,
            paneB: o.paneB,
            modelA: a.modelId,
            modelB: b.modelId,
            logicalA: a.logicalModel,
            logicalB: b.logicalModel,
            providerA: a.provider,
            providerB: b.provider,
            outcome: o.outcome,
            createdAt: now,
          };
        }),
      });
      return vote.id;
    });
  // two first votes at once on the same turn: the loser of the unique (turnId, voterId) race
  // retries, and its upsert then replaces the winner's vote
  const voteId = await write().catch((error: unknown) => {
    if ((error as { code?: string }).code === "P2002") return write();
    throw error;
  });
  // the runs of the comparison on every instance send unsealed events from now on
  if (blind) revealEverywhere(comparisonId);
  const stored = await db.vote.findUniqueOrThrow({ where: { id: voteId }, include: voteInclude });
  return view(stored, (await feedbackByTurn(db, voterId, [turn.id])).get(turn.id) ?? []);
}

/** The viewer's own votes on a comparison they may read, by turn. */
export async function listVotes(access: ComparisonAccess, db: PrismaClient = getDb()): Promise<VoteView[]> {
  assertComparison(access, "read");
  const rows = await db.vote.findMany({
    where: { comparisonId: access.id, voterId: access.viewer.id },
    include: voteInclude,
    orderBy: { turn: { index: "asc" } },
  });
  const feedback = await feedbackByTurn(
    db,
    access.viewer.id,
    rows.map((r) => r.turnId),
  );
  return rows.map((r) => view(r, feedback.get(r.turnId) ?? []));
}
