import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { castVote, listVotes, voteBodySchema } from "@/lib/votes";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/comparisons/<id>/votes: the caller's votes on this comparison, with their outcomes
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "read");
    return Response.json({ votes: await listVotes({ comparisonId: id, voterId: viewer.id }) });
  } catch (error) {
    return errorResponse(error);
  }
}

// POST /api/v1/comparisons/<id>/votes: vote on a turn ({"turn"?, "outcome"} | {"turn"?, "best"} | {"turn"?, "ranking"}, "blind"?); replaces the caller's earlier vote on that turn
export async function POST(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "write");
    const body = await readJson(request, voteBodySchema);
    const vote = await castVote({ comparisonId: id, voterId: viewer.id, body });
    return Response.json(vote, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
