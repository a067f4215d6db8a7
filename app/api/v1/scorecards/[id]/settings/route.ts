import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { getScorecardSettings } from "@/lib/scorecards/service";

export const dynamic = "force-dynamic";

// GET /api/v1/scorecards/<id>/settings: the settings (deployments, reference, suite, samples, schedule, cap; alert webhooks by origin only) and what the caller may do
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:read") },
  async ({ access }) => Response.json(await getScorecardSettings(access), { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
