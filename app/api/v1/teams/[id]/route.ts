import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { requireTeamPermission } from "@/lib/teams/access";
import { renameTeamSchema } from "@/lib/teams/schema";
import { deleteTeam, getTeam, renameTeam } from "@/lib/teams/service";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/teams/<id>: the team, the caller's role and what it permits (members only)
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    return Response.json(await getTeam((await ctx.params).id, viewer));
  } catch (error) {
    return errorResponse(error);
  }
}

// PATCH /api/v1/teams/<id>: rename ({"name"}; owner and admins)
export async function PATCH(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await ctx.params;
    // who may rename is checked before the body is read: outsiders learn nothing from a 400
    await requireTeamPermission(id, viewer, "team:rename");
    const input = await readJson(request, renameTeamSchema);
    return Response.json(await renameTeam(id, input, viewer));
  } catch (error) {
    return errorResponse(error);
  }
}

// DELETE /api/v1/teams/<id>: delete the team with its comparisons, evaluation sessions and invitations (owner only)
export async function DELETE(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    await deleteTeam((await ctx.params).id, viewer);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
