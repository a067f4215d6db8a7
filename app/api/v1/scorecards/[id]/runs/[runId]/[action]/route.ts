import { z } from "zod";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { cancelScorecardRun, pauseScorecardRun, resumeScorecardRun } from "@/lib/scorecards/service";

export const dynamic = "force-dynamic";

const actions = { pause: pauseScorecardRun, resume: resumeScorecardRun, cancel: cancelScorecardRun };
const paramsSchema = z.object({
  id: z.string(),
  runId: z.string(),
  // an unknown action is 404 for every method, as for any URL that does not exist
  action: z.enum(["pause", "resume", "cancel"], { error: "There is no such run action: use pause, resume or cancel." }),
});

// POST /api/v1/scorecards/<id>/runs/<runId>/pause: nothing new starts, calls under way finish; the run
// POST /api/v1/scorecards/<id>/runs/<runId>/resume: a paused run goes on; the run
// POST /api/v1/scorecards/<id>/runs/<runId>/cancel: queued calls are cancelled (in one statement), calls under way finish; the run
export const POST = endpoint(
  {
    params: paramsSchema,
    authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:run"),
    body: z.object({}).strict(),
  },
  async ({ params, access }) => Response.json(await actions[params.action](access, params.runId)),
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
