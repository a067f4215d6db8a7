import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { parseOrThrow } from "@/lib/http";
import { requireTeamPermission } from "@/lib/teams/access";
import { computeLeaderboard, leaderboardQuerySchema } from "@/lib/votes";

export const dynamic = "force-dynamic";

// GET /api/v1/leaderboard?groupBy=model|deployment&mode=blind|named|all&rounds&seed&from&to&provider&team: Bradley-Terry scores over every user's votes (global, as on Chatbot Arena), or a team's
export async function GET(request: Request) {
  try {
    const viewer = await requireViewer();
    const query = parseOrThrow(leaderboardQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    if (query.team) await requireTeamPermission(query.team, viewer, "comparisons:read");
    return Response.json(await computeLeaderboard(query));
  } catch (error) {
    return errorResponse(error);
  }
}
