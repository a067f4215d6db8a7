import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { submitToolResult } from "@/lib/compare/service";
import { toolResultBodySchema } from "@/lib/compare/tools-schema";
import { idParams } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// POST /api/v1/comparisons/<id>/tool-results: the result of a tool call waiting for one ({turn?, pane, toolCallId, result}); 404 no such call, 409 not waiting
export const POST = endpoint(
  {
    params: idParams,
    authorize: ({ viewer, params }) => authorizeComparisonOrThrow(params.id, viewer, "write"),
    body: toolResultBodySchema,
  },
  async ({ access, body }) => Response.json(await submitToolResult(access, body)),
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
