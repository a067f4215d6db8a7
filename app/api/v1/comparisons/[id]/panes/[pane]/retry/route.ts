import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { paneIndexSchema } from "@/lib/compare/schema";
import { retryPane } from "@/lib/compare/service";
import { followComparison, NDJSON_HEADERS } from "@/lib/compare/stream";
import { AppError, errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// POST /api/v1/comparisons/<id>/panes/<pane>/retry: run one pane's latest answer again
export async function POST(_request: Request, ctx: { params: Promise<{ id: string; pane: string }> }) {
  try {
    const viewer = await requireViewer();
    const params = await ctx.params;
    const { id } = await authorizeComparisonOrThrow(params.id, viewer, "write");
    const index = paneIndexSchema.safeParse(params.pane);
    if (!index.success) throw new AppError("not_found", `This comparison has no pane ${params.pane}.`, "pane");
    await retryPane(id, index.data);
    return new Response(followComparison(id), { headers: NDJSON_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
