import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { revokeInvite } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// DELETE /api/v1/teams/<id>/invites/<inviteId>: revoke an open invitation; its link is not valid from now on
export async function DELETE(_request: Request, ctx: { params: Promise<{ id: string; inviteId: string }> }) {
  try {
    const viewer = await requireViewer();
    const { id, inviteId } = await ctx.params;
    await revokeInvite(id, inviteId, viewer);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
