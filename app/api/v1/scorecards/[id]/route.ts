import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { updateScorecardSchema } from "@/lib/scorecards/schema";
import { deleteScorecard, updateScorecard } from "@/lib/scorecards/service";
import { scorecardView } from "@/lib/scorecards/view";

export const dynamic = "force-dynamic";

// GET /api/v1/scorecards/<id>: the scorecard (ScorecardView: deployments with metrics, verdicts and summary; runs; history; drifts)
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:read") },
  async ({ access }) => Response.json(await scorecardView(access), { headers: { "cache-control": "no-store" } }),
);

// PATCH /api/v1/scorecards/<id>: change {name?, schedule?, spendCapUsd?, alerts?: {email?, webhooks?}}
export const PATCH = endpoint(
  {
    params: idParams,
    authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:create"),
    body: updateScorecardSchema,
  },
  async ({ access, body }) => {
    await updateScorecard(access, body);
    return Response.json({ id: access.id });
  },
);

// DELETE /api/v1/scorecards/<id>: delete it with its runs (runs under way are cancelled, the schedule removed)
export const DELETE = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:create") },
  async ({ access }) => {
    await deleteScorecard(access);
    return new Response(null, { status: 204 });
  },
);

export const { POST, PUT, HEAD, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
