import { requireViewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { refreshShareSchema } from "@/lib/shares/schema";
import { refreshShare, revokeShare } from "@/lib/shares/service";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string; shareId: string }> };

// PATCH /api/v1/comparisons/<id>/shares/<shareId>: point the link at the comparison as it is now (body {} or none)
export async function PATCH(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const params = await ctx.params;
    const { id } = await authorizeComparisonOrThrow(params.id, viewer, "write");
    await readJson(request, refreshShareSchema);
    return Response.json(await refreshShare({ comparisonId: id, shareId: params.shareId }));
  } catch (error) {
    return errorResponse(error);
  }
}

// DELETE /api/v1/comparisons/<id>/shares/<shareId>: revoke the link; it shows "not found" from now on
export async function DELETE(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const params = await ctx.params;
    const { id } = await authorizeComparisonOrThrow(params.id, viewer, "write");
    await revokeShare({ comparisonId: id, shareId: params.shareId });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
