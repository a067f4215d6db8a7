import { z } from "zod";
import { authorizeSession } from "@/lib/evals/access";
import { runActionBodySchema } from "@/lib/evals/run/schema";
import { cancelRun, pauseRun, resumeRun, startRun } from "@/lib/evals/run/service";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// The four run controls share one shape: same access (evals:run), same empty body, progress back.
// Static siblings (estimate, export, progress, ...) keep their own routes: Next matches them first.
const actions = { run: startRun, pause: pauseRun, resume: resumeRun, cancel: cancelRun };

const paramsSchema = z.object({
  id: z.string(),
  // an unknown action is 404 for every method, as for any URL that does not exist
  action: z.enum(["run", "pause", "resume", "cancel"], { error: "There is no such evaluation action: use run, pause, resume or cancel." }),
});

// POST /api/v1/evals/<id>/run: start the run: every (prompt x model) answer is generated in the background (409 unless the session is a draft); answers the progress
// POST /api/v1/evals/<id>/pause: pause a running run: nothing new starts, answers under way finish; answers the progress
// POST /api/v1/evals/<id>/resume: resume a paused run; answers the progress
// POST /api/v1/evals/<id>/cancel: cancel a running or paused run: queued answers are cancelled, answers under way finish; answers the progress
export const POST = endpoint(
  { params: paramsSchema, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:run"), body: runActionBodySchema },
  async ({ params, access }) => Response.json(await actions[params.action](access.id, access)),
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST }, { params: paramsSchema });
