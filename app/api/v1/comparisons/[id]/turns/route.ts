import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { followUpSchema, MAX_COMPARISON_BODY_BYTES } from "@/lib/compare/schema";
import { addTurn } from "@/lib/compare/service";
import { NDJSON_HEADERS, streamNewRun } from "@/lib/compare/stream";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { spenderOf } from "@/lib/limits/compare";

export const dynamic = "force-dynamic";

// POST /api/v1/comparisons/<id>/turns: a follow-up prompt (and images) to every pane, streamed as NDJSON
export const POST = endpoint(
  {
    params: idParams,
    authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"),
    body: followUpSchema,
    maxBytes: MAX_COMPARISON_BODY_BYTES,
  },
  async ({ viewer, access, body }) => {
    const spender = spenderOf(viewer, access.teamId);
    const stream = await streamNewRun((observe) => addTurn(access, body.prompt, { observe, spender }, { images: body.images }));
    return new Response(stream, { headers: NDJSON_HEADERS });
  },
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
