import { requireViewer } from "@/lib/auth/viewer";
import { canSee } from "@/lib/compare/access";
import { runs } from "@/lib/compare/hub";
import { comparisonIdSchema } from "@/lib/compare/schema";
import { followComparison, NDJSON_HEADERS } from "@/lib/compare/stream";
import { getDb } from "@/lib/db";
import { AppError, errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/events: the latest turn as NDJSON, from now until every pane ends
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const viewer = await requireViewer();
    const { id } = await ctx.params;
    const notFound = new AppError("not_found", "This comparison does not exist.");
    if (!comparisonIdSchema.safeParse(id).success) throw notFound;
    // A run started a moment ago is live here before its row is committed.
    const live = runs.get(id);
    const ownerId = live ? live.ownerId : (await getDb().comparison.findUnique({ where: { id }, select: { ownerId: true } }))?.ownerId;
    if (ownerId === undefined || !canSee(viewer, ownerId)) throw notFound;
    return new Response(followComparison(id), { headers: NDJSON_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
