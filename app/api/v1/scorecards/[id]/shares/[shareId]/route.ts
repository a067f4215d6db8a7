import { z } from "zod";
import { endpoint, otherMethods } from "@/lib/http/route";
import { authorizeScorecard } from "@/lib/scorecards/access";
import { revokeScorecardShare } from "@/lib/scorecards/shares";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string(), shareId: z.string() });

// DELETE /api/v1/scorecards/<id>/shares/<shareId>: revoke the link; it shows "not found" from now on
export const DELETE = endpoint(
  { params: paramsSchema, authorize: ({ viewer, params }) => authorizeScorecard(params.id, viewer, "evals:share") },
  async ({ params, access }) => {
    await revokeScorecardShare(access, params.shareId);
    return new Response(null, { status: 204 });
  },
);

export const { GET, POST, PUT, PATCH, HEAD, OPTIONS } = otherMethods({ DELETE });
