import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { followComparison, NDJSON_HEADERS } from "@/lib/compare/stream";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/comparisons/<id>/events: the latest turn as NDJSON, from now until every pane ends
export const GET = endpoint(
  // a run started a moment ago is its starter's before its row is committed (see access.ts)
  { params: idParams, authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "read") },
  ({ access }) => new Response(followComparison(access), { headers: NDJSON_HEADERS }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
