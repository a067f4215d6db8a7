import { requireViewer } from "@/lib/auth/viewer";
import { authorizeSession } from "@/lib/evals/access";
import { revokeEvalShare } from "@/lib/evals/shares";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string; shareId: string }> };

// DELETE /api/v1/evals/<id>/shares/<shareId>: revoke the results link; it shows "not found" from now on
export async function DELETE(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const params = await ctx.params;
    const { id } = await authorizeSession(params.id, viewer, "evals:share");
    await revokeEvalShare(id, params.shareId);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
