import { comparisonIdSchema } from "@/lib/compare/schema";
import { followComparison, NDJSON_HEADERS } from "@/lib/compare/stream";
import { AppError, errorResponse } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { runs } from "@/lib/compare/hub";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/events: the latest turn as NDJSON, from now until every pane ends
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    if (!comparisonIdSchema.safeParse(id).success) throw new AppError("not_found", "This comparison does not exist.");
    // A run started a moment ago is live here before its row is committed.
    const exists = runs.has(id) || (await getDb().comparison.findUnique({ where: { id }, select: { id: true } }));
    if (!exists) throw new AppError("not_found", "This comparison does not exist.");
    return new Response(followComparison(id), { headers: NDJSON_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
