import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { listMembers } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// GET /api/v1/teams/<id>/members: every member with their role (members only)
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const viewer = await requireViewer();
    return Response.json({ members: await listMembers((await ctx.params).id, viewer) });
  } catch (error) {
    return errorResponse(error);
  }
}
