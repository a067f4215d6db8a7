import { z } from "zod";
import { authorizeSession } from "@/lib/evals/access";
import { revokeEvalShare } from "@/lib/evals/shares";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string(), shareId: z.string() });

// DELETE /api/v1/evals/<id>/shares/<shareId>: revoke the results link; it shows "not found" from now on
export const DELETE = endpoint(
  { params: paramsSchema, authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:share") },
  async ({ params, access }) => {
    await revokeEvalShare(access, params.shareId);
    return new Response(null, { status: 204 });
  },
);

export const { GET, POST, PUT, PATCH, HEAD, OPTIONS } = otherMethods({ DELETE });
