import { requireViewer } from "@/lib/auth/viewer";
import { AppError, errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { requireTeamPermission } from "@/lib/teams/access";
import { changeRoleSchema, userIdSchema } from "@/lib/teams/schema";
import { changeRole, removeMember } from "@/lib/teams/service";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string; userId: string }> };

function memberId(raw: string): string {
  const parsed = userIdSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", "This person is not a member of this team.");
  return parsed.data;
}

// PATCH /api/v1/teams/<id>/members/<userId>: change a member's role ({"role": "admin"|"member"|"viewer"}; not the owner's)
export async function PATCH(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const params = await ctx.params;
    await requireTeamPermission(params.id, viewer, "team:manage_members");
    const userId = memberId(params.userId);
    const { role } = await readJson(request, changeRoleSchema);
    return Response.json(await changeRole(params.id, userId, role, viewer));
  } catch (error) {
    return errorResponse(error);
  }
}

// DELETE /api/v1/teams/<id>/members/<userId>: remove a member (never the owner); one's own id: leave the team
export async function DELETE(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const params = await ctx.params;
    const result = await removeMember(params.id, memberId(params.userId), viewer);
    return Response.json(result);
  } catch (error) {
    return errorResponse(error);
  }
}
