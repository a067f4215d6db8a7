import { endpoint, otherMethods } from "@/lib/http/route";
import { computeLeaderboard, leaderboardQuerySchema } from "@/lib/votes";

export const dynamic = "force-dynamic";

// GET /api/v1/leaderboard?groupBy=model|deployment&mode=blind|named|all&rounds&seed&from&to&provider&team&style=none|control: Bradley-Terry scores (style=control: adjusted for answer style, with the style coefficients) over every user's votes (global, as on Chatbot Arena), or a team's
// (computeLeaderboard checks `team` itself: 404 unless the caller may read the team's comparisons)
export const GET = endpoint({ query: leaderboardQuerySchema }, async ({ viewer, query }) =>
  Response.json(await computeLeaderboard(query, viewer)),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
