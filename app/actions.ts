"use server";

import { ownedComparison as owned, parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { comparisonOwnerOrThrow } from "@/lib/compare/access";
import { createComparisonSchema, followUpSchema, paneIndexSchema } from "@/lib/compare/schema";
import { getComparisonById, type ComparisonView } from "@/lib/compare/queries";
import { addTurn, retryPane, startComparison, stopPanes, submitToolResult } from "@/lib/compare/service";
import { toolResultBodySchema } from "@/lib/compare/tools-schema";
import { getDb } from "@/lib/db";
import { assertDatabaseUp } from "@/lib/db-health";
import { AppError } from "@/lib/errors";
import { admitComparison, releaseHold, spenderOf } from "@/lib/limits/compare";
import { castVote, feedbackBodySchema, saveFeedback, voteBodySchema, type StoredFeedback, type VoteView } from "@/lib/votes";

// Compare actions; every one goes through `safely` (authenticate, validate, authorize).
export type { ActionResult } from "@/lib/actions/safe-action";

/** Starts a comparison; the browser then follows GET /api/v1/comparisons/<id>/events. */
export async function startComparisonAction(input: unknown): Promise<ActionResult<{ id: string; turn: number }>> {
  return safely(async (viewer) => {
    const parsed = parse(createComparisonSchema, input);
    // a team comparison needs comparisons:write in that team
    const owner = await comparisonOwnerOrThrow(parsed, viewer);
    // nothing is sent to a provider (and paid for) that could not be stored
    await assertDatabaseUp(getDb());
    // over a limit: 429-style error (rate_limited / spend_limit) the form shows
    const hold = await admitComparison(parsed, spenderOf(viewer, owner.teamId));
    try {
      const { id, turn } = startComparison(parsed, owner, { hold });
      return { id, turn };
    } catch (error) {
      await releaseHold(hold);
      throw error;
    }
  });
}

export async function followUpAction(id: unknown, input: unknown): Promise<ActionResult<{ id: string; turn: number }>> {
  return safely(async (viewer) => {
    const access = await owned(id, viewer, "write");
    const { prompt, images } = parse(followUpSchema, input);
    const { turn } = await addTurn(access, prompt, { spender: spenderOf(viewer, access.teamId) }, { images });
    return { id: access.id, turn };
  });
}

/** The result of a tool call waiting for one (a `manual` mock), typed in by the viewer. */
export async function toolResultAction(id: unknown, input: unknown): Promise<ActionResult<{ toolCallId: string }>> {
  return safely(async (viewer) => submitToolResult(await owned(id, viewer, "write"), parse(toolResultBodySchema, input)));
}

export async function stopAction(id: unknown, pane?: unknown): Promise<ActionResult<{ stopped: number }>> {
  return safely(async (viewer) => {
    const access = await owned(id, viewer, "write");
    const index = pane === undefined || pane === null ? undefined : parse(paneIndexSchema, pane);
    return { stopped: await stopPanes(access, index) };
  });
}

export async function retryPaneAction(id: unknown, pane: unknown): Promise<ActionResult<{ pane: number }>> {
  return safely(async (viewer) => {
    const access = await owned(id, viewer, "write");
    const index = parse(paneIndexSchema, pane);
    await retryPane(access, index, { spender: spenderOf(viewer, access.teamId) });
    return { pane: index };
  });
}

/**
 * Votes on a turn (stopping panes still answering) and returns the comparison as the voter may
 * now see it: a blind comparison comes back revealed.
 */
export async function voteAction(id: unknown, input: unknown): Promise<ActionResult<{ vote: VoteView; comparison: ComparisonView }>> {
  return safely(async (viewer) => {
    const access = await owned(id, viewer, "write");
    const vote = await castVote(access, parse(voteBodySchema, input));
    const comparison = await getComparisonById(access);
    if (!comparison) throw new AppError("not_found", "This comparison does not exist.");
    return { vote, comparison };
  });
}

/** Saves the viewer's thumbs / reasons / comment on one pane's answer, with or without a vote. */
export async function saveFeedbackAction(id: unknown, input: unknown): Promise<ActionResult<StoredFeedback>> {
  return safely(async (viewer) => saveFeedback(await owned(id, viewer, "write"), parse(feedbackBodySchema, input)));
}
