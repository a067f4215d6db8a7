import { z } from "zod";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { askJudge, comparisonJudgeBodySchema, listComparisonJudgements } from "@/lib/judges/service";

export const dynamic = "force-dynamic";

const listQuery = z.object({
  turn: z.coerce
    .number({ error: "turn must be a turn index (0, 1, ...)." })
    .int("turn must be a whole number.")
    .min(0, "turn must be 0 or more.")
    .optional(),
});

// GET /api/v1/comparisons/<id>/judgements[?turn=N]: the model judges' verdicts on this comparison (or one turn), newest first
export const GET = endpoint(
  { params: idParams, query: listQuery, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read") },
  async ({ access, query }) => Response.json({ judgements: await listComparisonJudgements(access, query.turn) }),
);

// POST /api/v1/comparisons/<id>/judgements {judge, rubric?, turn?}: a model judges the turn's (default: the latest) pane pairs, each
// in both orders, through the background queue; 200 with the judgements when done, 202 with those so far after 120 s (GET follows them)
export const POST = endpoint(
  {
    params: idParams,
    body: comparisonJudgeBodySchema,
    authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"),
  },
  async ({ access, body }) => {
    const { done, pass, judgements } = await askJudge(access, body);
    return Response.json({ done, pass, judgements }, { status: done ? 200 : 202 });
  },
);

export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });
