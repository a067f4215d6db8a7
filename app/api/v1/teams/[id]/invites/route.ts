import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { requireTeamPermission } from "@/lib/teams/access";
import { linkOrigin } from "@/lib/teams/origin";
import { createInviteSchema } from "@/lib/teams/schema";
import { createInvite, listInvites } from "@/lib/teams/service";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// GET /api/v1/teams/<id>/invites: the team's invitations with their status (never a token; owner and admins)
export async function GET(_request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    return Response.json({ invites: await listInvites((await ctx.params).id, viewer) });
  } catch (error) {
    return errorResponse(error);
  }
}

// POST /api/v1/teams/<id>/invites: a single-use invitation ({"role", "email"?, "expiresInDays"?}); its URL is returned only here
export async function POST(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await ctx.params;
    await requireTeamPermission(id, viewer, "team:invite");
    const input = await readJson(request, createInviteSchema);
    const created = await createInvite(id, input, viewer, { origin: linkOrigin(new URL(request.url).origin) });
    return Response.json({ ...created.invite, url: created.url, mail: created.mail }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
