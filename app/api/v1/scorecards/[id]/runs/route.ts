import { getDb } from "@/lib/db";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { startRunSchema } from "@/lib/scorecards/schema";
import { runSummaries, startScorecardRun } from "@/lib/scorecards/service";

export const dynamic = "force-dynamic";

// GET /api/v1/scorecards/<id>/runs: the runs with their progress, newest first
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:read") },
  async ({ access }) => Response.json({ runs: await runSummaries(getDb(), access.id, 200) }, { headers: { "cache-control": "no-store" } }),
);

// POST /api/v1/scorecards/<id>/runs: start a run (409 while one is under way); 201 with the run
export const POST = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:run"), body: startRunSchema },
  async ({ access }) => Response.json(await startScorecardRun(access.id, "manual"), { status: 201 }),
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
