import { requireViewer } from "@/lib/auth/viewer";
import { authorizeSession } from "@/lib/evals/access";
import { parseDesign } from "@/lib/evals/items";
import { nextItem } from "@/lib/evals/queue";
import { getDb } from "@/lib/db";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/evals/<id>/queue/next: your unrated item, or a newly claimed one ({"state": "item" | "done" | "not_ready"}), with your progress
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:rate");
    const session = await getDb().evalSession.findUniqueOrThrow({ where: { id }, select: { instructions: true, design: true } });
    const { pairwise, criteria } = parseDesign(session.design);
    return Response.json({ ...(await nextItem(id, viewer)), instructions: session.instructions, design: { pairwise, criteria } }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
