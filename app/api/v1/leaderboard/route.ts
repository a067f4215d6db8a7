import { endpoint, otherMethods } from "@/lib/http/route";
import { requireTeamPermission } from "@/lib/teams/access";
import { computeLeaderboard, leaderboardQuerySchema } from "@/lib/votes";

export const dynamic = "force-dynamic";

// GET /api/v1/leaderboard?groupBy=model|deployment&mode=blind|named|all&rounds&seed&from&to&provider&team: Bradley-Terry scores over every user's votes (global, as on Chatbot Arena), or a team's
export const GET = endpoint(
  {
    query: leaderboardQuerySchema,
    authorize: async ({ viewer, query }) => {
      if (query.team) await requireTeamPermission(query.team, viewer, "comparisons:read");
    },
  },
  async ({ query }) => Response.json(await computeLeaderboard(query)),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
