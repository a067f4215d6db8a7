import { endpoint, otherMethods } from "@/lib/http/route";
import { computeJudgesTrust, judgesQuerySchema } from "@/lib/judges/trust-data";

export const dynamic = "force-dynamic";

// GET /api/v1/judges?team&mode=blind|named|all&judge&rubric&seed&rounds: how far to trust each judge and rubric against the people's votes
// (instance-wide like the leaderboard, or a team's; computeJudgesTrust checks `team` itself: 404 unless the caller may read it)
export const GET = endpoint({ query: judgesQuerySchema }, async ({ viewer, query }) =>
  Response.json(await computeJudgesTrust(query, viewer)),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
