import { authorizeSession } from "@/lib/evals/access";
import { evalExportQuerySchema, exportSessionResponse } from "@/lib/evals/export";
import { idParams, singleValuedQuery } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/export?format=csv|jsonl: every answer and every rating (rater ids, votes, scores) as a download
export const GET = endpoint(
  {
    params: idParams,
    // a repeated parameter is ambiguous (which format?): 400 rather than pick one
    query: evalExportQuerySchema,
    queryInput: (url) => singleValuedQuery(url),
    authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:read"),
  },
  ({ access, query }) => exportSessionResponse(access, query),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
