import { authorizeSession } from "@/lib/evals/access";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { cancelEvalJudging, evalJudgeBodySchema, judgementViews, listEvalPasses, startEvalJudging } from "@/lib/judges/service";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/judgements: the session's judged passes (progress, spend) and their judgements
export const GET = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:read") },
  async ({ access }) =>
    Response.json(
      { passes: await listEvalPasses(access), judgements: await judgementViews(getDb(), { evalSessionId: access.id }) },
      { headers: { "cache-control": "no-store" } },
    ),
);

// POST /api/v1/evals/<id>/judgements {judge, rubric?, spendCapUsd?}: start a judged pass over the session's items (pairwise items in
// both orders, single-answer items graded 1-5) in the background; 202 with the pass (its progress: GET)
export const POST = endpoint(
  { params: idParams, body: evalJudgeBodySchema, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:run") },
  async ({ access, body }) => Response.json({ pass: await startEvalJudging(access, body) }, { status: 202 }),
);

// DELETE /api/v1/evals/<id>/judgements: cancel the running judged pass (queued calls are not made)
export const DELETE = endpoint(
  { params: idParams, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:run") },
  async ({ access }) => Response.json({ pass: await cancelEvalJudging(access) }),
);

export const { PUT, PATCH, HEAD, OPTIONS } = otherMethods({ GET, POST, DELETE });
