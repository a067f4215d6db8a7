import { requireViewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";
import { authorizeSession } from "@/lib/evals/access";
import { runActionBodySchema } from "@/lib/evals/run/schema";
import { pauseRun } from "@/lib/evals/run/service";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// POST /api/v1/evals/<id>/pause: pause a running run: nothing new starts, answers under way finish; answers the progress
export async function POST(request: Request, ctx: Ctx) {
  try {
    const viewer = await requireViewer();
    const { id } = await authorizeSession((await ctx.params).id, viewer, "evals:run");
    await readJson(request, runActionBodySchema);
    return Response.json(await pauseRun(id, viewer));
  } catch (error) {
    return errorResponse(error);
  }
}
