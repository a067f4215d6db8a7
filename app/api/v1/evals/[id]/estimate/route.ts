import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { authorizeSession } from "@/lib/evals/access";
import { estimateCost } from "@/lib/evals/run/service";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/evals/<id>/estimate: the cost estimate of the run, per model, with its assumption
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:read");
    return Response.json(await estimateCost(id));
  } catch (error) {
    return errorResponse(error);
  }
}
