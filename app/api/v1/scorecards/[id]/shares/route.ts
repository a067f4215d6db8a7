import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { createScorecardShare, listScorecardShares, scorecardSharePath } from "@/lib/scorecards/shares";
import { createShareSchema, expiryFrom } from "@/lib/shares/schema";
import { publicUrl } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

// GET /api/v1/scorecards/<id>/shares: the scorecard's read-only links with their status (never a token)
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:share") },
  async ({ access }) => Response.json({ shares: await listScorecardShares(access) }, { headers: { "cache-control": "no-store" } }),
);

// POST /api/v1/scorecards/<id>/shares: a read-only link ({"expiresInDays"} or {"expiresAt"}, optional); the URL is shown only here
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:share"), body: createShareSchema },
  async ({ access, body, request }) => {
    const { share, token } = await createScorecardShare(access, { expiresAt: expiryFrom(body, new Date()) });
    const url = publicUrl(scorecardSharePath(token), request);
    return Response.json({ ...share, url }, { status: 201, headers: { "cache-control": "no-store" } });
  },
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
