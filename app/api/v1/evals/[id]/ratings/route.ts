import { requireViewer } from "@/lib/auth/viewer";
import { authorizeSession } from "@/lib/evals/access";
import { ratingBodySchema, submitRating } from "@/lib/evals/queue";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// POST /api/v1/evals/<id>/ratings: rate one of your items ({"assignmentId", "outcome"?, "scores"?}, sides as shown); rating it again replaces
export async function POST(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:rate");
    const body = await readJson(request, ratingBodySchema);
    const item = await submitRating(id, body.assignmentId, viewer, body);
    return Response.json({ assignmentId: item.assignmentId, outcome: item.outcome, scores: item.scores, ratedAt: item.ratedAt, nextId: item.nextId });
  } catch (error) {
    return errorResponse(error);
  }
}
