import { requireViewer } from "@/lib/auth/viewer";
import { authorizeSession } from "@/lib/evals/access";
import { myRatings, raterProgress } from "@/lib/evals/queue";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/evals/<id>/ratings/mine: your items in the order taken, with your ratings (sides as shown) and progress
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:rate");
    const [ratings, progress] = await Promise.all([myRatings(id, viewer), raterProgress(id, viewer)]);
    return Response.json({ ratings, progress }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
