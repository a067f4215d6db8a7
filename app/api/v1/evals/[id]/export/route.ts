import { requireViewer } from "@/lib/auth/viewer";
import { authorizeSession } from "@/lib/evals/access";
import { evalExportQuerySchema, exportSessionResponse } from "@/lib/evals/export";
import { AppError, errorResponse } from "@/lib/errors";
import { parseOrThrow } from "@/lib/http";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/evals/<id>/export?format=csv|jsonl: every answer and every rating (rater ids, votes, scores) as a download
export async function GET(request: Request, ctx: Ctx) {
  try {
    const params = new URL(request.url).searchParams;
    for (const key of new Set(params.keys())) if (params.getAll(key).length > 1) throw new AppError("validation", `${key} is given more than once.`, key);
    const query = parseOrThrow(evalExportQuerySchema, Object.fromEntries(params));
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:read");
    return await exportSessionResponse(id, query);
  } catch (error) {
    return errorResponse(error);
  }
}
