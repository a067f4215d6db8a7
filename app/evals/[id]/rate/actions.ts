"use server";

import { parse, safely } from "@/lib/actions/safe-action";
import { authorizeSession } from "@/lib/evals/access";
import { assignmentIdSchema, nextItem, openAssignment, ratingBodySchema, submitRating } from "@/lib/evals/queue";
import { sessionIdSchema } from "@/lib/evals/schema";
import { AppError } from "@/lib/errors";

// The rating page's actions. Each checks evals:rate on the session (404 for someone without
// access, 403 for a team role without it) and works only on the caller's own items.

const sessionArg = (id: unknown) => {
  if (!sessionIdSchema.safeParse(id).success) throw new AppError("not_found", "This evaluation session does not exist.");
  return id as string;
};

/** The caller's open item, or a newly claimed one; "done" / "not_ready" otherwise. */
export async function nextItemAction(sessionId: unknown) {
  return safely(async (viewer) => {
    return nextItem(await authorizeSession(sessionArg(sessionId), viewer, "evals:rate"));
  });
}

/** One of the caller's earlier items, to review or change its rating. */
export async function openItemAction(sessionId: unknown, assignmentId: unknown) {
  return safely(async (viewer) => {
    const session = await authorizeSession(sessionArg(sessionId), viewer, "evals:rate");
    const assignment = parse(assignmentIdSchema, assignmentId);
    return { state: "item" as const, ...(await openAssignment(session, assignment)) };
  });
}

/** Saves a rating ({assignmentId, outcome?, scores?}, sides as shown), replacing an earlier one. */
export async function submitRatingAction(sessionId: unknown, input: unknown) {
  return safely(async (viewer) => {
    const session = await authorizeSession(sessionArg(sessionId), viewer, "evals:rate");
    const body = parse(ratingBodySchema, input);
    const item = await submitRating(session, body.assignmentId, body);
    return { assignmentId: item.assignmentId, nextId: item.nextId };
  });
}

export type RateActionResult = Awaited<ReturnType<typeof nextItemAction>>;
