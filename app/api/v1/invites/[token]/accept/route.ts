import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { acceptInviteSchema } from "@/lib/teams/schema";
import { acceptInvite } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// POST /api/v1/invites/<token>/accept: join the team with the invitation's role (single use; accepting again changes nothing)
export async function POST(request: Request, ctx: { params: Promise<{ token: string }> }) {
  try {
    const viewer = await requireViewer();
    await readJson(request, acceptInviteSchema);
    return Response.json(await acceptInvite((await ctx.params).token, viewer));
  } catch (error) {
    return errorResponse(error);
  }
}
