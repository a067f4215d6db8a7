import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { requireTeamPermission } from "@/lib/teams/access";
import { transferSchema } from "@/lib/teams/schema";
import { transferOwnership } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// POST /api/v1/teams/<id>/transfer: make another member the owner ({"userId"}); the caller becomes an admin
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const viewer = await requireViewer();
    const { id } = await ctx.params;
    await requireTeamPermission(id, viewer, "team:transfer");
    const { userId } = await readJson(request, transferSchema);
    return Response.json({ members: await transferOwnership(id, userId, viewer) });
  } catch (error) {
    return errorResponse(error);
  }
}
