import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { followComparison, NDJSON_HEADERS } from "@/lib/compare/stream";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/events: the latest turn as NDJSON, from now until every pane ends
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const viewer = await requireViewer();
    // a run started a moment ago is its starter's before its row is committed (see access.ts)
    const { id } = await authorizeComparisonOrThrow((await ctx.params).id, viewer, "read");
    return new Response(followComparison(id), { headers: NDJSON_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
