import { requireViewer } from "@/lib/auth/viewer";
import { authorizeSession } from "@/lib/evals/access";
import { computeResults, resultsQuerySchema } from "@/lib/evals/results";
import { errorResponse } from "@/lib/errors";
import { parseOrThrow } from "@/lib/http";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/evals/<id>/results?seed=&rounds=: scores with intervals, matrices, criteria, speed and cost, agreement, votes still needed
export async function GET(request: Request, ctx: Ctx) {
  try {
    const query = parseOrThrow(resultsQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:read");
    return Response.json(await computeResults(id, query), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
