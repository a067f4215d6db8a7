import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { createTeamSchema } from "@/lib/teams/schema";
import { createTeam, listTeams } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

// GET /api/v1/teams: the caller's teams with their role in each
export async function GET() {
  try {
    const viewer = await requireViewer();
    return Response.json({ items: await listTeams(viewer) });
  } catch (error) {
    return errorResponse(error);
  }
}

// POST /api/v1/teams: create a team ({"name"}); the caller is its owner
export async function POST(request: Request) {
  try {
    const viewer = await requireViewer();
    const input = await readJson(request, createTeamSchema);
    return Response.json(await createTeam(input, viewer), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
