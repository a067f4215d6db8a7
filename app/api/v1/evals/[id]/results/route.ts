import { authorizeSession } from "@/lib/evals/access";
import { computeResults, resultsQuerySchema } from "@/lib/evals/results";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/results?seed=&rounds=: scores with intervals, matrices, criteria, speed and cost, agreement, votes still needed
export const GET = endpoint(
  { params: idParams, query: resultsQuerySchema, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:read") },
  async ({ access, query }) => Response.json(await computeResults(access, query), { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
